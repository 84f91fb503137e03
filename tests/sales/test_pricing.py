import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from sales.models import DiscountAuthority, IncomingStock, PriceList, PriceListItem, Promotion, QuantityBreak
from sales.services.availability import availability_for
from sales.services.discounts import discount_check
from sales.services.pricing import price_for, vat_rate_on
from tests.factories import CompanyFactory, ProductFactory, UserFactory, _vat_category

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
D = Decimal


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def test_the_list_price_with_its_explanation_and_vat():
    product = ProductFactory(list_price="120.00")

    answer = price_for(product=product, quantity=D(1), date=TODAY)

    assert (answer.unit_price, answer.source, answer.vat_rate) == (D("120.00"), "list", D("21.00"))
    assert answer.explanation == "lijst 120,00\xa0€"


def test_quantity_breaks_apply_from_their_quantity_on():
    product = ProductFactory(list_price="120.00")
    QuantityBreak.objects.create(product=product, min_quantity=10, unit_price="110.00")
    QuantityBreak.objects.create(product=product, min_quantity=50, unit_price="100.00")

    prices = [price_for(product=product, quantity=D(q), date=TODAY).unit_price for q in (9, 10, 49, 50, 500)]

    assert prices == [D("120.00"), D("110.00"), D("110.00"), D("100.00"), D("100.00")]


def test_the_best_of_overlapping_promotions_applies_only_in_its_period():
    product = ProductFactory(list_price="120.00")
    Promotion.objects.create(name="Najaar", starts_on=TODAY, ends_on=TODAY, product=product, discount_percent="10")
    Promotion.objects.create(
        name="Categorie", starts_on=TODAY - datetime.timedelta(days=30), ends_on=TODAY, category=product.category,
        discount_percent="15",
    )  # fmt: skip
    Promotion.objects.create(
        name="Toekomst", starts_on=TODAY + datetime.timedelta(days=1), ends_on=TODAY + datetime.timedelta(days=9),
        product=product, unit_price="50.00",
    )  # fmt: skip

    today = price_for(product=product, quantity=D(1), date=TODAY)
    tomorrow = price_for(product=product, quantity=D(1), date=TODAY + datetime.timedelta(days=1))
    after = price_for(product=product, quantity=D(1), date=TODAY + datetime.timedelta(days=10))

    assert (today.unit_price, today.source) == (D("102.00"), "promotion")
    assert today.explanation == "lijst 120,00\xa0€ → promotie Categorie −15 %"
    assert (tomorrow.unit_price, after.unit_price) == (D("50.00"), D("120.00"))
    assert today.discount_percent == D("15.00")


def test_a_customer_price_list_wins_only_when_it_is_lower_than_the_promotion():
    product = ProductFactory(list_price="120.00")
    horeca = PriceList.objects.create(name="Horeca")
    PriceListItem.objects.create(price_list=horeca, product=product, discount_percent="20")
    PriceListItem.objects.create(price_list=horeca, product=product, min_quantity=100, unit_price="90.00")
    customer = CompanyFactory(price_list=horeca)
    other = CompanyFactory()

    assert price_for(product=product, quantity=D(5), date=TODAY, customer=customer).unit_price == D("96.00")
    assert price_for(product=product, quantity=D(100), date=TODAY, customer=customer).unit_price == D("90.00")
    assert price_for(product=product, quantity=D(5), date=TODAY, customer=other).unit_price == D("120.00")

    Promotion.objects.create(name="Stunt", starts_on=TODAY, ends_on=TODAY, product=product, unit_price="85.00")
    answer = price_for(product=product, quantity=D(5), date=TODAY, customer=customer)
    assert (answer.unit_price, answer.source) == (D("85.00"), "promotion")
    assert "prijslijst Horeca (96,00\xa0€) is niet lager" in answer.explanation


def test_an_expired_price_list_no_longer_applies():
    product = ProductFactory(list_price="120.00")
    old = PriceList.objects.create(name="2025", valid_until=datetime.date(2025, 12, 31))
    PriceListItem.objects.create(price_list=old, product=product, unit_price="99.00")

    answer = price_for(product=product, quantity=D(1), date=TODAY, customer=CompanyFactory(price_list=old))

    assert answer.unit_price == D("120.00")


def test_vat_rates_are_dated_data():
    product = ProductFactory(vat_category=_vat_category("accommodation"))

    assert vat_rate_on(product=product, date=datetime.date(2026, 2, 28)) == D("6.00")
    assert vat_rate_on(product=product, date=datetime.date(2026, 3, 1)) == D("12.00")


@pytest.mark.parametrize(
    ("on_hand", "reserved", "incoming", "lead", "quantity", "status", "now", "message"),
    [
        (20, 5, [], 10, 10, "available", 10, "nu beschikbaar"),
        (20, 15, [(30, 10)], 10, 10, "partial", 5, "5 nu beschikbaar, 5 op 03/12/2026 (onderweg)"),
        (0, 0, [(4, 2), (10, 7)], 10, 12, "incoming", 0, "beschikbaar op 30/11/2026 (onderweg)"),
        (3, 0, [(2, 5)], 14, 10, "partial", 3, "3 nu beschikbaar, 7 te bestellen: ongeveer 14 dagen"),
        (0, 0, [], 21, 1, "to_order", 0, "te bestellen: ongeveer 21 dagen"),
    ],
)
def test_availability_says_how_much_now_and_when_the_rest(
    on_hand, reserved, incoming, lead, quantity, status, now, message
):
    product = ProductFactory(on_hand=on_hand, reserved=reserved, supplier_lead_days=lead)
    for amount, days in incoming:
        IncomingStock.objects.create(
            product=product, quantity=amount, expected_on=TODAY + datetime.timedelta(days=days)
        )
    IncomingStock.objects.create(product=product, quantity=1000, expected_on=TODAY - datetime.timedelta(days=1))
    IncomingStock.objects.create(product=product, quantity=1000, expected_on=TODAY, received=True)

    answer = availability_for(product=product, quantity=D(quantity), today=TODAY)

    assert (answer.status, answer.quantity_now, answer.message) == (status, D(now), message)


def test_the_discount_check_follows_the_role_limit_and_the_minimum_margin():
    DiscountAuthority.objects.create(role="Assistant", max_discount_percent="10", min_margin_percent="20")
    DiscountAuthority.objects.create(role="Manager", max_discount_percent="25", min_margin_percent="20")
    assistant, manager = UserFactory(role="Assistant"), UserFactory(role="Manager")
    product = ProductFactory(list_price="120.00", cost_price="80.00")

    assert discount_check(user=assistant, product=product, list_price=D("120"), unit_price=D("108.00")).allowed
    too_much = discount_check(user=assistant, product=product, list_price=D("120"), unit_price=D("102.00"))
    assert not too_much.allowed
    assert too_much.reasons == ["Een korting van 15 % ligt boven de 10 % die zonder manager toegestaan is."]
    assert discount_check(user=manager, product=product, list_price=D("120"), unit_price=D("102.00")).allowed
    thin = discount_check(user=manager, product=product, list_price=D("120"), unit_price=D("95.00"))
    assert (thin.allowed, thin.margin_percent) == (False, D("15.79"))

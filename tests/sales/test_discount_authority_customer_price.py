"""Discount authority measures the discount the user gives on top of the price the customer is entitled to
(promotion, contract price list, quantity break), not the distance to the list price; the margin rule stays."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from orderdesk.permissions import ASSISTANT
from sales.models import DiscountAuthority, PriceList, PriceListItem, Promotion
from sales.services.discounts import discount_reason, document_price_facts
from sales.services.lines import document_line_save
from sales.services.quotes import quote_approval_problems, quote_approval_reasons, quote_create
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def five_percent(db):
    DiscountAuthority.objects.create(role=ASSISTANT, max_discount_percent=5, min_margin_percent=10)


@pytest.fixture
def promoted(db):
    """List 100,00, on promotion at −10 % this week: the customer pays 90,00 without anyone's discount."""
    product = ProductFactory(sku="PROMO-1", list_price=D("100.00"), cost_price=D("60.00"), on_hand=D("50"))
    today = timezone.localdate()
    Promotion.objects.create(name="Week", product=product, discount_percent=D("10"), starts_on=today,
                             ends_on=today + datetime.timedelta(days=6))  # fmt: skip
    return product


def _quote_with(customer, assistant, product, **line):
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=product, quantity="2", **line)
    return quote


def test_five_percent_on_a_promotion_is_within_an_assistants_five_percent(customer, assistant, promoted,
                                                                          five_percent):  # fmt: skip
    quote = _quote_with(customer, assistant, promoted, discount_percent="5")  # 85,50: 14,5 % below list

    assert quote.lines.get().unit_price == D("90.00")
    assert quote_approval_problems(quote=quote, actor=assistant) == []

    line = quote.lines.get()
    document_line_save(document=quote, actor=assistant, line=line, product=promoted, quantity="2",
                       discount_percent="6")  # fmt: skip
    [problem] = quote_approval_problems(quote=quote, actor=assistant)
    assert (problem["discount"], problem["below_list"], problem["limit"]) == ("6", "15,4", "5")
    assert quote_approval_reasons(quote=quote, actor=assistant) == [
        "PROMO-1: A discount of 6 % on top of the customer's price (15,4 % below list) is above the 5 % allowed "
        "without a manager."
    ]


def test_a_key_accounts_contract_price_is_the_base_of_the_extra_discount(customer, assistant, five_percent):
    product = ProductFactory(sku="CONTRACT-1", list_price=D("100.00"), cost_price=D("50.00"), on_hand=D("50"))
    contract = PriceList.objects.create(name="Key account Peeters")
    PriceListItem.objects.create(price_list=contract, product=product, unit_price=D("80.00"))
    customer.price_list = contract
    customer.save(update_fields=["price_list"])

    quote = _quote_with(customer, assistant, product, discount_percent="4")  # 76,80: 23,2 % below list
    assert quote.lines.get().unit_price == D("80.00")
    assert quote_approval_problems(quote=quote, actor=assistant) == []

    document_line_save(document=quote, actor=assistant, line=quote.lines.get(), product=product, quantity="2",
                       discount_percent="8")  # fmt: skip
    [problem] = quote_approval_problems(quote=quote, actor=assistant)
    assert (problem["kind"], problem["discount"], problem["below_list"]) == ("discount", "8", "26,4")


def test_a_price_at_or_above_the_customers_price_needs_no_approval(customer, assistant, promoted, five_percent):
    # Typed by hand at 95,00: below list, but above the promotion price the customer is entitled to.
    quote = _quote_with(customer, assistant, promoted, unit_price="95.00")

    assert quote_approval_problems(quote=quote, actor=assistant) == []


def test_the_margin_rule_is_unchanged(customer, assistant, five_percent):
    thin = ProductFactory(sku="THIN-2", list_price=D("100.00"), cost_price=D("88.00"), on_hand=D("5"))
    today = timezone.localdate()
    Promotion.objects.create(name="Deal", product=thin, discount_percent=D("5"), starts_on=today, ends_on=today)

    quote = _quote_with(customer, assistant, thin, discount_percent="2")  # 93,10: within 5 %, margin 5,48 %

    problems = quote_approval_problems(quote=quote, actor=assistant)
    assert [(problem["kind"], problem["margin"]) for problem in problems] == [("margin", "5,48")]


def test_a_covered_price_stays_covered_when_the_promotion_ends(customer, assistant, promoted, five_percent):
    """An order's prices covered by its quote are keyed by their distance to the frozen list price, so the end of
    the promotion does not ask for a new approval; the old facts (discount on the list) still count."""
    from sales.services.discounts import document_approval_problems

    quote = _quote_with(customer, assistant, promoted, discount_percent="5")
    quote.approved_problems = document_price_facts(document=quote)
    Promotion.objects.all().delete()  # the promotion is over

    assert document_approval_problems(document=quote, actor=assistant) == []
    quote.approved_problems = [{"kind": "discount", "sku": "PROMO-1", "discount": "14,5"}]  # stored before
    assert document_approval_problems(document=quote, actor=assistant) == []
    quote.approved_problems = []
    [problem] = document_approval_problems(document=quote, actor=assistant)
    assert problem["discount"] == "14,5"  # no promotion any more: measured on the list price
    assert "below list" not in discount_reason(problem)

"""On the phone: from the customer file, type a product and a quantity, read the customer's price and the stock, and
put the line on a new quote in one click. At a desk in Dutch and on a phone in French."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from sales.models import PriceList, PriceListItem, Quote
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, log_in
from tests.factories import CompanyFactory, ProductFactory

pytestmark = pytest.mark.browser

TEXTS = {
    "nl": {"check": "Opzoeken", "stock": "nu beschikbaar", "add": "Toevoegen aan een nieuwe offerte",
           "explained": "prijslijst Contract: 1.050,00\xa0€"},
    "fr": {"check": "Vérifier", "stock": "disponible maintenant", "add": "Ajouter à une nouvelle offre",
           "explained": "liste de prix Contract : 1.050,00\xa0€"},
}  # fmt: skip


@pytest.mark.parametrize(("width", "language"), [(1366, "nl"), (390, "fr")])
def test_the_price_for_the_customer_on_the_phone_becomes_a_quote_line(
    page: Page, live_server, make_user, page_errors, width, language
):
    texts = TEXTS[language]
    contract = PriceList.objects.create(name="Contract")
    customer = CompanyFactory(name="Bakkerij Peeters", price_list=contract)
    oven = ProductFactory(sku="OVEN-60", name_nl="Heteluchtoven 60 l", name_fr="Four à air chaud 60 l",
                          list_price=Decimal("1200.00"), on_hand=Decimal("10"))  # fmt: skip
    PriceListItem.objects.create(price_list=contract, product=oven, unit_price=Decimal("1050.00"))
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, live_server, make_user("Assistant", language=language))

    page.goto(live_server.url + reverse("customers:company-detail", args=[customer.pk]))
    expect(page.locator("#on-the-line")).to_contain_text("Bakkerij Peeters")
    box = page.locator("#price-check")
    box.locator("#price-check-product").fill("OVEN-60")
    box.locator("#price-check-quantity").fill("3")
    box.get_by_role("button", name=texts["check"]).click()

    answer = box.locator("#price-check-answer")
    expect(answer.locator("#price-check-unit")).to_have_text("1.050,00\xa0€")
    expect(answer).to_contain_text(texts["explained"])
    expect(answer.locator("#price-check-total")).to_have_text("3.150,00\xa0€")
    expect(answer).to_contain_text(texts["stock"])
    assert_accessible(page)  # the box and its answer, with the shell's "on the line"
    if width < 576:
        assert_no_horizontal_scroll(page)

    answer.get_by_role("button", name=texts["add"]).click()
    quote = Quote.objects.get()
    expect(page).to_have_url(live_server.url + reverse("sales:quote-detail", args=[quote.pk]))
    expect(page.locator("#document-lines")).to_contain_text("OVEN-60")
    expect(page.locator("#document-lines")).to_contain_text("1.050,00\xa0€")
    assert page_errors == []

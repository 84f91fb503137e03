"""On the phone: from the customer file, a product and a quantity give the customer's price with its explanation, the
total, the stock and substitutes, and one click puts the line on a quote; the customer on the line is remembered for
the global search and the product page; every customer picker is a type-ahead checked on the server."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sales.models import PriceList, PriceListItem, Quote
from sales.services.quotes import quote_create
from tests.factories import CompanyFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HX-Request": "true"}


@pytest.fixture
def key_account(customer):
    """The customer's contract: the oven at 1.050,00 instead of 1.200,00."""
    contract = PriceList.objects.create(name="Contract Peeters")
    customer.price_list = contract
    customer.save(update_fields=["price_list"])
    return contract


@pytest.fixture
def priced(oven, key_account):
    PriceListItem.objects.create(price_list=key_account, product=oven, unit_price=D("1050.00"))
    oven.substitutes.add(ProductFactory(sku="OVEN-80", name_nl="Heteluchtoven 80 l", list_price=D("1500.00"),
                                        on_hand=D("2")))  # fmt: skip
    return oven


def _check(client, customer, product="OVEN-60", quantity="3"):
    return client.get(reverse("sales:price-check"), {"customer": customer.pk, "product": product,
                                                      "quantity": quantity}, headers=HTMX)  # fmt: skip


def test_the_customer_file_checks_the_customers_price_total_stock_and_substitutes(assistant_client, customer,
                                                                                  priced):  # fmt: skip
    file = assistant_client.get(reverse("customers:company-detail", args=[customer.pk])).content.decode()
    assert 'id="price-check-form"' in file and f'name="customer" value="{customer.pk}"' in file

    response = _check(assistant_client, customer)

    check = response.context["check"]
    assert (check.price.unit_price, check.total) == (D("1050.00"), D("3150.00"))
    html = response.content.decode()
    assert "prijslijst Contract Peeters: 1.050,00\xa0€" in html and "3.150,00\xa0€" in html
    assert "nu beschikbaar" in html and "OVEN-80" in html
    assert reverse("sales:price-check-quote") in html
    assert "Toevoegen aan een nieuwe offerte" in html


def test_a_product_nobody_sells_or_a_wrong_quantity_is_said_on_the_box(assistant_client, customer, oven):
    html = _check(assistant_client, customer, product="NOTHING-LIKE-IT").content.decode()
    assert "Geen product gevonden voor “NOTHING-LIKE-IT”" in html
    response = _check(assistant_client, customer, quantity="-1")
    assert response.context["check"] is None and response.status_code == 200  # htmx shows the errors


def test_one_click_puts_the_line_on_a_new_quote_or_the_customers_draft(assistant_client, assistant, customer, priced):
    add = {"customer": customer.pk, "product": priced.pk, "quantity": "3", "quote": "new"}

    response = assistant_client.post(reverse("sales:price-check-quote"), add)

    quote = Quote.objects.get()
    assert response.url == reverse("sales:quote-detail", args=[quote.pk])
    line = quote.lines.get()
    assert (quote.company, quote.owner, line.sku, line.quantity, line.unit_price) == (
        customer, assistant, "OVEN-60", D("3"), D("1050.00"))  # fmt: skip

    offered = _check(assistant_client, customer).content.decode()
    assert f'<option value="{quote.pk}" selected>' in offered  # the open draft is offered first
    assistant_client.post(reverse("sales:price-check-quote"), {**add, "quote": quote.pk, "quantity": "1"})
    assert quote.lines.count() == 2 and Quote.objects.count() == 1

    other = quote_create(company=CompanyFactory(name="Elders"), actor=assistant)
    assistant_client.post(reverse("sales:price-check-quote"), {**add, "quote": other.pk})
    assert not other.lines.exists()  # a draft of another customer takes nothing


def test_the_customer_on_the_line_prices_the_search_and_the_product_page(assistant_client, customer, priced):
    assistant_client.get(reverse("customers:company-detail", args=[customer.pk]))
    desk = assistant_client.get(reverse("desk:desk")).content.decode()
    assert 'id="on-the-line"' in desk and "Bakkerij Peeters" in desk

    search = assistant_client.get(reverse("desk:search"), {"q": "OVEN-60"}, headers=HTMX).content.decode()
    assert "Bakkerij Peeters betaalt 1.050,00\xa0€" in search

    page = assistant_client.get(reverse("sales:product-detail", args=[priced.pk]))
    assert page.context["customer"] == customer and page.context["price"].unit_price == D("1050.00")
    assert 'id="quote-line-add"' in page.content.decode()  # the product page starts a quote for them

    assistant_client.post(reverse("customers:on-the-line-clear"), {"next": "/"})
    page = assistant_client.get(reverse("sales:product-detail", args=[priced.pk]))
    assert page.context["customer"] is None and 'id="on-the-line"' not in page.content.decode()


def test_customer_pickers_are_a_type_ahead_checked_on_the_server(assistant_client, customer, oven):
    for number in range(20):
        CompanyFactory(name=f"Bakkerij {number:02}")

    found = assistant_client.get(reverse("customers:company-search"), {"q": "bakkerij"}).json()["results"]
    assert len(found) == 15
    by_vat = assistant_client.get(reverse("customers:company-search"), {"q": "0417497106"}).json()["results"]
    assert [result["id"] for result in by_vat] == [customer.pk]

    page = assistant_client.get(reverse("sales:product-detail", args=[oven.pk])).content.decode()
    assert "Bakkerij 07" not in page  # no list of every company
    typed = assistant_client.get(reverse("sales:product-detail", args=[oven.pk]), {"customer_text": "Bakkerij Peeters"})
    assert typed.context["customer"] == customer  # without JavaScript the typed name is resolved
    vague = assistant_client.get(reverse("sales:product-detail", args=[oven.pk]), {"customer_text": "Bakkerij"})
    assert vague.context["customer"] is None and "Meerdere klanten" in vague.content.decode()
    for junk in ("abc", "9" * 30):
        assert (
            assistant_client.get(reverse("sales:product-detail", args=[oven.pk]), {"customer": junk}).status_code == 200
        )


def test_the_merge_picker_refuses_the_company_itself(client, manager, customer):
    duplicate = CompanyFactory(name="Bakkerij Peeters (dubbel)")
    client.force_login(manager)

    itself = client.post(reverse("customers:company-merge", args=[customer.pk]), {"duplicate": customer.pk})
    assert itself.status_code == 400
    merged = client.post(reverse("customers:company-merge", args=[customer.pk]),
                         {"duplicate": "", "duplicate_text": "Bakkerij Peeters (dubbel)"})  # fmt: skip
    assert merged.status_code == 302 and not type(duplicate).objects.filter(pk=duplicate.pk).exists()

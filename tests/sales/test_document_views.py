"""The document screens, as the assistant, the manager and the customer use them (real forms, real templates)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from orderdesk.models import OutboxMessage
from sales.models import Order, Quote
from sales.services.documents import quote_link_token
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create, quote_send
from sales.states import OrderStatus, QuoteStatus
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_quote(customer, contact, assistant, oven, discount_limits):
    quote = quote_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="2")
    return quote


def test_a_quote_is_started_for_a_customer_found_by_name(assistant_client, customer):
    page = assistant_client.get(reverse("sales:company-pick", args=["quote"]), {"q": "peeters"})
    assert "Bakkerij Peeters" in page.content.decode()

    response = assistant_client.post(reverse("sales:quote-create"), {"company": customer.pk})

    quote = Quote.objects.get()
    assert response.url == reverse("sales:quote-detail", args=[quote.pk])
    assert quote.contact == customer.contacts.get()


def test_a_price_request_for_a_new_prospect_becomes_a_quote(assistant_client):
    response = assistant_client.post(
        reverse("sales:price-request-create"),
        {"prospect_name": "Frituur De Gouden Friet", "language": "nl", "channel": "phone",
         "need": "Two fryers for a new shop", "quantity": "2", "then": "quote"},
    )  # fmt: skip

    quote = Quote.objects.get()
    assert response.url == reverse("sales:quote-detail", args=[quote.pk])
    assert quote.company.name == "Frituur De Gouden Friet" and quote.company.kind == "prospect"
    assert quote.price_request.need == "Two fryers for a new shop"


def test_a_price_request_without_customer_keeps_what_was_typed(assistant_client):
    response = assistant_client.post(reverse("sales:price-request-create"),
                                     {"channel": "phone", "need": "A fridge", "quantity": "1"})  # fmt: skip

    assert response.status_code == 400
    assert "A fridge" in response.content.decode() and not Quote.objects.exists()


def test_lines_are_added_by_sku_and_totals_come_back_in_the_fragment(assistant_client, draft_quote, installation):
    url = reverse("sales:quote-line-add", args=[draft_quote.pk])

    response = assistant_client.post(url, {"product": "srv-inst", "quantity": "1,5"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200 and 'id="document-lines"' in html
    # 2 × 1200 + 1,5 × 95 = 2542,50 excl. VAT
    assert re.search(r'id="total-net">2\.542,50', html)
    assert draft_quote.lines.count() == 2


def test_an_unknown_product_is_explained_and_the_typed_line_kept(assistant_client, draft_quote):
    url = reverse("sales:quote-line-add", args=[draft_quote.pk])

    response = assistant_client.post(url, {"product": "no-such-thing", "quantity": "3"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "Geen product gevonden voor “no-such-thing”." in html  # the assistant reads Dutch
    assert 'value="no-such-thing"' in html and draft_quote.lines.count() == 1


def test_the_quote_page_shows_the_availability_and_the_approval_warning(assistant_client, draft_quote):
    line = draft_quote.lines.get()
    assistant_client.post(reverse("sales:quote-line-update", args=[draft_quote.pk, line.pk]),
                          {"description": line.description, "quantity": "2", "unit_price": "1200,00",
                           "discount_percent": "15", "vat_rate": "21"})  # fmt: skip

    html = assistant_client.get(reverse("sales:quote-detail", args=[draft_quote.pk])).content.decode()

    assert "15 %" in html and ("10 %" in html)  # the reason: above the limit of 10 %
    assert "send-quote" in html


def test_sending_approving_and_the_customer_accepting(assistant_client, client, manager, draft_quote):
    line = draft_quote.lines.get()
    assistant_client.post(reverse("sales:quote-line-update", args=[draft_quote.pk, line.pk]),
                          {"description": line.description, "quantity": "2", "unit_price": "1200",
                           "discount_percent": "15", "vat_rate": "21"})  # fmt: skip
    assistant_client.post(reverse("sales:quote-action", args=[draft_quote.pk, "send"]))
    draft_quote.refresh_from_db()
    assert draft_quote.status == QuoteStatus.AWAITING_APPROVAL

    client.force_login(manager)
    assert draft_quote.reference in client.get(reverse("desk:approval-list")).content.decode()
    # Approved in place, from the approvals page: back to that page for the next one.
    response = client.post(reverse("sales:quote-action", args=[draft_quote.pk, "approve"]),
                           {"comment": "OK", "next": reverse("desk:approval-list")})  # fmt: skip
    assert response.url == reverse("desk:approval-list")
    client.logout()
    assistant_client.force_login(draft_quote.owner)
    assistant_client.post(reverse("sales:quote-action", args=[draft_quote.pk, "send"]))
    draft_quote.refresh_from_db()
    assert draft_quote.status == QuoteStatus.SENT
    assistant_client.logout()

    public = reverse("quote-public", args=[quote_link_token(draft_quote)])
    page = client.get(public)
    assert page.status_code == 200 and draft_quote.number in page.content.decode()
    assert client.get(reverse("quote-public-pdf", args=[quote_link_token(draft_quote)]))["Content-Type"] == (
        "application/pdf"
    )
    refused = client.post(public, {"answer": "accept", "name": ""})
    assert refused.status_code == 400
    client.post(public, {"answer": "accept", "name": "Jan Peeters", "customer_reference": "PO-9"})

    draft_quote.refresh_from_db()
    assert (draft_quote.status, draft_quote.customer_reference) == (QuoteStatus.ACCEPTED, "PO-9")


def test_a_tampered_link_shows_a_clear_page(client):
    response = client.get(reverse("quote-public", args=["abc:def"]))

    # A visitor without a valid link gets the default language: Dutch.
    assert response.status_code == 404 and "niet geldig" in response.content.decode()


def test_the_public_page_speaks_the_customers_language(client, assistant, oven, company_settings, discount_limits):
    company = CompanyFactory(name="Boulangerie Dupont", language="fr", email="info@dupont.be")
    quote = quote_create(company=company, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    quote_send(quote=quote, actor=assistant)

    html = client.get(reverse("quote-public", args=[quote_link_token(quote)])).content.decode()

    assert 'lang="fr"' in html and "Offre" in html


def test_convert_confirm_and_deliver_from_the_pages(assistant_client, draft_quote, assistant):
    quote_send(quote=draft_quote, actor=assistant)
    from sales.services.quotes import quote_accept

    quote_accept(token=quote_link_token(draft_quote), name="Jan")
    response = assistant_client.post(reverse("sales:quote-action", args=[draft_quote.pk, "order"]))
    order = Order.objects.get()
    assert response.url == reverse("sales:order-detail", args=[order.pk])
    html = assistant_client.get(response.url).content.decode()
    assert "confirm-order" in html and "Btw-nummer van het bedrijf" in html

    assistant_client.post(reverse("sales:order-action", args=[order.pk, "confirm"]))
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    line = order.lines.get()
    form = assistant_client.get(reverse("sales:delivery-create", args=[order.pk])).content.decode()
    assert f'name="line-{line.pk}"' in form

    too_many = assistant_client.post(reverse("sales:delivery-create", args=[order.pk]), {f"line-{line.pk}": "3"})
    assert too_many.status_code == 400
    assistant_client.post(reverse("sales:delivery-create", args=[order.pk]), {f"line-{line.pk}": "1"})

    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_DELIVERED
    note = order.deliveries.get()
    assert assistant_client.get(reverse("sales:delivery-pdf", args=[note.pk]))["Content-Type"] == "application/pdf"
    assert note.number in assistant_client.get(reverse("sales:delivery-list")).content.decode()


def test_backorders_are_purchased_and_received_from_the_purchasing_page(assistant_client, customer, assistant, oven):
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="12")
    order_confirm(order=order, actor=assistant)

    page = assistant_client.get(reverse("sales:supplier-order-list")).content.decode()
    assert "Unox Benelux" in page and f'name="product-{oven.pk}"' in page
    form = {"supplier": "Unox Benelux", f"product-{oven.pk}": "2", "expected_on": ""}
    response = assistant_client.post(reverse("sales:supplier-order-create"), form)
    supplier_order = order.lines.get().product.incoming.get()
    assert response.status_code == 302 and supplier_order.quantity == 2

    detail_url = response.url
    line_pk = re.search(r'name="line-(\d+)"', assistant_client.get(detail_url).content.decode()).group(1)
    assistant_client.post(detail_url, {f"line-{line_pk}": "2"})

    assert order.lines.get().quantity_reserved == 12


@pytest.mark.parametrize("url_name", ["sales:quote-list", "sales:order-list", "sales:delivery-list"])
def test_lists_take_the_same_number_of_queries_for_more_rows(
    url_name, assistant_client, customer, assistant, oven, django_assert_max_num_queries
):
    def make(count):
        for _ in range(count):
            quote = quote_create(company=customer, actor=assistant)
            order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
            for document in (quote, order):
                document_line_save(document=document, actor=assistant, product=oven, quantity="1")
            order_confirm(order=order, actor=assistant)
            from sales.services.deliveries import delivery_create

            delivery_create(order=order, actor=assistant, quantities={order.lines.get().pk: "1"})

    make(2)
    with django_assert_max_num_queries(30) as few:
        assistant_client.get(reverse(url_name))
    make(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assistant_client.get(reverse(url_name))


def test_accounting_reads_but_cannot_change_quotes(client, accountant, draft_quote):
    client.force_login(accountant)

    assert client.get(reverse("sales:quote-detail", args=[draft_quote.pk])).status_code == 200
    assert client.post(reverse("sales:quote-create"), {"company": draft_quote.company_id}).status_code == 403
    client.post(reverse("sales:quote-action", args=[draft_quote.pk, "send"]))
    draft_quote.refresh_from_db()
    assert draft_quote.status == QuoteStatus.DRAFT and not OutboxMessage.objects.exists()


def test_a_substitute_in_stock_takes_the_place_of_a_line_in_one_click(assistant_client, draft_quote, oven):
    from tests.factories import ProductFactory

    combi = ProductFactory(sku="OVEN-60C", name_nl="Combi-oven 60 l", list_price="1350.00", on_hand=5)
    oven.substitutes.add(combi)
    oven.on_hand = 0
    oven.save()
    line = draft_quote.lines.get()
    page = assistant_client.get(reverse("sales:quote-detail", args=[draft_quote.pk])).content.decode()
    assert "OVEN-60C" in page

    assistant_client.post(reverse("sales:quote-line-update", args=[draft_quote.pk, line.pk]),
                          {"product": "OVEN-60C", "quantity": "2", "discount_percent": "0"})  # fmt: skip

    line.refresh_from_db()
    assert (line.sku, line.description, line.unit_price) == ("OVEN-60C", "Combi-oven 60 l", Decimal("1350.00"))


def test_the_quote_header_keeps_what_was_typed_when_the_date_is_wrong(assistant_client, draft_quote):
    url = reverse("sales:quote-detail", args=[draft_quote.pk])
    form = {"valid_until": "2020-01-01", "introduction": "Dear Jan, as discussed on the phone:",
            "payment_terms": draft_quote.payment_terms}  # fmt: skip

    refused = assistant_client.post(url, form)

    assert refused.status_code == 400 and "Dear Jan, as discussed on the phone:" in refused.content.decode()
    draft_quote.refresh_from_db()
    assert draft_quote.introduction == ""
    in_a_month = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()  # 2099 is refused as implausible
    saved = assistant_client.post(url, {**form, "valid_until": in_a_month})
    draft_quote.refresh_from_db()
    assert saved.status_code == 302 and draft_quote.introduction.startswith("Dear Jan")

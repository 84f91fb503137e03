"""A preview before issue says DRAFT on the page in the customer's language and is titled as a draft ("Offerte
(concept)", never "Offerte Conceptofferte 12"); what the customer receives never carries the marking."""

import pytest
from django.urls import reverse

from sales.services.invoicing import credit_note_create, invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_create
from sales.services.quotes import quote_create, quote_send
from tests.factories import CompanyFactory, ContactFactory
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db


def _preview(client, url_name, pk) -> tuple[str, str]:
    response = client.get(reverse(url_name, args=[pk]))
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split()), response["Content-Disposition"]


def test_a_dutch_quote_preview_is_marked_concept_and_the_sent_quote_is_not(assistant_client, customer, assistant,
                                                                            oven):  # fmt: skip
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")

    text, disposition = _preview(assistant_client, "sales:quote-pdf", quote.pk)

    assert "CONCEPT" in text and "Offerte (concept)" in text and "Conceptofferte" not in text
    assert f"{quote.pk}.pdf" in disposition and " " not in disposition.split("filename=")[1]

    quote_send(quote=quote, actor=assistant)
    sent = " ".join(pdf_text(quote.revisions.get().pdf.read()).split())
    assert f"Offerte {quote.number}" in sent and "CONCEPT" not in sent


def test_a_french_order_preview_is_marked_brouillon(assistant_client, assistant, oven, company_settings):
    client = CompanyFactory(name="Transports Gilson", language="fr", email="info@gilson.be")
    ContactFactory(company=client, first_name="Luc", last_name="Gilson", email="luc@gilson.be")
    order = order_create(company=client, contact=client.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="1")

    text, _disposition = _preview(assistant_client, "sales:order-pdf", order.pk)

    assert "BROUILLON" in text and "Confirmation de commande (brouillon)" in text


def test_an_english_invoice_preview_is_marked_draft_the_issued_one_is_not_and_a_credit_note_preview_is(
    assistant_client, assistant, company_settings
):
    client = CompanyFactory(name="Harbour Foods", language="en", vat_regime="private", vat_number="",
                            email="accounts@harbour.example")  # fmt: skip
    invoice = invoice_free_create(company=client, actor=assistant)
    document_line_save(document=invoice, actor=assistant, description="Service", quantity="1", unit_price="100.00")

    text, disposition = _preview(assistant_client, "sales:invoice-pdf", invoice.pk)
    assert "DRAFT" in text and "Invoice (draft)" in text and f"{invoice.pk}.pdf" in disposition

    invoice_issue(invoice=invoice, actor=assistant)
    issued, disposition = _preview(assistant_client, "sales:invoice-pdf", invoice.pk)
    assert f"Invoice {invoice.number}" in issued and "DRAFT" not in issued and f"{invoice.number}.pdf" in disposition

    note = credit_note_create(invoice=invoice, actor=assistant, reason="Cancelled visit")
    text, _disposition = _preview(assistant_client, "sales:invoice-pdf", note.pk)
    assert "DRAFT" in text and "Credit note (draft)" in text

"""What the system writes while a Dutch-speaking colleague works reads in French for a French-speaking one: the
reason of a bank suggestion on the bank page, a history entry on the quote's page. And the customer file shows
the open balance of the invoices, not a promise of it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sales.services.bank_import import bank_statement_import
from sales.services.documents import quote_link_token
from sales.services.lines import document_line_save
from sales.services.quotes import quote_accept, quote_create, quote_send
from tests.sales.test_bank_import import DAY, coda
from tests.sales.test_invoices import issued_invoice

pytestmark = pytest.mark.django_db


def read_in_french(client, user, url) -> str:
    """The page as `user` reads it in French, every run of spaces (the non-breaking ones too) one space."""
    user.language = "fr"
    user.save(update_fields=["language"])
    client.force_login(user)
    return " ".join(client.get(url).content.decode().split())


def test_a_bank_suggestion_written_in_dutch_reads_in_french_with_a_belgian_amount(
    client, b2b_customer, assistant, accountant, oven, company_settings
):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), today=DAY - datetime.timedelta(days=3))
    accountant.language = "nl"
    with translation.override("nl"):
        bank_statement_import(content=coda([{"amount": Decimal("1000.00"), "counterparty_name": "BAKKERIJ PEETERS",
                                             "structured_reference": invoice.structured_reference}]),
                              actor=accountant)  # fmt: skip

    page = read_in_french(client, accountant, reverse("sales:bank"))

    assert f"Communication structurée de {invoice.number}, mais le solde ouvert est de 1.452,00 €" in page
    assert "Gestructureerde mededeling" not in page


def test_a_history_entry_written_in_dutch_reads_in_french_on_the_quote(client, customer, contact, assistant, oven):
    quote = quote_create(company=customer, contact=contact, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    with translation.override("nl"):
        quote_send(quote=quote, actor=assistant)
        quote_accept(token=quote_link_token(quote), name="Jan Peeters")

    page = read_in_french(client, assistant, reverse("sales:quote-detail", args=[quote.pk]))

    assert "Acceptée par Jan Peeters via le lien" in page
    assert "Aanvaard door" not in page


def test_the_customer_file_shows_the_open_balance_of_its_invoices(client, b2b_customer, assistant, oven):
    client.force_login(assistant)
    url = reverse("customers:company-detail", args=[b2b_customer.pk])
    assert 'id="open-balance"' not in client.get(url).content.decode()  # no invoices: no figure, no excuse

    issued_invoice(b2b_customer, assistant, (oven, "1"), today=DAY - datetime.timedelta(days=3))

    page = client.get(url).content.decode()
    assert "1.452,00\xa0€</a></dd>" in page.split('id="open-balance"')[1]
    assert "invoicing is in use" not in page and "facturatie in gebruik" not in page


def test_how_a_line_price_was_found_reads_in_the_readers_language(client, customer, contact, assistant, oven):
    quote = quote_create(company=customer, contact=contact, actor=assistant)
    with translation.override("nl"):
        document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
        document_line_save(document=quote, actor=assistant, product=oven, quantity="2", unit_price="1150")

    page = read_in_french(client, assistant, reverse("sales:quote-detail", args=[quote.pk]))

    assert "liste 1.200,00 €" in page
    assert "prix fixé manuellement (catalogue : liste 1.200,00 €)" in page
    assert "lijst" not in page and "met de hand" not in page

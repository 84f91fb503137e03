import pytest
from django.core.management import CommandError, call_command

from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create, quote_revise, quote_send
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db


def test_any_document_is_rendered_by_its_number_in_its_language_or_another(customer, assistant, oven, tmp_path):
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="1")
    order_confirm(order=order, actor=assistant)
    dutch, french = tmp_path / "nl.pdf", tmp_path / "fr.pdf"

    call_command("render_pdf", order.number, "-o", str(dutch))
    call_command("render_pdf", order.number, "-o", str(french), "--lang", "fr")

    assert "Orderbevestiging" in pdf_text(dutch.read_bytes()) and order.number in pdf_text(dutch.read_bytes())
    assert "Confirmation de commande" in pdf_text(french.read_bytes())


def test_a_sent_revision_is_reprinted_as_it_was_frozen(customer, assistant, oven, tmp_path, discount_limits):
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    quote_send(quote=quote, actor=assistant)
    quote_revise(quote=quote, actor=assistant)
    document_line_save(document=quote, actor=assistant, line=quote.lines.get(), product=oven, quantity="4")
    quote_send(quote=quote, actor=assistant)
    first = tmp_path / "rev1.pdf"

    call_command("render_pdf", f"{quote.number} rev 1", "-o", str(first))

    assert first.read_bytes() == quote.revisions.get(revision=1).pdf.read()


def test_an_unknown_number_is_a_clear_error():
    with pytest.raises(CommandError, match="No document has the number X2026-1"):
        call_command("render_pdf", "X2026-1")

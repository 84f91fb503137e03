"""Before the irreversible, in a browser: issuing an invoice asks first in a dialog that names the recipient and the
channel (cancel does nothing, confirm issues); a quote leaves with the subject typed in the mail composer. Once at
1366 px in Dutch, once at 390 px (a phone) in French."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from orderdesk.demo import seed_company
from orderdesk.models import OutboxMessage
from sales.models import Invoice, Quote
from sales.services.invoicing import invoice_free_create
from sales.services.lines import document_line_save
from sales.services.quotes import quote_create
from sales.states import InvoiceStatus, QuoteStatus
from tests.browser.conftest import log_in
from tests.factories import CompanyFactory, ContactFactory, ProductFactory

pytestmark = pytest.mark.browser

RUNS = [
    pytest.param(1366, "nl", {"peppol": "Peppol, naar", "subject": "Offerte {number}: uw twee ovens"}, id="1366-nl"),
    pytest.param(390, "fr", {"peppol": "Peppol, vers", "subject": "Offerte {number}: uw twee ovens"}, id="390-fr"),
]


@pytest.mark.parametrize(("width", "language", "texts"), RUNS)
def test_issue_through_the_dialog_and_send_a_quote_with_an_edited_subject(
    page: Page, live_server, make_user, page_errors, width, language, texts
):
    seed_company()
    assistant = make_user("Assistant", language=language)
    customer = CompanyFactory(name="Bakkerij Peeters", vat_number="BE0417497106", enterprise_number="0417497106",
                              email="info@peeters.be", invoice_email="boekhouding@peeters.be",
                              credit_limit=Decimal("50000"))  # fmt: skip
    ContactFactory(company=customer, first_name="Jan", last_name="Peeters", email="jan@peeters.be")
    invoice = invoice_free_create(company=customer, actor=assistant, customer_reference="PO-2026-117")
    document_line_save(document=invoice, actor=assistant, description="Onderhoud", quantity="1", unit_price="250.00")
    oven = ProductFactory(sku="OVEN-60", name_nl="Heteluchtoven 60 l", list_price="1200.00", cost_price="800.00",
                          on_hand=10)  # fmt: skip
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="2")
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, assistant)

    # Issue: the dialog says who receives it and how; cancel leaves the draft as it is.
    page.goto(f"{live_server.url}/invoices/{invoice.pk}/")
    page.locator("#issue-invoice").click()
    dialog = page.locator("#issue-invoice-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-confirm=to]")).to_contain_text("boekhouding@peeters.be")
    expect(dialog.locator("[data-confirm=channel]")).to_contain_text(f"{texts['peppol']} 0208:0417497106")
    expect(dialog.locator("[data-confirm=number]")).to_contain_text("F20")
    dialog.locator("[data-dialog-close]").click()
    expect(dialog).to_be_hidden()
    assert Invoice.objects.get().status == InvoiceStatus.DRAFT and OutboxMessage.objects.count() == 0
    page.locator("#issue-invoice").click()
    dialog.locator("#issue-invoice-dialog-confirm").click()
    expect(page.locator("#issue-invoice")).to_have_count(0)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and OutboxMessage.objects.get().to == ["boekhouding@peeters.be"]

    # Send the quote with a subject of one's own; "Reset to default text" is one click away.
    page.goto(f"{live_server.url}/quotes/{quote.pk}/")
    page.locator("#send-quote").click()
    composer = page.locator("#send-quote-dialog")
    subject = composer.locator("input[name=mail_subject]")
    default = subject.input_value()
    number = composer.locator("[data-confirm=number] strong").inner_text()
    assert number in default
    subject.fill("something else")
    composer.locator("[data-compose-reset]").click()
    expect(subject).to_have_value(default)
    subject.fill(texts["subject"].format(number=number))
    composer.locator("#send-quote-dialog-confirm").click()
    expect(page.locator("#send-quote")).to_have_count(0)
    assert Quote.objects.get().status == QuoteStatus.SENT
    mail = OutboxMessage.objects.get(content_type__model="quote")
    assert mail.subject == texts["subject"].format(number=number) and mail.to == ["jan@peeters.be"]
    assert page_errors == []

"""Before the irreversible: the confirmation says to whom, under which number and by which channel; the mail composer's
subject, text, To and CC reach the outbox; a wrong address sends nothing and loses nothing."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from orderdesk.forms import MailComposeForm
from orderdesk.models import OutboxMessage
from sales.models import Quote, Reminder, ReminderLevel
from sales.selectors.confirmations import (
    invoice_issue_confirmation,
    order_confirm_confirmation,
    quote_send_confirmation,
    reminder_run_confirmation,
)
from sales.services.invoicing import invoice_free_create, invoice_issue
from sales.services.lines import document_line_save
from sales.services.orders import order_confirm, order_create
from sales.services.quotes import quote_create, quote_send
from sales.services.reminders import reminder_run_propose
from sales.states import QuoteStatus
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def quote(customer, assistant, oven):
    quote = quote_create(company=customer, actor=assistant)
    document_line_save(document=quote, actor=assistant, product=oven, quantity="1")
    return quote


@pytest.fixture(autouse=True)
def _english_user(assistant):
    # The pages speak the user's language; the mails and PDFs the customer's (Dutch here).
    assistant.language = "en"
    assistant.save(update_fields=["language"])


def _composer(confirmation, **changes) -> dict:
    """The composer's fields as the page shows them (the defaults), with what the user changed."""
    mail = confirmation.mail
    data = {"mail_to": ", ".join(mail.to), "mail_cc": "", "mail_subject": mail.subject, "mail_body": mail.body,
            "mail_number": mail.number}  # fmt: skip
    return {**data, **changes}


def test_the_send_dialog_says_who_which_number_and_channel_and_the_composed_mail_leaves(assistant_client, quote,
                                                                                        assistant):  # fmt: skip
    page = html.unescape(assistant_client.get(reverse("sales:quote-detail", args=[quote.pk])).content.decode())
    dialog = page.split('id="send-quote-dialog"')[1].split("</dialog>")[0]
    assert "Jan Peeters · jan@bakkerij-peeters.be" in dialog
    assert f"Q{YEAR}-000001" in dialog and "provisionally" in dialog
    assert "E-mail, with the quote as a PDF" in dialog and f"Q{YEAR}-000001.pdf" in dialog
    assert 'data-confirm-dialog="send-quote-dialog"' in page  # the button opens it first

    confirmation = quote_send_confirmation(quote=quote, actor=assistant)
    assert confirmation.mail.subject.startswith(f"Offerte Q{YEAR}-000001")  # the customer's language (Dutch)
    data = _composer(confirmation, mail_to="jan@bakkerij-peeters.be; inkoop@bakkerij-peeters.be",
                     mail_cc="an.peeters@example.be", mail_subject=f"Uw ovens: offerte Q{YEAR}-000001",
                     mail_body="Beste Jan,\r\n\r\nZoals beloofd aan de telefoon.")  # fmt: skip
    assistant_client.post(reverse("sales:quote-action", args=[quote.pk, "send"]), data)

    quote.refresh_from_db()
    mail = OutboxMessage.objects.get()
    assert quote.status == QuoteStatus.SENT and quote.number == f"Q{YEAR}-000001"
    assert mail.to == ["jan@bakkerij-peeters.be", "inkoop@bakkerij-peeters.be"] and mail.cc == ["an.peeters@example.be"]
    assert mail.subject == f"Uw ovens: offerte Q{YEAR}-000001"
    assert mail.body == "Beste Jan,\n\nZoals beloofd aan de telefoon."
    assert [attachment.filename for attachment in mail.attachments.all()] == [f"Q{YEAR}-000001.pdf"]


def test_a_wrong_address_sends_nothing_and_keeps_what_was_typed(assistant_client, quote, assistant):
    data = _composer(quote_send_confirmation(quote=quote, actor=assistant), mail_to="jan@bakkerij-peeters",
                     mail_cc="boss@@example.be", mail_subject="Mijn eigen onderwerp")  # fmt: skip

    response = assistant_client.post(reverse("sales:quote-action", args=[quote.pk, "send"]), data)

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Not a valid e-mail address: jan@bakkerij-peeters." in page
    assert "Not a valid e-mail address: boss@@example.be." in page
    assert 'value="Mijn eigen onderwerp"' in page and "data-open-on-load" in page  # the dialog opens again
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.DRAFT and not quote.number and not OutboxMessage.objects.exists()


def test_unchanged_texts_are_the_default_and_reset_restores_it(assistant_client, quote, customer, assistant, oven):
    confirmation = quote_send_confirmation(quote=quote, actor=assistant)
    form = MailComposeForm(default=confirmation.mail)
    # "Reset to default text" puts back what each field keeps in data-default.
    assert form["mail_subject"].field.widget.attrs["data-default"] == confirmation.mail.subject
    assert form["mail_body"].field.widget.attrs["data-default"] == confirmation.mail.body
    # Another quote leaves between the dialog and the click: this one gets the next number, also in the texts.
    other = quote_create(company=customer, actor=assistant)
    document_line_save(document=other, actor=assistant, product=oven, quantity="2")
    quote_send(quote=other, actor=assistant)

    data = _composer(confirmation, mail_body=confirmation.mail.body.replace("\n", "\r\n"),
                     mail_subject=f"Offerte Q{YEAR}-000001, zoals besproken")  # fmt: skip
    assistant_client.post(reverse("sales:quote-action", args=[quote.pk, "send"]), data)

    quote.refresh_from_db()
    mail = OutboxMessage.objects.get(object_id=quote.pk, content_type__model="quote")
    assert quote.number == f"Q{YEAR}-000002"
    assert mail.subject == f"Offerte Q{YEAR}-000002, zoals besproken"
    assert f"Q{YEAR}-000002" in mail.body and f"Q{YEAR}-000001" not in mail.body  # the default, with the number
    assert mail.to == ["jan@bakkerij-peeters.be"] and mail.cc == []


def test_a_discount_beyond_authority_says_it_goes_to_a_manager_without_composer(quote, assistant, discount_limits):
    line = quote.lines.get()
    document_line_save(document=quote, actor=assistant, line=line, product=line.product, quantity="1",
                       discount_percent="25")  # fmt: skip

    confirmation = quote_send_confirmation(quote=quote, actor=assistant)

    assert confirmation.mail is None and "manager's approval" in confirmation.outcome[0]


def test_order_confirmation_says_the_number_and_the_composed_mail_leaves(assistant_client, customer, assistant, oven):
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant,
                         customer_reference="PO-77")  # fmt: skip
    document_line_save(document=order, actor=assistant, product=oven, quantity="1")
    confirmation = order_confirm_confirmation(order=order, actor=assistant)
    assert (confirmation.number, confirmation.provisional) == (f"O{YEAR}-000001", True)
    assert confirmation.to == ["jan@bakkerij-peeters.be"] and confirmation.contact == "Jan Peeters"

    data = _composer(confirmation, mail_cc="magazijn@bakkerij-peeters.be")
    assistant_client.post(reverse("sales:order-action", args=[order.pk, "confirm"]), data)

    mail = OutboxMessage.objects.get()
    assert mail.cc == ["magazijn@bakkerij-peeters.be"] and mail.subject.startswith(f"Orderbevestiging O{YEAR}-000001")


@pytest.fixture
def draft_invoice(b2b_customer, assistant):
    invoice = invoice_free_create(company=b2b_customer, actor=assistant, customer_reference="PO-2026-0042")
    document_line_save(document=invoice, actor=assistant, description="Onderhoud", quantity="1", unit_price="100.00")
    return invoice


def test_the_issue_dialog_says_peppol_or_e_mail_and_the_number_the_invoice_will_get(
    assistant_client, draft_invoice, b2b_customer, assistant
):
    peppol = invoice_issue_confirmation(invoice=draft_invoice, actor=assistant)
    assert (peppol.number, peppol.provisional) == (f"F{YEAR}-000001", True)
    assert peppol.to == ["boekhouding@bakkerij-peeters.be"]
    assert peppol.channels[0] == "Peppol, to 0208:0417497106"
    assert [attachment.name for attachment in peppol.attachments] == [f"F{YEAR}-000001.pdf", f"F{YEAR}-000001.xml"]
    page = html.unescape(assistant_client.get(reverse("sales:invoice-detail", args=[draft_invoice.pk])).content
                         .decode())  # fmt: skip
    dialog = page.split('id="issue-invoice-dialog"')[1].split("</dialog>")[0]
    assert "boekhouding@bakkerij-peeters.be" in dialog and "Peppol, to 0208:0417497106" in dialog
    assert f"F{YEAR}-000001" in dialog

    private = CompanyFactory(name="Sophie Lambert", vat_regime="private", vat_number="", email="sophie@lambert.be")
    invoice = invoice_free_create(company=private, actor=assistant)
    document_line_save(document=invoice, actor=assistant, description="Onderhoud", quantity="1", unit_price="100.00")
    e_mail = invoice_issue_confirmation(invoice=invoice, actor=assistant)
    assert e_mail.channels == ["E-mail, with the PDF"] and e_mail.to == ["sophie@lambert.be"]


def test_the_composed_invoice_mail_reaches_the_outbox_once(assistant_client, draft_invoice, assistant):
    confirmation = invoice_issue_confirmation(invoice=draft_invoice, actor=assistant)
    data = _composer(confirmation, mail_subject=f"Factuur F{YEAR}-000001 voor het onderhoud")
    url = reverse("sales:invoice-action", args=[draft_invoice.pk, "issue"])

    assistant_client.post(url, data)
    assistant_client.post(url, data)  # a second click: already issued, nothing more leaves

    draft_invoice.refresh_from_db()
    mail = OutboxMessage.objects.get()
    assert draft_invoice.number == f"F{YEAR}-000001" and mail.subject == f"Factuur F{YEAR}-000001 voor het onderhoud"
    assert f"+++{draft_invoice.structured_reference_display.strip('+ ')}+++" in mail.body.replace(" ", "")


@pytest.mark.usefixtures("reminder_defaults")
def test_the_reminder_run_dialog_lists_the_letters_and_the_hand_over(b2b_customer, assistant, accountant):
    today = timezone.localdate()
    invoices = []
    for days in (50, 90):
        invoice = invoice_free_create(company=b2b_customer, actor=assistant, customer_reference="PO-1")
        document_line_save(document=invoice, actor=assistant, description="Onderhoud", quantity="1",
                           unit_price="100.00")  # fmt: skip
        invoices.append(invoice_issue(invoice=invoice, actor=assistant, today=today - datetime.timedelta(days=days)))
    run = reminder_run_propose(today=today, actor=accountant)
    # The older one has reached the step that hands the file to a collection agency.
    hand_over = ReminderLevel.objects.create(rank=99, days_after_due=1, hand_over_to="collections")
    Reminder.objects.filter(run=run, invoice=invoices[1]).update(level=hand_over)

    shown = {item.invoice: item for item in reminder_run_confirmation(run=run)}

    assert (
        shown[invoices[0].number].to == ["boekhouding@bakkerij-peeters.be"] and not shown[invoices[0].number].hand_over
    )
    assert shown[invoices[1].number].hand_over == "Collection agency" and shown[invoices[1].number].to == []


def test_without_the_composer_the_defaults_leave_as_before(assistant_client, quote):
    assistant_client.post(reverse("sales:quote-action", args=[quote.pk, "send"]))

    mail = OutboxMessage.objects.get()
    assert mail.to == ["jan@bakkerij-peeters.be"] and mail.subject.startswith(f"Offerte Q{YEAR}-000001")
    assert Quote.objects.get().status == QuoteStatus.SENT


def test_the_dialog_follows_the_lines_edited_in_place(assistant_client, quote, discount_limits):
    line = quote.lines.get()
    url = reverse("sales:quote-line-update", args=[quote.pk, line.pk])

    response = assistant_client.post(url, {"product": "OVEN-60", "quantity": "1", "discount_percent": "25"},
                                     HTTP_HX_REQUEST="true")  # fmt: skip

    fragment = html.unescape(response.content.decode())
    dialog = fragment.split('<dialog class="confirm-dialog" id="send-quote-dialog"')[1]
    assert dialog.startswith(' aria-labelledby="send-quote-dialog-title" hx-swap-oob="true"')
    assert "manager's approval" in dialog and "mail_subject" not in dialog  # it no longer says "send"


def test_the_delivery_mail_is_composed_on_the_delivery_form(assistant_client, customer, assistant, oven):
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant)
    document_line_save(document=order, actor=assistant, product=oven, quantity="3")
    order_confirm(order=order, actor=assistant)
    url = reverse("sales:delivery-create", args=[order.pk])
    page = html.unescape(assistant_client.get(url).content.decode())
    assert 'name="mail_subject"' in page and f"Leveringsbon D{YEAR}-000001" in page

    line = order.lines.get()
    data = {
        f"line-{line.pk}": "2",
        "mail_to": "jan@bakkerij-peeters.be",
        "mail_cc": "magazijn@bakkerij-peeters.be",
        "mail_subject": "Uw ovens zijn vertrokken",
        "mail_body": "Beste Jan,\r\nTwee ovens zijn onderweg.",
        "mail_number": f"D{YEAR}-000001",
    }
    assert assistant_client.post(url, {**data, "mail_cc": "magazijn@"}).status_code == 400  # nothing delivered
    assert not order.deliveries.exists()
    assistant_client.post(url, data)

    mail = OutboxMessage.objects.get(content_type__model="deliverynote")
    assert (mail.subject, mail.cc) == ("Uw ovens zijn vertrokken", ["magazijn@bakkerij-peeters.be"])
    assert order.deliveries.get().number == f"D{YEAR}-000001"

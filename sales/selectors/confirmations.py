"""What an irreversible action will do, said before the user confirms it: to whom, under which number, by which
channel, and the mail as it will leave (the composer's defaults). Read only: nothing is numbered or queued here."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError
from orderdesk.numbering import number_format, number_peek
from sales.models import Invoice, Order, ProductDocument, Quote, Reminder, ReminderLevel, ReminderRun
from sales.selectors.invoices import invoice_channel, invoice_parties, invoice_problems, invoice_recipients
from sales.states import QuoteStatus


@dataclass(frozen=True)
class AttachmentShown:
    name: str
    url: str = ""  # a preview, where there is one
    size: int | None = None  # bytes, where known before sending (a stored file)


@dataclass
class MailDefault:
    """The mail as it leaves when the user changes nothing."""

    to: list[str]
    subject: str
    body: str
    cc: list[str] = field(default_factory=list)
    number: str = ""  # the number the texts carry (provisional before issue)


@dataclass
class Confirmation:
    contact: str = ""  # the person it goes to, when there is one
    to: list[str] = field(default_factory=list)
    number: str = ""
    provisional: bool = False  # the next number of the series: another issue in between takes it first
    channels: list[str] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)  # what happens instead (an approval, a hold, a problem)
    mail: MailDefault | None = None
    attachments: list[AttachmentShown] = field(default_factory=list)


def _next_number(series: str, today: datetime.date) -> tuple[str, int]:
    sequence = number_peek(series=series, year=today.year)
    return number_format(series=series, year=today.year, value=sequence), sequence


def _contact_name(document) -> str:
    return document.contact.full_name if document.contact is not None else ""


def quote_send_confirmation(*, quote: Quote, actor) -> Confirmation:
    from sales.services.documents import _with, document_recipients, quote_mail_default, quote_pdf_name
    from sales.services.quotes import quote_approval_reasons

    confirmation = Confirmation(contact=_contact_name(quote))
    if quote.status == QuoteStatus.DRAFT:
        reasons = quote_approval_reasons(quote=quote, actor=actor)
        if reasons:
            confirmation.outcome = [_("The discount needs a manager's approval: the quote goes to a manager and "
                                      "nothing is sent to the customer yet."), *reasons]  # fmt: skip
            return confirmation
    try:
        confirmation.to = document_recipients(quote)
    except DomainError as error:
        confirmation.outcome.append(str(error))
    if quote.number:
        number = quote.number
        confirmation.number = quote.reference
    else:
        number, _sequence = _next_number("quote", timezone.localdate())
        confirmation.number, confirmation.provisional = number, True
    confirmation.channels = [_("E-mail, with the quote as a PDF and the customer's link to accept it online")]
    subject, body = quote_mail_default(quote, number=number)
    confirmation.mail = MailDefault(to=confirmation.to, subject=subject, body=body, number=number)
    confirmation.attachments = [
        AttachmentShown(quote_pdf_name(_with(quote, number=number)), reverse("sales:quote-pdf", args=[quote.pk]))
    ]
    return confirmation


def order_confirm_confirmation(*, order: Order, actor) -> Confirmation:
    from sales.services.discounts import document_approval_problems
    from sales.services.documents import document_recipients, order_mail_default
    from sales.services.orders import order_checklist

    today = timezone.localdate()
    confirmation = Confirmation(contact=_contact_name(order))
    checklist = order_checklist(order=order, today=today)
    if checklist.missing:
        confirmation.outcome = [_("Complete the order first: %(missing)s.") % {"missing": "; ".join(checklist.missing)}]
        return confirmation
    if order.approval_pending or document_approval_problems(document=order, actor=actor):
        confirmation.outcome = [_("The prices need a manager's approval: the order waits for it and nothing is sent "
                                  "to the customer yet.")]  # fmt: skip
        return confirmation
    if order.number:
        number = confirmation.number = order.number
    else:
        number, _sequence = _next_number("order", today)
        confirmation.number, confirmation.provisional = number, True
    if checklist.hold_problems:
        confirmation.outcome = [_("The order goes on hold for a manager (credit): it gets its number, but the "
                                  "confirmation leaves only when the manager releases it."),
                                *checklist.hold_reasons]  # fmt: skip
        return confirmation
    try:
        confirmation.to = document_recipients(order)
    except DomainError as error:
        confirmation.outcome.append(str(error))
    confirmation.channels = [_("E-mail, with the order confirmation as a PDF")]
    subject, body = order_mail_default(order, number=number)
    confirmation.mail = MailDefault(to=confirmation.to, subject=subject, body=body, number=number)
    confirmation.attachments = [AttachmentShown(f"{number}.pdf", reverse("sales:order-pdf", args=[order.pk]))]
    return confirmation


def invoice_issue_confirmation(*, invoice: Invoice, actor) -> Confirmation:
    from sales.services.discounts import document_approval_problems
    from sales.services.invoice_documents import invoice_mail_default
    from sales.services.peppol import endpoint_for

    today = timezone.localdate()
    confirmation = Confirmation(contact=_contact_name(invoice))
    problems = invoice_problems(invoice)
    if problems:
        confirmation.outcome = problems
        return confirmation
    if not invoice.is_credit_note and (
        invoice.approval_pending or document_approval_problems(document=invoice, actor=actor)
    ):
        confirmation.outcome = [_("The prices need a manager's approval: the invoice waits for it and is not issued "
                                  "yet.")]  # fmt: skip
        return confirmation
    number, sequence = _next_number("credit_note" if invoice.is_credit_note else "invoice", today)
    confirmation.number, confirmation.provisional = number, True
    confirmation.to = invoice_recipients(invoice)
    buyer = invoice_parties(invoice)["buyer"]
    ubl = endpoint_for(buyer) is not None
    if invoice_channel(invoice) == Invoice.Channel.PEPPOL:
        confirmation.channels.append(_("Peppol, to %(id)s") % {"id": buyer.get("peppol_id", "")})
        if confirmation.to:
            confirmation.channels.append(_("A copy by e-mail, with the PDF and the e-invoice (UBL)"))
    elif ubl:
        confirmation.channels.append(_("E-mail, with the PDF and the e-invoice (UBL) attached"))
    else:
        confirmation.channels.append(_("E-mail, with the PDF"))
    if not confirmation.to:  # Peppol alone: no mail to write
        return confirmation
    subject, body = invoice_mail_default(invoice, number=number, sequence=sequence, today=today, ubl_attached=ubl)
    confirmation.mail = MailDefault(to=confirmation.to, subject=subject, body=body, number=number)
    confirmation.attachments = [AttachmentShown(f"{number}.pdf", reverse("sales:invoice-pdf", args=[invoice.pk]))]
    if ubl:
        confirmation.attachments.append(AttachmentShown(f"{number}.xml"))
    return confirmation


@dataclass(frozen=True)
class ReminderShown:
    reminder: Reminder
    company: str
    invoice: str
    level: str
    channel: str
    amount: object
    to: list[str]
    hand_over: str  # who takes the file over, when this level hands it over instead of a letter


def reminder_run_confirmation(*, run: ReminderRun) -> list[ReminderShown]:
    """The letters and hand-overs sending the run will make, customer by customer."""
    reminders = (
        run.reminders.filter(status=Reminder.Status.PROPOSED)
        .select_related("invoice__company", "invoice__contact", "level")
        .order_by("invoice__company__name", "invoice__due_date", "pk")
    )
    shown = []
    for reminder in reminders:
        invoice, level = reminder.invoice, reminder.level
        email = reminder.channel == ReminderLevel.Channel.EMAIL and not level.hand_over_to
        shown.append(ReminderShown(
            reminder=reminder, company=invoice.company.name, invoice=invoice.number, level=level.display_name,
            channel="" if level.hand_over_to else reminder.get_channel_display(),
            amount=reminder.principal + reminder.interest + reminder.compensation,
            to=invoice_recipients(invoice) if email else [],
            hand_over=level.get_hand_over_to_display() if level.hand_over_to else "",
        ))  # fmt: skip
    return shown


def delivery_mail_confirmation(*, order: Order, quantities: dict) -> Confirmation:
    """The mail of a delivery note about to be made for `quantities` ({order line id: quantity}) of `order`: its
    provisional number, recipients, texts and attachments (the note and the products' manuals, with their sizes)."""
    from sales.services.documents import delivery_mail_default, document_recipients

    confirmation = Confirmation(contact=_contact_name(order))
    number, _sequence = _next_number("delivery", timezone.localdate())
    confirmation.number, confirmation.provisional = number, True
    try:
        confirmation.to = document_recipients(order)
    except DomainError as error:
        confirmation.outcome.append(str(error))
    subject, body = delivery_mail_default(order, number=number, quantities=quantities)
    confirmation.mail = MailDefault(to=confirmation.to, subject=subject, body=body, number=number)
    confirmation.attachments = [AttachmentShown(f"{number}.pdf")]
    products = {line.product_id for line in order.lines.all() if line.pk in quantities and line.product_id}
    for document in ProductDocument.objects.filter(product_id__in=products, language__in=[order.language, ""]):
        confirmation.attachments.append(AttachmentShown(
            document.original_name or document.file.name.rsplit("/", 1)[-1],
            reverse("sales:product-document", args=[document.product_id, document.pk]),
            _file_size(document.file),
        ))  # fmt: skip
    return confirmation


def _file_size(file) -> int | None:
    try:
        return file.size
    except OSError:  # a file missing from storage: the mail will say so when it is built
        return None

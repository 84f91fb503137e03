"""Invoices and credit notes: drafts from what was delivered, issue, credit notes, and the settlement status.

Issuing is one transaction: the next number of the year's series, the dates, the structured communication,
the amounts and both parties frozen, the PDF and the UBL archived with their hashes, the e-mail queued in
the outbox and, for Belgian companies, the Peppol transmission queued. If any step fails, nothing of it
stays, and the number is given to the next invoice: the series has no gaps.
"""

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customers.models import Company, VatRegime
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import instance_sync, status_transition
from orderdesk.identifiers import structured_reference_for
from orderdesk.mail import MailComposition
from orderdesk.money import ZERO, quantize
from orderdesk.numbering import number_format, number_next
from orderdesk.numbers import NumberError, to_number
from orderdesk.permissions import ADD_INVOICES, CHANGE_INVOICES, ISSUE_INVOICES
from orderdesk.stored_texts import stored_text
from orderdesk.text import text_clean
from sales import texts
from sales.models import DeliveryNote, Invoice, InvoiceDelivery, InvoiceLine, Order, OrderLine
from sales.selectors.invoices import (
    invoice_channel,
    invoice_lines_creditable,
    invoice_problems,
    invoice_recipients,
    invoice_vat_regime,
    order_invoiceable,
    parties_snapshot,
    service_quantity_to_invoice,
    settlement_status,
)
from sales.services.approvals import document_approval_request, document_prices_cover
from sales.services.discounts import document_approval_problems
from sales.services.document_chain import document_chain_link
from sales.services.lines import document_recalculate, line_copy
from sales.services.orders import order_transition
from sales.services.totals import document_totals
from sales.services.vat import applied_rate, line_base_rate
from sales.states import INVOICE_TRANSITIONS, ORDER_INVOICEABLE, InvoiceStatus, OrderStatus

# B2B payment terms may not exceed 60 days (law of 2 August 2002).
MAX_B2B_PAYMENT_DAYS = 60


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


def invoice_transition(*, invoice: Invoice, to: str, actor, reason: str = "", **fields) -> Invoice:
    """The one way an invoice or credit note changes status: checked, with a history row."""
    return status_transition(
        obj=invoice, to=to, actor=actor, allowed=INVOICE_TRANSITIONS, reason=reason, extra_fields=fields or None
    )


# --- drafts ------------------------------------------------------------------------------------------------------


def _new_draft(*, company: Company, actor, **fields) -> Invoice:
    return Invoice.objects.create(
        company=company,
        language=company.language,
        vat_regime=company.vat_regime,
        payment_days=company.payment_days,
        created_by=actor,
        **fields,
    )


@transaction.atomic
def invoice_draft_create(
    *, company: Company, actor, deliveries: Iterable[DeliveryNote] = (), service_lines: Iterable[OrderLine] = ()
) -> Invoice:
    """A draft invoice for delivery notes and/or service lines of orders, priced as ordered.

    Every delivery note is billed once: a second draft for the same note is refused.
    """
    _require(actor, ADD_INVOICES)
    notes = list(
        DeliveryNote.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(pk__in=[note.pk for note in deliveries])
        .order_by("shipped_on", "pk")
    )
    service_lines = list(service_lines)
    orders = {note.order for note in notes} | {line.order for line in service_lines}
    if not orders:
        raise DomainError(_("Choose what to invoice: delivery notes or services of an order."))
    if any(order.company_id != company.pk for order in orders):
        raise DomainError(_("An invoice bills one customer: these documents belong to several."))
    billed = InvoiceDelivery.objects.filter(delivery__in=notes).select_related("invoice", "delivery").first()
    if billed is not None:
        raise DomainError(
            _("%(note)s is already on %(invoice)s.")
            % {"note": billed.delivery.number, "invoice": billed.invoice.reference}
        )
    if len({order.discount_percent for order in orders}) > 1:
        raise DomainError(_("These orders have different discounts on the whole order: invoice them separately."))
    order = next(iter(orders))
    references = sorted({order.customer_reference for order in orders if order.customer_reference})
    invoice = _new_draft(
        company=company,
        actor=actor,
        kind=Invoice.Kind.INVOICE,
        contact=order.contact if len(orders) == 1 else None,
        order=order if len(orders) == 1 else None,
        customer_reference=", ".join(references)[:100],
        discount_percent=order.discount_percent,
        supply_date=max((note.delivered_on or note.shipped_on for note in notes), default=None),
    )
    lines = []
    for note in notes:
        InvoiceDelivery.objects.create(invoice=invoice, delivery=note)
        for delivery_line in note.lines.select_related("order_line"):
            lines.append(_invoice_line(delivery_line.order_line, quantity=delivery_line.quantity,
                                       position=len(lines) + 1, delivery_line=delivery_line))  # fmt: skip
    for order_line in service_lines:
        remaining = service_quantity_to_invoice(order_line)
        if remaining > 0:
            lines.append(_invoice_line(order_line, quantity=remaining, position=len(lines) + 1))
    if not lines:
        raise DomainError(_("Nothing left to invoice."))
    for line in lines:
        line.invoice = invoice
        # Priced as ordered; the VAT is the law's today: the customer's regime may have changed since the order.
        line.vat_rate = applied_rate(invoice.vat_regime, line_base_rate(line))
    InvoiceLine.objects.bulk_create(lines)
    document_recalculate(document=invoice)
    # Billed as ordered: the prices were approved (or within authority) when the order was confirmed.
    document_prices_cover(document=invoice)
    return invoice


def _invoice_line(order_line: OrderLine, *, quantity: Decimal, position: int, **links) -> InvoiceLine:
    """An order line billed: as ordered, for the quantity delivered (or left, for a service)."""
    return line_copy(order_line, to_model=InvoiceLine, quantity=quantity, position=position, order_line=order_line,
                     **links)  # fmt: skip


def invoice_draft_for_order(*, order: Order, actor) -> Invoice:
    if order.status not in ORDER_INVOICEABLE:
        raise DomainError(_("Only a confirmed order can be invoiced."))
    notes, lines = order_invoiceable(order)
    if not notes and not lines:
        raise DomainError(_("Everything on %(order)s is invoiced already.") % {"order": order.number})
    return invoice_draft_create(company=order.company, actor=actor, deliveries=notes, service_lines=lines)


@transaction.atomic
def invoice_free_create(*, company: Company, actor, customer_reference: str = "") -> Invoice:
    """An empty draft invoice for lines typed by hand (a service, a fee, a sale without order), with the customer's
    reference when known (an e-invoice needs one, or a contact)."""
    _require(actor, ADD_INVOICES)
    return _new_draft(company=company, actor=actor, kind=Invoice.Kind.INVOICE,
                      customer_reference=text_clean(customer_reference).strip()[:100])  # fmt: skip


INVOICE_HEADER_FIELDS = {"contact", "customer_reference", "supply_date", "payment_days", "notes", "internal_notes"}


@transaction.atomic
def invoice_update(*, invoice: Invoice, actor, **fields) -> Invoice:
    """Change the header of a draft (the lines have their own editor)."""
    _require(actor, CHANGE_INVOICES)
    locked = _locked_draft(invoice)
    unknown = set(fields) - INVOICE_HEADER_FIELDS
    if unknown:
        raise ValueError(f"Not a header field: {sorted(unknown)}")
    if fields.get("contact") is not None and fields["contact"].company_id != locked.company_id:
        raise ValidationError({"contact": _("This person works for another company.")})
    for name, value in fields.items():
        setattr(locked, name, text_clean(value) if isinstance(value, str) else value)
    _check_payment_days(locked)
    locked.save(update_fields=[*fields, "updated_at"])
    instance_sync(invoice, locked)
    return locked


@transaction.atomic
def invoice_vat_regime_apply(*, invoice: Invoice, actor) -> Invoice:
    """Rate a draft invoice again for the customer's current VAT regime: its regime becomes the customer's and every
    line's VAT rate the Belgian rate of what it sells under it (0 % for an export, an intra-Community supply or
    reverse charge). The user asks for it when the draft says the regime changed; prices stay as they are."""
    _require(actor, CHANGE_INVOICES)
    locked = _locked_draft(invoice)
    if locked.is_credit_note:
        raise DomainError(_("A credit note keeps the VAT of the invoice it credits."))
    locked.vat_regime = locked.company.vat_regime
    locked.save(update_fields=["vat_regime", "updated_at"])
    for line in locked.lines.all():
        rate = applied_rate(locked.vat_regime, line_base_rate(line))
        if rate != line.vat_rate:
            line.vat_rate = rate
            line.save(update_fields=["vat_rate"])
    document_recalculate(document=locked)
    instance_sync(invoice, locked)
    return locked


@transaction.atomic
def invoice_draft_delete(*, invoice: Invoice, actor) -> None:
    """Throw a draft away; its delivery notes are free to invoice again. Issued documents are never deleted."""
    _require(actor, CHANGE_INVOICES)
    locked = _locked_draft(invoice)
    locked.lines.all().delete()
    locked.invoice_deliveries.all().delete()
    locked.delete()


def _locked_draft(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update(of=("self",)).select_related("company").get(pk=invoice.pk)
    if locked.status != InvoiceStatus.DRAFT:
        raise DomainError(_("%(number)s is issued: it cannot change any more.") % {"number": locked.number})
    return locked


def _check_payment_days(invoice: Invoice) -> None:
    if invoice.company.vat_regime != VatRegime.PRIVATE and invoice.payment_days > MAX_B2B_PAYMENT_DAYS:
        raise ValidationError({"payment_days": _("A B2B payment term may not exceed 60 days.")})


# --- issue -------------------------------------------------------------------------------------------------------


@transaction.atomic
def invoice_issue(*, invoice: Invoice, actor, today: datetime.date | None = None,
                  mail: MailComposition | None = None) -> Invoice:  # fmt: skip
    """Issue a draft invoice or credit note: number, dates, OGM, frozen data, PDF and UBL archived, mail queued
    (with the subject, text and addresses of the composer, `mail`, where the user changed them)."""
    from sales.services.invoice_documents import invoice_pdf
    from sales.services.peppol import endpoint_for, invoice_ubl

    _require(actor, ISSUE_INVOICES)
    today = today or timezone.localdate()
    locked = _locked_draft(invoice)
    if not locked.is_credit_note:  # a credit note's amount is decided where it is made (a complaint, a manager)
        if locked.approval_pending:
            raise DomainError(_("The prices of this invoice wait for a manager's approval."))
        approval = document_approval_problems(document=locked, actor=actor)
        if approval:
            locked = document_approval_request(document=locked, actor=actor, problems=approval)
            instance_sync(invoice, locked)
            return locked
    credited = None
    if locked.is_credit_note:
        # Lock the credited invoice first: two credit notes on one invoice wait for each other.
        credited = Invoice.objects.select_for_update(of=("self",)).get(pk=locked.credited_invoice_id)
        locked.credited_invoice = credited
    # A credit note follows the invoice it credits; an invoice keeps the regime it was priced for (a change of the
    # customer's regime since is one of the problems: the user rates the lines again first).
    locked.vat_regime = invoice_vat_regime(locked)
    lines = list(locked.lines.select_related("product"))
    totals = document_totals(lines=lines, discount_percent=locked.discount_percent, regime=locked.vat_regime)
    locked.net_total, locked.vat_total, locked.total = totals.net, totals.vat, totals.total
    _check_payment_days(locked)
    problems = invoice_problems(locked)
    if problems:
        raise DomainError(" ".join(problems))

    series = "credit_note" if locked.is_credit_note else "invoice"
    sequence = number_next(series=series, year=today.year)
    locked.number = number_format(series=series, year=today.year, value=sequence)
    locked.issue_date = today
    locked.supply_date = locked.supply_date or today
    if not locked.is_credit_note:
        locked.due_date = today + datetime.timedelta(days=locked.payment_days)
        locked.structured_reference = structured_reference_for(year=today.year, sequence=sequence)
    locked.channel = invoice_channel(locked)
    locked.parties = parties_snapshot(locked)

    # Both files are made in memory first: a document that cannot be built stops the issue before anything is
    # written. Then they are archived, and removed again if the rest of the issue fails.
    pdf = invoice_pdf(locked, lines=lines)
    ubl = invoice_ubl(locked, lines=lines, pdf=pdf) if endpoint_for(locked.parties["buyer"]) is not None else None
    written = []
    try:
        written.append(_archive(locked.pdf, f"{locked.number}.pdf", pdf))
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        if ubl is not None:
            written.append(_archive(locked.ubl, f"{locked.number}.xml", ubl))
            locked.ubl_sha256 = hashlib.sha256(ubl).hexdigest()
        document_chain_link(document=locked, model=Invoice)  # the hash of all the above, chained to the series
        locked.save()  # still a draft in the database: the content is written once, here
        locked = invoice_transition(invoice=locked, to=InvoiceStatus.ISSUED, actor=actor, issued_by=actor,
                                    issued_at=timezone.now())  # fmt: skip
        _issued_follow_up(locked, credited=credited, pdf=pdf, ubl=ubl, actor=actor, mail=mail)
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise
    instance_sync(invoice, locked)
    return locked


def _archive(file, name: str, content: bytes):
    """Store an issued document's file under its number. A file of that name can only be left by an issue that
    was rolled back after writing it (the number went to this document): it is replaced, never suffixed."""
    path = file.field.generate_filename(file.instance, name)
    if file.storage.exists(path):
        file.storage.delete(path)
    file.save(name, ContentFile(content), save=False)
    return file


def _issued_follow_up(locked: Invoice, *, credited: Invoice | None, pdf: bytes, ubl: bytes | None, actor,
                      mail: MailComposition | None = None) -> None:  # fmt: skip
    """What an issued document sets going: the settlement of a credit note, the orders billed, the mail, Peppol."""
    from sales.services.invoice_documents import invoice_mail
    from sales.services.peppol import transmission_queue

    if credited is not None:
        # The credit note first settles what is still open on the invoice; only the rest (the invoice was paid)
        # is owed to the customer and waits, open, for the refund.
        set_off = max(min(locked.total, credited.amount_open), ZERO)
        credited.amount_credited += locked.total
        credited.save(update_fields=["amount_credited", "updated_at"])
        invoice_settle(invoice=credited, actor=actor)
        if set_off:
            locked.amount_credited = set_off
            locked.save(update_fields=["amount_credited", "updated_at"])
            invoice_settle(invoice=locked, actor=actor)
    else:
        _orders_mark_invoiced(locked, actor=actor)
    recipients = invoice_recipients(locked)
    if recipients or (mail is not None and mail.to):
        invoice_mail(invoice=locked, pdf=pdf, ubl=ubl, to=recipients, actor=actor, composition=mail)
    if locked.channel == Invoice.Channel.PEPPOL:
        transmission_queue(invoice=locked)


def _orders_mark_invoiced(invoice: Invoice, *, actor) -> None:
    """An order whose every line is delivered (goods) and billed moves to Invoiced."""
    order_ids = sorted({line.order_line.order_id for line in invoice.lines.select_related("order_line")
                        if line.order_line_id})  # fmt: skip
    for order in Order.objects.select_for_update(of=("self",)).filter(pk__in=order_ids).order_by("pk"):
        lines = list(order.lines.select_related("product"))
        if order.status == OrderStatus.CONFIRMED and any(line.is_goods for line in lines):
            continue  # goods still to deliver
        if order.status not in {OrderStatus.CONFIRMED, OrderStatus.DELIVERED}:
            continue
        billed = dict(
            InvoiceLine.objects.filter(order_line__order=order, invoice__kind=Invoice.Kind.INVOICE)
            .exclude(invoice__status=InvoiceStatus.DRAFT)
            .values_list("order_line")
            .annotate(total=Sum("quantity"))
        )
        if all(billed.get(line.pk, ZERO) >= line.quantity for line in lines):
            order_transition(order=order, to=OrderStatus.INVOICED, actor=actor)


def invoice_settle(*, invoice: Invoice, actor) -> Invoice:
    """Put the status in line with the money: credited in full, paid, partly paid, or simply issued."""
    target = settlement_status(invoice)
    if target != invoice.status:
        invoice_transition(invoice=invoice, to=target, actor=actor)
    return invoice


# --- credit notes ------------------------------------------------------------------------------------------------


def _quantity(value, field: str) -> Decimal:
    try:
        return to_number(value, max_digits=14, decimal_places=3)
    except NumberError as error:
        raise ValidationError({field: error.message}) from None


@transaction.atomic
def credit_note_create(
    *,
    invoice: Invoice,
    actor,
    reason: str | dict,
    quantities: Mapping[int, object] | None = None,
    amount=None,
    vat_rate=None,
    is_service: bool | None = None,
) -> Invoice:
    """A draft credit note on an issued invoice: in full (no quantities, no amount), for chosen lines and
    quantities ({invoice line id: quantity}), or for an amount excl. VAT at one of the invoice's VAT rates (on
    goods or on services, `is_service`, where the invoice has both at that rate: they are two VAT categories for an
    EU customer; by default what the invoice has most of at that rate).

    The credit note keeps the VAT regime of the invoice, whatever the customer's is today.

    The complaints issue creates its credit notes here too; `invoice_issue` then issues them. Their reason is a
    stored text (orderdesk.stored_texts): the customer's documents read it in the customer's language.
    """
    _require(actor, ISSUE_INVOICES)
    locked = Invoice.objects.select_for_update(of=("self",)).select_related("company").get(pk=invoice.pk)
    if locked.is_credit_note or locked.status == InvoiceStatus.DRAFT:
        raise DomainError(_("Only an issued invoice can be credited."))
    stored_reason = reason if isinstance(reason, dict) and reason.get("code") else None
    reason = "" if stored_reason else text_clean(reason or "")
    if stored_reason is None and not reason.strip():
        raise ValidationError({"reason": _("Say why the invoice is credited: the customer reads it.")})
    remaining = locked.total - locked.amount_credited
    if remaining <= 0:
        raise DomainError(_("%(number)s is credited in full already.") % {"number": locked.number})
    note = Invoice.objects.create(
        kind=Invoice.Kind.CREDIT_NOTE,
        company=locked.company,
        contact=locked.contact,
        order=locked.order,
        credited_invoice=locked,
        credit_reason=reason.strip(),
        credit_reason_data=stored_reason,
        language=locked.language,
        vat_regime=invoice_vat_regime(locked),
        customer_reference=locked.customer_reference,
        discount_percent=locked.discount_percent if amount in (None, "") else ZERO,
        payment_days=0,
        supply_date=locked.supply_date,
        created_by=actor,
    )
    lines = []
    if amount not in (None, ""):
        lines.append(_amount_line(locked, note, amount=amount, vat_rate=vat_rate, is_service=is_service))
    else:
        for line in invoice_lines_creditable(locked):
            left = line.quantity - line.credited
            wanted = left if quantities is None else _quantity(quantities.get(line.pk) or 0, f"quantity_{line.pk}")
            if wanted == 0:
                continue
            if wanted < 0 or wanted > left:
                raise ValidationError(
                    {f"quantity_{line.pk}": _("Line %(position)s (%(description)s): credit between 0 and %(left)s.")
                     % {"position": line.position, "description": line.description[:40],
                        "left": f"{left.normalize():f}"}}
                )  # fmt: skip
            lines.append(line_copy(line, to_model=InvoiceLine, invoice=note, position=len(lines) + 1, quantity=wanted,
                                   order_line_id=line.order_line_id, credited_line=line))  # fmt: skip
    if not lines:
        raise ValidationError(_("Choose at least one line and quantity to credit, or an amount."))
    InvoiceLine.objects.bulk_create(lines)
    document_recalculate(document=note)
    if note.total > remaining:
        raise ValidationError(
            _("The credit (%(credit)s) is more than what remains of %(invoice)s (%(remaining)s).")
            % {"credit": note.total, "invoice": locked.number, "remaining": remaining}
        )
    return note


def _amount_line(invoice: Invoice, note: Invoice, *, amount, vat_rate, is_service: bool | None) -> InvoiceLine:
    amount = quantize(_quantity(amount, "amount"))
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    rates = sorted({line.vat_rate for line in invoice.lines.all()}, reverse=True)
    rate = rates[0] if vat_rate in (None, "") else _quantity(vat_rate, "vat_rate")
    if rate not in rates:
        raise ValidationError({"vat_rate": _("Use a VAT rate of the invoice: %(rates)s %%.")
                               % {"rates": ", ".join(str(r.normalize()) for r in rates)}})  # fmt: skip
    at_rate = sorted((line for line in invoice.lines.all() if line.vat_rate == rate), key=lambda line: -line.net_amount)
    if is_service is None or is_service not in {line.is_service for line in at_rate}:
        is_service = at_rate[0].is_service
    with translation.override(invoice.language):
        description = _("Credit on invoice %(number)s") % {"number": invoice.number}
    return InvoiceLine(
        invoice=note, position=1, description=description, quantity=Decimal(1), unit_price=amount, vat_rate=rate,
        net_amount=amount, price_explanation=_("amount credited"),
        price_explanation_data=stored_text(texts.PRICE_CREDITED), is_service=is_service, base_vat_rate=rate,
    )  # fmt: skip

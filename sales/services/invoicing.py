"""Invoices and credit notes: drafts from what was delivered, issue, credit notes, and the settlement status.

Issuing is one transaction: the next number of the year's series, the dates, the structured communication,
the amounts and both parties frozen, the PDF and the UBL archived with their hashes, the e-mail queued in
the outbox and, for Belgian companies, the Peppol transmission queued. If any step fails, nothing of it
stays, and the number is given to the next invoice: the series has no gaps.
"""

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customers.models import Company, VatRegime
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import instance_sync, status_transition
from orderdesk.identifiers import structured_reference_for
from orderdesk.models import CompanySettings
from orderdesk.money import ZERO, quantize
from orderdesk.numbering import number_format, number_next
from orderdesk.permissions import ADD_INVOICES, CHANGE_INVOICES, ISSUE_INVOICES
from sales.models import DeliveryNote, Invoice, InvoiceDelivery, InvoiceLine, Order, OrderLine
from sales.services.lines import document_recalculate
from sales.services.orders import order_transition
from sales.services.totals import document_totals, line_net
from sales.states import INVOICE_TRANSITIONS, InvoiceStatus, OrderStatus

# Belgian companies must receive their invoices as structured e-invoices (Peppol) since 2026-01-01.
PEPPOL_REGIMES = {VatRegime.BELGIAN, VatRegime.REVERSE_CHARGE}
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


def _line_from_order_line(order_line: OrderLine, *, quantity: Decimal, position: int, **links) -> InvoiceLine:
    return InvoiceLine(
        position=position,
        product_id=order_line.product_id,
        sku=order_line.sku,
        description=order_line.description,
        quantity=quantity,
        unit=order_line.unit,
        list_price=order_line.list_price,
        unit_price=order_line.unit_price,
        discount_percent=order_line.discount_percent,
        vat_rate=order_line.vat_rate,
        net_amount=line_net(
            quantity=quantity, unit_price=order_line.unit_price, discount_percent=order_line.discount_percent
        ),
        price_explanation=order_line.price_explanation,
        order_line=order_line,
        **links,
    )


def service_quantity_to_invoice(order_line: OrderLine) -> Decimal:
    """What of a line that is not shipped (a service, a free line) is left to bill directly: what is not on a
    delivery note (those are billed with the note) nor on an invoice yet (drafts included: never twice)."""
    invoiced = (
        order_line.invoice_lines.filter(invoice__kind=Invoice.Kind.INVOICE, delivery_line__isnull=True).aggregate(
            total=Sum("quantity")
        )["total"]
        or ZERO
    )
    return order_line.quantity - order_line.quantity_delivered - invoiced


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
            lines.append(
                _line_from_order_line(
                    delivery_line.order_line,
                    quantity=delivery_line.quantity,
                    position=len(lines) + 1,
                    delivery_line=delivery_line,
                )  # fmt: skip
            )
    for order_line in service_lines:
        remaining = service_quantity_to_invoice(order_line)
        if remaining > 0:
            lines.append(_line_from_order_line(order_line, quantity=remaining, position=len(lines) + 1))
    if not lines:
        raise DomainError(_("Nothing left to invoice."))
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    document_recalculate(document=invoice)
    return invoice


def order_invoiceable(order: Order) -> tuple[list[DeliveryNote], list[OrderLine]]:
    """What of an order is not on an invoice yet: its delivery notes, and its lines that are not delivered
    (services, free lines) with quantity left to bill."""
    notes = list(order.deliveries.filter(invoice_link__isnull=True).order_by("shipped_on", "pk"))
    lines = [
        line
        for line in order.lines.select_related("product")
        if not line.is_goods and service_quantity_to_invoice(line) > 0
    ]
    return notes, lines


def invoice_draft_for_order(*, order: Order, actor) -> Invoice:
    if order.status not in {OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_DELIVERED, OrderStatus.DELIVERED}:
        raise DomainError(_("Only a confirmed order can be invoiced."))
    notes, lines = order_invoiceable(order)
    if not notes and not lines:
        raise DomainError(_("Everything on %(order)s is invoiced already.") % {"order": order.number})
    return invoice_draft_create(company=order.company, actor=actor, deliveries=notes, service_lines=lines)


@transaction.atomic
def invoice_free_create(*, company: Company, actor) -> Invoice:
    """An empty draft invoice for lines typed by hand (a service, a fee, a sale without order)."""
    _require(actor, ADD_INVOICES)
    return _new_draft(company=company, actor=actor, kind=Invoice.Kind.INVOICE)


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
        setattr(locked, name, value)
    _check_payment_days(locked)
    locked.save(update_fields=[*fields, "updated_at"])
    instance_sync(invoice, locked)
    return locked


@transaction.atomic
def invoice_draft_delete(*, invoice: Invoice, actor) -> None:
    """Throw a draft away; its delivery notes are free to invoice again. Issued documents are never deleted."""
    _require(actor, CHANGE_INVOICES)
    locked = _locked_draft(invoice)
    locked.lines.all().delete()
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


def invoice_problems(invoice: Invoice) -> list[str]:
    """Why a draft cannot be issued yet, in words; empty when it can."""
    company, seller = invoice.company, CompanySettings.load()
    problems = []
    if not seller.pk or not (seller.name and seller.enterprise_number and seller.iban):
        problems.append(_("Our company details (name, enterprise number, IBAN) are not filled in."))
    if not invoice.lines.exists():
        problems.append(_("The invoice has no lines."))
    elif invoice.total <= 0:
        problems.append(_("The total must be more than zero."))
    if not (company.street and company.postal_code and company.city):
        problems.append(_("The customer's address is not complete."))
    if company.vat_regime in {VatRegime.BELGIAN, VatRegime.INTRA_EU, VatRegime.REVERSE_CHARGE} and (
        not company.vat_number
    ):
        problems.append(_("A company invoice needs the customer's VAT number."))
    if not invoice_recipients(invoice) and invoice_channel(invoice) != Invoice.Channel.PEPPOL:
        problems.append(_("The customer has no e-mail address for invoices."))
    if invoice.is_credit_note and invoice.credited_invoice is not None:
        creditable = invoice.credited_invoice.total - invoice.credited_invoice.amount_credited
        if invoice.total > creditable:
            problems.append(
                _("The credit (%(credit)s) is more than what remains of %(invoice)s (%(creditable)s).")
                % {"credit": invoice.total, "invoice": invoice.credited_invoice.number, "creditable": creditable}
            )
    return problems


def invoice_recipients(invoice: Invoice) -> list[str]:
    """Invoices go to the invoice address of the company, else the contact, else the general address."""
    company, contact = invoice.company, invoice.contact
    address = company.invoice_email or (contact.email if contact is not None else "") or company.email
    return [address] if address else []


def invoice_channel(invoice: Invoice) -> str:
    company = invoice.company
    if company.vat_regime in PEPPOL_REGIMES and company.effective_peppol_id:
        return Invoice.Channel.PEPPOL
    return Invoice.Channel.EMAIL


def parties_snapshot(invoice: Invoice) -> dict:
    """Seller and buyer as printed on the document, frozen at issue."""
    seller, buyer = CompanySettings.load(), invoice.company
    return {
        "seller": {
            "name": seller.name,
            "legal_form": seller.legal_form,
            "street": seller.street,
            "postal_code": seller.postal_code,
            "city": seller.city,
            "country": seller.country,
            "enterprise_number": seller.enterprise_number,
            "vat_number": seller.vat_number,
            "register_court": seller.register_court,
            "iban": seller.iban,
            "bic": seller.bic,
            "email": seller.email,
            "phone": seller.phone,
        },
        "buyer": {
            "name": buyer.display_name,
            "street": buyer.street,
            "postal_code": buyer.postal_code,
            "city": buyer.city,
            "country": buyer.country,
            "enterprise_number": buyer.enterprise_number,
            "vat_number": buyer.vat_number,
            "peppol_id": buyer.effective_peppol_id,
            "email": (invoice_recipients(invoice) or [""])[0],
            "contact": str(invoice.contact) if invoice.contact else "",
        },
    }


def invoice_parties(invoice: Invoice) -> dict:
    """The frozen parties of an issued document; the current data for a draft."""
    return invoice.parties if invoice.parties else parties_snapshot(invoice)


@transaction.atomic
def invoice_issue(*, invoice: Invoice, actor, today: datetime.date | None = None) -> Invoice:
    """Issue a draft invoice or credit note: number, dates, OGM, frozen data, PDF and UBL archived, mail queued."""
    from sales.services.invoice_documents import invoice_mail, invoice_pdf
    from sales.services.peppol import endpoint_for, invoice_ubl, transmission_queue

    _require(actor, ISSUE_INVOICES)
    today = today or timezone.localdate()
    locked = _locked_draft(invoice)
    credited = None
    if locked.is_credit_note:
        # Lock the credited invoice first: two credit notes on one invoice wait for each other.
        credited = Invoice.objects.select_for_update(of=("self",)).get(pk=locked.credited_invoice_id)
        locked.credited_invoice = credited
    lines = list(locked.lines.select_related("product"))
    totals = document_totals(lines=lines, discount_percent=locked.discount_percent)
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
    locked.vat_regime = locked.company.vat_regime
    locked.channel = invoice_channel(locked)
    locked.parties = parties_snapshot(locked)

    pdf = invoice_pdf(locked, lines=lines)
    locked.pdf.save(f"{locked.number}.pdf", ContentFile(pdf), save=False)
    locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    ubl = None
    if endpoint_for(locked.parties["buyer"]) is not None:
        ubl = invoice_ubl(locked, lines=lines, pdf=pdf)
        locked.ubl.save(f"{locked.number}.xml", ContentFile(ubl), save=False)
        locked.ubl_sha256 = hashlib.sha256(ubl).hexdigest()
    locked.save()  # still a draft in the database: the content is written once, here
    locked = invoice_transition(invoice=locked, to=InvoiceStatus.ISSUED, actor=actor, issued_by=actor,
                                issued_at=timezone.now())  # fmt: skip

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
    if recipients:
        invoice_mail(invoice=locked, pdf=pdf, ubl=ubl, to=recipients, actor=actor)
    if locked.channel == Invoice.Channel.PEPPOL:
        transmission_queue(invoice=locked)
    instance_sync(invoice, locked)
    return locked


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


def settlement_status(invoice: Invoice) -> str:
    if invoice.amount_paid == 0 and invoice.amount_credited >= invoice.total:
        return InvoiceStatus.CREDITED
    if invoice.amount_open <= 0:
        return InvoiceStatus.PAID
    if invoice.amount_paid > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.ISSUED


# --- credit notes ------------------------------------------------------------------------------------------------


def _quantity(value, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None


def invoice_lines_creditable(invoice: Invoice):
    """The invoice's lines, each with `credited`: the quantity credit notes (drafts included) already take."""
    return invoice.lines.annotate(credited=Coalesce(Sum("credit_lines__quantity"), Value(ZERO))).order_by(
        "position", "pk"
    )


@transaction.atomic
def credit_note_create(
    *,
    invoice: Invoice,
    actor,
    reason: str,
    quantities: Mapping[int, object] | None = None,
    amount=None,
    vat_rate=None,
) -> Invoice:
    """A draft credit note on an issued invoice: in full (no quantities, no amount), for chosen lines and
    quantities ({invoice line id: quantity}), or for an amount excl. VAT at one of the invoice's VAT rates.

    The complaints issue creates its credit notes here too; `invoice_issue` then issues them.
    """
    _require(actor, ISSUE_INVOICES)
    locked = Invoice.objects.select_for_update(of=("self",)).select_related("company").get(pk=invoice.pk)
    if locked.is_credit_note or locked.status == InvoiceStatus.DRAFT:
        raise DomainError(_("Only an issued invoice can be credited."))
    if not reason.strip():
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
        language=locked.language,
        vat_regime=locked.vat_regime,
        customer_reference=locked.customer_reference,
        discount_percent=locked.discount_percent if amount in (None, "") else ZERO,
        payment_days=0,
        supply_date=locked.supply_date,
        created_by=actor,
    )
    lines = []
    if amount not in (None, ""):
        lines.append(_amount_line(locked, note, amount=amount, vat_rate=vat_rate))
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
            lines.append(
                InvoiceLine(
                    invoice=note,
                    position=len(lines) + 1,
                    product_id=line.product_id,
                    sku=line.sku,
                    description=line.description,
                    quantity=wanted,
                    unit=line.unit,
                    list_price=line.list_price,
                    unit_price=line.unit_price,
                    discount_percent=line.discount_percent,
                    vat_rate=line.vat_rate,
                    net_amount=line_net(
                        quantity=wanted, unit_price=line.unit_price, discount_percent=line.discount_percent
                    ),
                    order_line_id=line.order_line_id,
                    credited_line=line,
                )  # fmt: skip
            )
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


def _amount_line(invoice: Invoice, note: Invoice, *, amount, vat_rate) -> InvoiceLine:
    amount = quantize(_quantity(amount, "amount"))
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    rates = sorted({line.vat_rate for line in invoice.lines.all()}, reverse=True)
    rate = rates[0] if vat_rate in (None, "") else _quantity(vat_rate, "vat_rate")
    if rate not in rates:
        raise ValidationError({"vat_rate": _("Use a VAT rate of the invoice: %(rates)s %%.")
                               % {"rates": ", ".join(str(r.normalize()) for r in rates)}})  # fmt: skip
    with translation.override(invoice.language):
        description = _("Credit on invoice %(number)s") % {"number": invoice.number}
    return InvoiceLine(
        invoice=note, position=1, description=description, quantity=Decimal(1), unit_price=amount, vat_rate=rate,
        net_amount=amount, price_explanation=_("amount credited"),
    )  # fmt: skip


# --- selections used by pages and commands ---------------------------------------------------------------------


def invoices_of_period(*, year: int, month: int):
    """Issued invoices and credit notes of a month, in number order per kind (for the accountant)."""
    return (
        Invoice.objects.exclude(status=InvoiceStatus.DRAFT)
        .filter(issue_date__year=year, issue_date__month=month)
        .select_related("company")
        .order_by("kind", "number")
    )


INVOICE_DEADLINE_WARNING_DAYS = 5


def invoicing_deadline(shipped_on: datetime.date) -> datetime.date:
    """The last day to invoice a supply: the 15th of the month after it (VAT Code, DOMAIN-BE §2)."""
    next_month = (shipped_on.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return next_month.replace(day=15)


def invoicing_deadline_near(shipped_on: datetime.date, *, today: datetime.date) -> bool:
    return invoicing_deadline(shipped_on) <= today + datetime.timedelta(days=INVOICE_DEADLINE_WARNING_DAYS)


def deliveries_to_invoice():
    """Delivery notes no invoice (not even a draft) bills yet, oldest first."""
    return (
        DeliveryNote.objects.filter(invoice_link__isnull=True)
        .exclude(order__status=OrderStatus.CANCELLED)
        .select_related("order__company")
        .order_by("shipped_on", "pk")
    )


def invoices_overdue(today: datetime.date):
    return Invoice.objects.filter(
        kind=Invoice.Kind.INVOICE, status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID], due_date__lt=today
    )


def company_open_invoices_total(company: Company) -> Decimal:
    """What the customer still owes on issued invoices (credit notes already deducted)."""
    open_ = Invoice.objects.filter(
        company=company, kind=Invoice.Kind.INVOICE, status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID]
    ).aggregate(total=Sum("total"), credited=Sum("amount_credited"), paid=Sum("amount_paid"))
    return (open_["total"] or ZERO) - (open_["credited"] or ZERO) - (open_["paid"] or ZERO)

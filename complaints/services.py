"""Complaints, from the phone call to the credit note: register, assess (with the warranty), propose, escalate,
record the customer's answer (which carries the solution out: credit note, replacement order), close, re-open.

Every status change goes through `complaint_transition` (locked, checked, with a history row). While a
complaint is open, the invoices it concerns are disputed, so no reminder goes out for them.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints import texts
from complaints.models import Complaint, ComplaintLine, RootCause, SupplierClaim
from complaints.selectors import open_complaint_numbers_for
from complaints.states import COMPLAINT_OPEN, COMPLAINT_TRANSITIONS, DEADLINES, ComplaintStatus
from customers.models import Company, Contact
from orderdesk.approvals import four_eyes_check
from orderdesk.auditing import audit_actor
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import status_history, status_transition
from orderdesk.mail import mail_queue, render_text
from orderdesk.models import CompanySettings
from orderdesk.money import quantize
from orderdesk.numbering import document_number_next
from orderdesk.numbers import NumberError, to_number
from orderdesk.permissions import ADD_COMPLAINTS, CHANGE_COMPLAINTS, DECIDE_COMPLAINTS
from orderdesk.stored_texts import stored_text
from sales.models import DeliveryLine, Invoice, InvoiceLine, OrderLine
from sales.states import InvoiceStatus

S = ComplaintStatus
# Solutions that cost us money: above the company's limit they need a manager.
_PAID_SOLUTIONS = {Complaint.Procedure.CREDIT_NOTE, Complaint.Procedure.REFUND, Complaint.Procedure.GESTURE}


def _require(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


# --- the warranty --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarrantyAnswer:
    covered: bool | None  # None: no delivery date or no warranty period known
    until: datetime.date | None
    overridden: bool = False
    reason: str = ""

    @property
    def text(self) -> str:
        if self.covered is None:
            return _("Warranty unknown (no delivery date or no warranty period)")
        if self.overridden:
            label = _("Covered by decision") if self.covered else _("Not covered by decision")
            return f"{label}: {self.reason}"
        date = self.until.strftime("%d/%m/%Y")
        if self.covered:
            return _("Under warranty until %(date)s") % {"date": date}
        return _("Warranty expired on %(date)s") % {"date": date}


def warranty_until(*, delivered_on: datetime.date, months: int) -> datetime.date:
    """The last day of the warranty: the same day `months` later (the month's last day when it has fewer)."""
    return delivered_on + relativedelta(months=months)


def line_warranty(line: ComplaintLine, *, today: datetime.date) -> WarrantyAnswer:
    note = line.delivery_line.delivery if line.delivery_line_id else None
    delivered_on = (note.delivered_on or note.shipped_on) if note is not None else None
    months = line.product.warranty_months if line.product_id else None
    if delivered_on is None or not months:
        return WarrantyAnswer(covered=None, until=None)
    until = warranty_until(delivered_on=delivered_on, months=months)
    return WarrantyAnswer(covered=today <= until, until=until)


def complaint_warranty(complaint: Complaint, *, today: datetime.date) -> WarrantyAnswer:
    """The complaint's warranty: decided by hand, or covered when every concerned line with a known warranty is
    (the earliest end date is shown)."""
    if complaint.warranty_override:
        covered = complaint.warranty_override == Complaint.Warranty.COVERED
        return WarrantyAnswer(covered=covered, until=None, overridden=True, reason=complaint.warranty_override_reason)
    known = [answer for answer in (line_warranty(line, today=today) for line in complaint.lines.all()) if answer.until]
    if not known:
        return WarrantyAnswer(covered=None, until=None)
    earliest = min(known, key=lambda answer: answer.until)
    return WarrantyAnswer(covered=all(answer.covered for answer in known), until=earliest.until)


# --- register ------------------------------------------------------------------------------------------------------


def _concerned_invoices(complaint: Complaint) -> list[Invoice]:
    invoice_ids = set(complaint.lines.exclude(invoice_line=None).values_list("invoice_line__invoice_id", flat=True))
    delivery_line_ids = complaint.lines.exclude(delivery_line=None).values_list("delivery_line_id", flat=True)
    order_line_ids = complaint.lines.exclude(order_line=None).values_list("order_line_id", flat=True)
    invoice_ids |= set(
        InvoiceLine.objects.filter(
            Q(delivery_line_id__in=delivery_line_ids) | Q(order_line_id__in=order_line_ids),
            invoice__kind=Invoice.Kind.INVOICE,
        )
        .exclude(invoice__status=InvoiceStatus.DRAFT)
        .values_list("invoice_id", flat=True)
    )
    return list(Invoice.objects.filter(pk__in=invoice_ids).order_by("pk"))


def _disputes_sync(complaint: Complaint) -> None:
    """An invoice is disputed while an open complaint concerns it (reminders skip disputed invoices)."""
    for invoice in _concerned_invoices(complaint):
        numbers = open_complaint_numbers_for(invoice)
        disputed = bool(numbers)
        holders = ", ".join(numbers)[:200]
        note = stored_text(texts.INVOICE_DISPUTED, numbers=holders) if disputed else None
        current = (invoice.disputed, invoice.dispute_note_data, invoice.disputing_complaints)
        if current != (disputed, note, holders) or invoice.dispute_note:
            invoice.disputed, invoice.dispute_note_data, invoice.disputing_complaints = disputed, note, holders
            invoice.dispute_note = ""  # the text of rows written before it was stored as a code
            invoice.save(update_fields=["disputed", "dispute_note", "dispute_note_data", "disputing_complaints",
                                        "updated_at"])  # fmt: skip


def _deadlines(severity: str, received_at: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    hours, days = DEADLINES[severity]
    return received_at + datetime.timedelta(hours=hours), received_at + datetime.timedelta(days=days)


@transaction.atomic
def complaint_register(
    *,
    company: Company,
    actor,
    category: str,
    description: str,
    severity: str,
    channel: str = Complaint.Channel.PHONE,
    contact: Contact | None = None,
    delivery_lines: Mapping[int, object] | None = None,
    invoice_lines: Mapping[int, object] | None = None,
    order_lines: Mapping[int, object] | None = None,
    assignee=None,
    received_at: datetime.datetime | None = None,
) -> Complaint:
    """Register a complaint with the concerned lines of this customer's orders, deliveries and invoices ({line
    id: quantity}); its number, deadlines and the acknowledgement to the customer in their language."""
    _require(actor, ADD_COMPLAINTS)
    if not description.strip():
        raise DomainError(_("Say what happened, in the customer's words."))
    received_at = received_at or timezone.now()
    complaint = Complaint(
        number=document_number_next(series="complaint", year=timezone.localdate().year),
        company=company, contact=contact, channel=channel, category=category, severity=severity,
        description=description.strip(), assignee=assignee or actor, received_at=received_at, created_by=actor,
    )  # fmt: skip
    complaint.response_due, complaint.resolution_due = _deadlines(severity, received_at)
    complaint.save()
    lines = []
    for line in DeliveryLine.objects.filter(pk__in=list(delivery_lines or {})).select_related(
        "delivery__order", "order_line__product"
    ):
        if line.delivery.order.company_id != company.pk:
            raise DomainError(_("That delivery is not this customer's."))
        quantity = _quantity(delivery_lines[line.pk], maximum=line.quantity)
        lines.append(ComplaintLine(complaint=complaint, delivery_line=line, product=line.order_line.product,
                                   description=line.order_line.description[:300], quantity=quantity))  # fmt: skip
    for line in OrderLine.objects.filter(pk__in=list(order_lines or {})).select_related("order", "product"):
        if line.order.company_id != company.pk:
            raise DomainError(_("That order is not this customer's."))
        quantity = _quantity(order_lines[line.pk], maximum=line.quantity)
        lines.append(ComplaintLine(complaint=complaint, order_line=line, product=line.product,
                                   description=line.description[:300], quantity=quantity))  # fmt: skip
    for line in InvoiceLine.objects.filter(pk__in=list(invoice_lines or {})).select_related("invoice", "product"):
        if line.invoice.company_id != company.pk or line.invoice.is_draft or line.invoice.is_credit_note:
            raise DomainError(_("That invoice line is not one of this customer's issued invoices."))
        quantity = _quantity(invoice_lines[line.pk], maximum=line.quantity)
        lines.append(ComplaintLine(complaint=complaint, invoice_line=line, product=line.product,
                                   description=line.description[:300], quantity=quantity))  # fmt: skip
    ComplaintLine.objects.bulk_create(lines)
    _disputes_sync(complaint)
    _acknowledge(complaint, actor)
    return complaint


def _quantity(value, *, maximum: Decimal) -> Decimal:
    try:
        quantity = to_number(value, max_digits=12, decimal_places=3)
    except NumberError as error:
        raise DomainError(error.message) from None
    if quantity <= 0 or quantity > maximum:
        raise DomainError(_("The quantity must be between 0 and %(maximum)s.") % {"maximum": maximum.normalize()})
    return quantity


def _recipient(complaint: Complaint) -> str:
    contact = complaint.contact
    return (contact.email if contact is not None and contact.email else "") or complaint.company.email


def _acknowledge(complaint: Complaint, actor) -> None:
    address = _recipient(complaint)
    if not address:
        return
    language = complaint.company.language
    context = {"complaint": complaint, "company": CompanySettings.load(), "contact": complaint.contact}
    with translation.override(language):
        subject = _("Your complaint %(number)s") % {"number": complaint.number}
        body = render_text("complaints/mail/acknowledgement.txt", context)
    mail_queue(to=[address], subject=subject, body=body, language=language, related=complaint, actor=actor)


# --- the steps -----------------------------------------------------------------------------------------------------


def complaint_transition(*, complaint: Complaint, to: str, actor, reason: str = "", self_approved: bool = False,
                         **fields) -> Complaint:  # fmt: skip
    return status_transition(obj=complaint, to=to, actor=actor, allowed=COMPLAINT_TRANSITIONS, reason=reason,
                             extra_fields=fields or None, self_approved=self_approved)  # fmt: skip


def _first_answer(complaint: Complaint) -> dict:
    return {} if complaint.first_response_at else {"first_response_at": timezone.now()}


@transaction.atomic
def complaint_assess(
    *,
    complaint: Complaint,
    actor,
    justified: bool | None,
    justification: str = "",
    root_cause: RootCause | None = None,
    root_cause_detail: str = "",
    warranty_override: str = "",
    warranty_override_reason: str = "",
) -> Complaint:
    """Is it justified, and why; the cause; the warranty decided by hand (with a reason) when the dates say
    otherwise. A new complaint moves to being assessed."""
    _require(actor, CHANGE_COMPLAINTS)
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if complaint.status not in {S.NEW, S.ASSESSING, S.ESCALATED, S.REFUSED}:
        raise DomainError(_("The assessment is done: re-open the complaint to change it."))
    if justified is not None and not justification.strip():
        raise DomainError(_("Say why the complaint is or is not justified."))
    if warranty_override and not warranty_override_reason.strip():
        raise DomainError(_("Say why the warranty is decided by hand."))
    fields = {
        "justified": justified, "justification": justification.strip(), "root_cause": root_cause,
        "root_cause_detail": root_cause_detail.strip(), "warranty_override": warranty_override,
        "warranty_override_reason": warranty_override_reason.strip() if warranty_override else "",
    }  # fmt: skip
    if complaint.status == S.NEW:
        return complaint_transition(
            complaint=complaint, to=S.ASSESSING, actor=actor, **fields, **_first_answer(complaint)
        )
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.save(update_fields=[*fields, "updated_at"])
    return complaint


def credit_limit_exceeded(complaint: Complaint, *, procedure: str, amount: Decimal | None, actor) -> bool:
    """A paid solution above the company's limit needs a manager (or their recorded approval)."""
    if procedure not in _PAID_SOLUTIONS or amount is None or actor.has_perm(DECIDE_COMPLAINTS):
        return False
    if complaint.approved_credit is not None and amount <= complaint.approved_credit:
        return False
    return amount > CompanySettings.load().complaint_credit_limit


@transaction.atomic
def complaint_propose(
    *, complaint: Complaint, actor, procedure: str, proposal: str, credit_amount: Decimal | None = None
) -> Complaint:
    """The solution put to the customer. A credit (note, refund, gesture) above the assistant's limit must be
    escalated to a manager first."""
    _require(actor, CHANGE_COMPLAINTS)
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if procedure not in Complaint.Procedure.values:
        raise DomainError(_("Choose a solution."))
    if complaint.justified is None:
        raise DomainError(_("Assess the complaint first: justified or not."))
    if procedure == Complaint.Procedure.REJECTION and complaint.justified:
        raise DomainError(_("A justified complaint cannot be rejected."))
    if not proposal.strip():
        raise DomainError(_("Write what you propose to the customer."))
    if procedure in (Complaint.Procedure.CREDIT_NOTE, Complaint.Procedure.REFUND):
        if not _concerned_invoices(complaint):
            raise DomainError(_("A credit note needs an invoiced line among the concerned lines."))
        if credit_amount is None:
            credit_amount = _lines_credit_value(complaint)
    if credit_amount is not None:
        credit_amount = quantize(credit_amount)
        if credit_amount <= 0:
            raise DomainError(_("The amount must be more than zero."))
    if credit_limit_exceeded(complaint, procedure=procedure, amount=credit_amount, actor=actor):
        raise DomainError(
            _("%(amount)s is above the %(limit)s you may grant: escalate the complaint to a manager.")
            % {"amount": credit_amount, "limit": CompanySettings.load().complaint_credit_limit}
        )
    fields = {"procedure": procedure, "proposal": proposal.strip(), "credit_amount": credit_amount}
    return complaint_transition(complaint=complaint, to=S.PROPOSED, actor=actor, **fields, **_first_answer(complaint))


def _credited_lines(complaint: Complaint) -> dict[int, Decimal]:
    """{invoice line id: quantity} of the concerned lines, through their delivery when not invoiced directly."""
    quantities: dict[int, Decimal] = {}
    for line in complaint.lines.select_related("invoice_line"):
        invoice_line = line.invoice_line
        if invoice_line is None and (line.delivery_line_id or line.order_line_id):
            source = {"delivery_line_id": line.delivery_line_id} if line.delivery_line_id else {
                "order_line_id": line.order_line_id}  # fmt: skip
            invoice_line = (
                InvoiceLine.objects.filter(**source, invoice__kind=Invoice.Kind.INVOICE)
                .exclude(invoice__status=InvoiceStatus.DRAFT)
                .first()
            )
        if invoice_line is not None:
            quantities[invoice_line.pk] = quantities.get(invoice_line.pk, 0) + line.quantity
    return quantities


def _lines_credit_value(complaint: Complaint) -> Decimal:
    lines = InvoiceLine.objects.in_bulk(list(_credited_lines(complaint)))
    return quantize(sum((lines[pk].net_amount / lines[pk].quantity * quantity
                         for pk, quantity in _credited_lines(complaint).items()), Decimal(0)))  # fmt: skip


@transaction.atomic
def complaint_escalate(*, complaint: Complaint, actor, reason: str) -> Complaint:
    _require(actor, CHANGE_COMPLAINTS)
    if not reason.strip():
        raise DomainError(_("Say what the manager must decide."))
    return complaint_transition(complaint=complaint, to=S.ESCALATED, actor=actor, reason=reason.strip(),
                                escalation_reason=reason.strip())  # fmt: skip


@transaction.atomic
def complaint_decide(
    *, complaint: Complaint, actor, decision: str, approved_credit: Decimal | None = None
) -> Complaint:
    """The manager's decision on an escalated complaint, recorded; it goes back to the assistant (to propose
    what was decided, within the credit approved)."""
    _require(actor, DECIDE_COMPLAINTS)
    if not decision.strip():
        raise DomainError(_("Write the decision."))
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    self_approved = False
    if approved_credit is not None:
        # Four eyes on a credit: not the manager who handles the complaint or escalated it (unless allowed).
        escalated_by = (
            status_history(locked, field="status").filter(to_status=S.ESCALATED).order_by("-changed_at", "-pk")
            .values_list("actor_id", flat=True).first()
        )  # fmt: skip
        own = actor.pk in {escalated_by, locked.assignee_id}
        self_approved = four_eyes_check(actor=actor, requester_id=actor.pk if own else None)
    to = S.ASSESSING if locked.justified is None else S.PROPOSED if locked.procedure else S.ASSESSING
    fields = {"manager_decision": decision.strip(), "decided_by": actor, "decided_at": timezone.now(),
              "approved_credit": quantize(approved_credit) if approved_credit is not None else None}  # fmt: skip
    if to == S.PROPOSED and locked.credit_amount is not None and fields["approved_credit"] is not None:
        fields["credit_amount"] = min(locked.credit_amount, fields["approved_credit"])
    return complaint_transition(complaint=locked, to=to, actor=actor, reason=decision.strip(),
                                self_approved=self_approved, **fields)  # fmt: skip


@transaction.atomic
def complaint_answer(*, complaint: Complaint, actor, accepted: bool, note: str = "") -> Complaint:
    """The customer's answer. Accepted, the solution is carried out in the same transaction: the credit note
    (for a credit or a refund) is created and issued, the replacement order created, both linked to the
    complaint."""
    _require(actor, CHANGE_COMPLAINTS)
    complaint = (
        Complaint.objects.select_for_update(of=("self",)).select_related("company", "contact").get(pk=complaint.pk)
    )
    if not accepted:
        return complaint_transition(complaint=complaint, to=S.REFUSED, actor=actor, reason=note,
                                    customer_answer_note=note.strip())  # fmt: skip
    fields = {"customer_answer_note": note.strip()}
    # Money back goes through a credit note (it corrects the VAT): set off against what is still open on the
    # invoice, the rest waits on My desk as a credit note to refund.
    if complaint.procedure in (Complaint.Procedure.CREDIT_NOTE, Complaint.Procedure.REFUND):
        fields["credit_note"] = _credit_note(complaint, actor)
    elif complaint.procedure == Complaint.Procedure.REPLACEMENT:
        fields["replacement_order"] = _replacement_order(complaint, actor)
    return complaint_transition(complaint=complaint, to=S.ACCEPTED, actor=actor, reason=note, **fields)


def _credit_note(complaint: Complaint, actor) -> Invoice:
    from sales.services.invoicing import credit_note_create, invoice_issue

    invoice = _concerned_invoices(complaint)[0]
    # Stored as a code: the customer's PDF reads it in the customer's language, a colleague in theirs.
    reason = stored_text(texts.CREDIT_NOTE_REASON, number=complaint.number, proposal=complaint.proposal)
    quantities = {pk: qty for pk, qty in _credited_lines(complaint).items()
                  if InvoiceLine.objects.filter(pk=pk, invoice=invoice).exists()}  # fmt: skip
    lines_value = _lines_credit_value(complaint)
    if quantities and complaint.credit_amount == lines_value:
        note = credit_note_create(invoice=invoice, actor=actor, reason=reason, quantities=quantities)
    else:  # a part of the value: an amount at the invoice's main VAT rate
        rate = invoice.lines.order_by("-net_amount").values_list("vat_rate", flat=True).first()
        note = credit_note_create(invoice=invoice, actor=actor, reason=reason, amount=complaint.credit_amount,
                                  vat_rate=rate)  # fmt: skip
    return invoice_issue(invoice=note, actor=actor)


def _replacement_order(complaint: Complaint, actor):
    from sales.services.approvals import document_prices_cover
    from sales.services.lines import document_line_save
    from sales.services.orders import order_confirm, order_create

    with translation.override(complaint.company.language):  # printed as "Your reference" on the customer's order
        reference = _("Replacement, complaint %(number)s") % {"number": complaint.number}
    order = order_create(company=complaint.company, contact=complaint.contact, actor=actor,
                         customer_reference=reference[:100])  # fmt: skip
    for line in complaint.lines.select_related("product"):
        document_line_save(document=order, actor=actor, product=line.product, description=line.description,
                           quantity=line.quantity, unit_price=Decimal("0.00"))  # fmt: skip
    # Given for nothing as the complaint decided (within the assistant's credit or by a manager): the free lines
    # need no price approval; a price typed on the order later is checked like any other.
    document_prices_cover(document=order, free_only=True)
    return order_confirm(order=order, actor=actor)


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, actor, outcome: str) -> Complaint:
    """The solution is carried out (repaired, replaced, refunded); closing waits for the customer's word."""
    _require(actor, CHANGE_COMPLAINTS)
    if not outcome.strip():
        raise DomainError(_("Write the outcome."))
    complaint = complaint_transition(complaint=complaint, to=S.RESOLVED, actor=actor, resolved_at=timezone.now(),
                                     outcome=outcome.strip(), **_first_answer(complaint))  # fmt: skip
    _disputes_sync(complaint)
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, actor, outcome: str, satisfaction: int | None = None) -> Complaint:
    """Resolved (if not yet) and closed with the outcome and how satisfied the customer is; disputes end."""
    _require(actor, CHANGE_COMPLAINTS)
    if not outcome.strip():
        raise DomainError(_("Write the outcome."))
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise DomainError(_("Satisfaction goes from 1 to 5."))
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    now = timezone.now()
    if complaint.status != S.RESOLVED:
        complaint = complaint_transition(complaint=complaint, to=S.RESOLVED, actor=actor, resolved_at=now,
                                         **_first_answer(complaint))  # fmt: skip
    complaint = complaint_transition(complaint=complaint, to=S.CLOSED, actor=actor, closed_at=now,
                                     outcome=outcome.strip(), satisfaction=satisfaction)  # fmt: skip
    _disputes_sync(complaint)
    return complaint


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """It comes back: assessed again, the invoices disputed again, a new resolution deadline."""
    _require(actor, CHANGE_COMPLAINTS)
    if not reason.strip():
        raise DomainError(_("Say why the complaint is re-opened."))
    _response, resolution = _deadlines(complaint.severity, timezone.now())
    complaint = complaint_transition(complaint=complaint, to=S.ASSESSING, actor=actor, reason=reason.strip(),
                                     closed_at=None, resolved_at=None, resolution_due=resolution,
                                     resolution_alerted_at=None)  # fmt: skip
    _disputes_sync(complaint)
    return complaint


@transaction.atomic
def supplier_claim_save(
    *, complaint: Complaint, actor, supplier: str, question: str, claim: SupplierClaim | None = None, **fields
) -> SupplierClaim:
    """Ask the supplier about a defect, then record their answer and the outcome."""
    _require(actor, CHANGE_COMPLAINTS)
    if not supplier.strip() or not question.strip():
        raise DomainError(_("Name the supplier and what you asked."))
    claim = claim or SupplierClaim(complaint=complaint, created_by=actor)
    claim.supplier, claim.question = supplier.strip(), question.strip()
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save()
    return claim


# --- the list of root causes --------------------------------------------------------------------------------------


@transaction.atomic
def root_causes_save(*, formset, actor) -> None:
    """Save the manager's list of root causes the report counts (a bound, valid formset): names changed, causes
    added or retired. The audit trail keeps who changed what."""
    adding = any(form.has_changed() for form in formset.extra_forms)
    needed = ["complaints.change_rootcause"] + (["complaints.add_rootcause"] if adding else [])
    if actor is None or not all(actor.has_perm(permission) for permission in needed):
        raise PermissionDeniedError(_("You do not have the permission to do this."))
    if not formset.is_valid():
        raise ValueError("Only a valid formset can be saved.")
    with audit_actor(actor):
        formset.save()


# --- deadlines -----------------------------------------------------------------------------------------------------


def complaints_deadlines(*, now: datetime.datetime | None = None) -> int:
    """Tell the assignee (by e-mail, once per deadline) when a complaint has no answer past its answer deadline,
    or is within a day of (or past) its resolution deadline. Returns the alerts sent."""
    now = now or timezone.now()
    alerts = 0
    open_ = Complaint.objects.filter(status__in=COMPLAINT_OPEN).select_related("assignee", "company")
    for complaint in open_.filter(first_response_at=None, response_due__lt=now, response_alerted_at=None):
        alerts += _alert(complaint, "response_alerted_at", now)
    for complaint in open_.filter(resolution_due__lt=now + datetime.timedelta(days=1), resolution_alerted_at=None):
        alerts += _alert(complaint, "resolution_alerted_at", now)
    return alerts


@transaction.atomic
def _alert(complaint: Complaint, field: str, now: datetime.datetime) -> int:
    locked = (
        Complaint.objects.select_for_update(of=("self",)).select_related("assignee", "company").get(pk=complaint.pk)
    )
    if getattr(locked, field) is not None:
        return 0
    setattr(locked, field, now)
    locked.save(update_fields=[field])
    user = locked.assignee
    if user.email:
        language = getattr(user, "language", "") or "nl"
        context = {"complaint": locked, "kind": field, "user": user}
        with translation.override(language):
            if field == "response_alerted_at":
                subject = _("Complaint %(number)s: the customer is waiting for an answer") % {"number": locked.number}
            else:
                due = timezone.localtime(locked.resolution_due).strftime("%d/%m %H:%M")
                subject = _("Complaint %(number)s: resolution due %(date)s") % {"number": locked.number, "date": due}
            body = render_text("complaints/mail/deadline.txt", context)
        mail_queue(to=[user.email], subject=subject, body=body, language=language, related=locked)
    return 1

"""Reminders: which overdue invoices get which letter, what may be claimed, and sending each exactly once.

A run is proposed daily (beat), reviewed by a person (leave a customer out, add a note) and sent. Sending
marks the run's reminders `queued` and commits; a task then delivers them one by one, each in its own
transaction that locks the reminder and does nothing unless it is still queued. A second task, a racing
worker or a restarted one after a crash therefore finds the work done or waiting, never half done: the
letter, the e-mail in the outbox and the `sent` status commit together. The unique constraint on
(invoice, level) keeps a level from being proposed twice.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customers.models import VatRegime
from orderdesk.auditing import audit_actor
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import status_transition
from orderdesk.mail import Attachment, mail_queue, render_text
from orderdesk.models import CompanySettings
from orderdesk.money import ZERO
from orderdesk.pdf import qr_data_uri, render_pdf
from orderdesk.permissions import CONFIGURE_REMINDERS, RECORD_PROMISES, SEND_REMINDERS
from orderdesk.stored_texts import stored_text
from sales import texts
from sales.models import Invoice, LatePaymentRate, PaymentPromise, Reminder, ReminderLevel, ReminderRun
from sales.selectors.invoices import invoice_parties, invoice_recipients
from sales.services.invoice_documents import EPC_MAX_AMOUNT, epc_qr_payload
from sales.services.late_payment import (
    B2B_FLAT_COMPENSATION,
    InterestPeriod,
    b2c_damages_cap,
    b2c_waiting_period,
    late_interest,
    late_interest_periods,
)
from sales.states import INVOICE_OPEN, HandOver

logger = logging.getLogger(__name__)

# Reminded states: a left-out or dropped proposal is as if it never was.
_COUNTED = [Reminder.Status.PROPOSED, Reminder.Status.QUEUED, Reminder.Status.SENT]


def _require(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


def rate_table() -> list[tuple[datetime.date, Decimal]]:
    return list(LatePaymentRate.objects.values_list("valid_from", "percent"))


def is_private(invoice: Invoice) -> bool:
    return (invoice.vat_regime or invoice.company.vat_regime) == VatRegime.PRIVATE


def promise_running(invoice: Invoice, today: datetime.date) -> PaymentPromise | None:
    return invoice.payment_promises.filter(promised_for__gte=today).order_by("-promised_for").first()


def reminder_blockers(invoice: Invoice, today: datetime.date) -> list[dict]:
    """Why this invoice may not be reminded today (empty: it may), as stored texts read in the reader's language."""
    reasons = []
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status not in INVOICE_OPEN or invoice.amount_open <= 0:
        reasons.append(stored_text(texts.REMINDER_NOTHING_OPEN))
    if invoice.disputed:
        reasons.append(stored_text(texts.REMINDER_DISPUTED))
    if invoice.handed_over_to:
        whom = stored_text(texts.HAND_OVER_TO[invoice.handed_over_to])
        reasons.append(stored_text(texts.REMINDER_HANDED_OVER, whom=whom))
    promise = promise_running(invoice, today)
    if promise is not None:
        reasons.append(stored_text(texts.REMINDER_PROMISED, date=promise.promised_for))
    return reasons


@dataclass
class Charges:
    interest: Decimal = ZERO
    compensation: Decimal = ZERO
    periods: list[InterestPeriod] = field(default_factory=list)
    # B2C: the first reminder is free and announces what will be claimed after the waiting period.
    announced_compensation: Decimal = ZERO
    free_first_reminder: bool = False


def _first_sent(invoice: Invoice) -> Reminder | None:
    return invoice.reminders.filter(status=Reminder.Status.SENT).order_by("sent_on", "pk").first()


def reminder_charges(*, invoice: Invoice, level: ReminderLevel, today: datetime.date) -> Charges:
    """What this level claims on top of the open amount, by the law that applies to the customer.

    B2B (law of 2 August 2002): interest at the statutory rate from the day after the due date and €40 per
    invoice. B2C (Code of Economic Law XIX.2-4): nothing on the first reminder; after its 14-day waiting
    period, interest at most the statutory rate from the end of that period, and damages within the scale.
    Only when our conditions provide them (company settings) and the level asks for them.
    """
    principal = invoice.amount_open
    seller = CompanySettings.load()
    charges = Charges()
    if is_private(invoice):
        first = _first_sent(invoice)
        if first is None:
            charges.free_first_reminder = True
            if seller.late_payment_charges:
                charges.announced_compensation = b2c_damages_cap(principal)
            return charges
        if not seller.late_payment_charges or first.waiting_period_ends is None or today <= first.waiting_period_ends:
            return charges
        if level.charge_interest:
            # Interest runs from the end of the waiting period, not from the due date (XIX.4).
            start = first.waiting_period_ends
            period = {"principal": principal, "due_date": start, "until": today, "rates": rate_table()}
            charges.periods, charges.interest = late_interest_periods(**period), late_interest(**period)
        if level.charge_compensation:
            charges.compensation = b2c_damages_cap(principal)
        return charges
    if not seller.late_payment_charges:
        return charges
    if level.charge_interest:
        rates = rate_table()
        period = {"principal": principal, "due_date": invoice.due_date, "until": today, "rates": rates}
        charges.periods, charges.interest = late_interest_periods(**period), late_interest(**period)
    if level.charge_compensation:
        charges.compensation = B2B_FLAT_COMPENSATION
    return charges


def _remindable(today: datetime.date):
    """Open invoices past their due date that nothing holds back, with the rank of their last reminder."""
    running_promise = PaymentPromise.objects.filter(invoice=OuterRef("pk"), promised_for__gte=today)
    proposed = Reminder.objects.filter(invoice=OuterRef("pk"), status=Reminder.Status.PROPOSED)
    return (
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN, due_date__lt=today, disputed=False, handed_over_to=""
        )
        .exclude(Exists(running_promise))
        .exclude(Exists(proposed))
        .annotate(
            last_rank=Max("reminders__level__rank", filter=Q(reminders__status__in=_COUNTED)),
            last_sent_on=Max("reminders__sent_on", filter=Q(reminders__status=Reminder.Status.SENT)),
        )
        .select_related("company")
        .order_by("company__name", "due_date", "pk")
    )


def reminders_due(*, today: datetime.date) -> list[tuple[Invoice, ReminderLevel]]:
    """For each remindable invoice the next level it has reached: its days after the due date have passed,
    as many days have passed since the previous letter as the ladder puts between the two levels, and for a
    private customer a level that claims something waits for the end of the first reminder's waiting period."""
    levels = list(ReminderLevel.objects.filter(active=True).order_by("rank"))
    if not levels:
        return []
    due = []
    for invoice in _remindable(today):
        if invoice.amount_open <= 0:
            continue
        previous = next((level for level in reversed(levels) if level.rank == invoice.last_rank), None)
        following = [level for level in levels if invoice.last_rank is None or level.rank > invoice.last_rank]
        if not following:
            continue
        level = following[0]
        if (today - invoice.due_date).days < level.days_after_due:
            continue
        if previous is not None and invoice.last_sent_on is not None:
            spacing = level.days_after_due - previous.days_after_due
            if (today - invoice.last_sent_on).days < spacing:
                continue
        claims = level.charge_interest or level.charge_compensation
        if invoice.last_rank is not None and claims and is_private(invoice):
            first = _first_sent(invoice)
            if first is None or first.waiting_period_ends is None or today <= first.waiting_period_ends:
                continue
        due.append((invoice, level))
    return due


def _open_run() -> ReminderRun:
    """The run under review, created if there is none; locked, so two proposers take turns."""
    run = ReminderRun.objects.select_for_update().filter(status=ReminderRun.Status.PROPOSED).first()
    if run is not None:
        return run
    try:
        with transaction.atomic():
            run = ReminderRun.objects.create(proposed_on=timezone.localdate())
    except IntegrityError:  # another beat tick opened it in the meantime
        run = ReminderRun.objects.filter(status=ReminderRun.Status.PROPOSED).first()
    return ReminderRun.objects.select_for_update().get(pk=run.pk)


@transaction.atomic
def reminder_run_propose(*, today: datetime.date, actor=None) -> ReminderRun:
    """Add the reminders due today to the run under review (opening one if needed). Safe to call twice."""
    _require(actor, SEND_REMINDERS)
    run = _open_run()
    left_out = set(run.reminders.values_list("invoice_id", flat=True))  # left out of this run stays out of it
    new = []
    for invoice, level in reminders_due(today=today):
        if invoice.pk in left_out:
            continue
        channel = level.channel
        if channel == ReminderLevel.Channel.EMAIL and not invoice_recipients(invoice):
            channel = ReminderLevel.Channel.LETTER
        charges = reminder_charges(invoice=invoice, level=level, today=today)
        new.append(
            Reminder(
                run=run,
                invoice=invoice,
                level=level,
                channel=channel,
                principal=invoice.amount_open,
                interest=charges.interest,
                compensation=charges.compensation,
            )  # fmt: skip
        )
    # A concurrent proposer that got there first makes the database skip the duplicates (the unique constraint).
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    run.proposed_on = today
    run.save(update_fields=["proposed_on"])
    if CompanySettings.load().reminders_auto_send and run.reminders.filter(status=Reminder.Status.PROPOSED).exists():
        reminder_run_send(run=run, actor=None)
    return run


@transaction.atomic
def reminder_exclude_company(*, run: ReminderRun, company_id: int, actor, note: str = "") -> int:
    """Leave a customer out of this run (they called, a deal was made...). Tomorrow's run proposes again."""
    _require(actor, SEND_REMINDERS)
    run = ReminderRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ReminderRun.Status.PROPOSED:
        raise DomainError(_("This run has been sent already."))
    return run.reminders.filter(invoice__company_id=company_id, status=Reminder.Status.PROPOSED).update(
        status=Reminder.Status.EXCLUDED, exclusion_note=note.strip()[:300]
    )


@transaction.atomic
def reminder_note_set(*, run: ReminderRun, company_id: int, actor, note: str) -> int:
    """A sentence for the customer, printed in their letters of this run."""
    _require(actor, SEND_REMINDERS)
    run = ReminderRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ReminderRun.Status.PROPOSED:
        raise DomainError(_("This run has been sent already."))
    return run.reminders.filter(invoice__company_id=company_id, status=Reminder.Status.PROPOSED).update(
        note=note.strip()[:500]
    )


@transaction.atomic
def reminder_run_send(*, run: ReminderRun, actor) -> int:
    """Hand the reviewed run to the workers. Only the first call does anything; returns the reminders queued."""
    _require(actor, SEND_REMINDERS)
    run = ReminderRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ReminderRun.Status.PROPOSED:
        return 0
    queued = run.reminders.filter(status=Reminder.Status.PROPOSED).update(status=Reminder.Status.QUEUED)
    run.status = ReminderRun.Status.SENDING
    run.sent_by = actor if getattr(actor, "pk", None) else None
    run.sent_at = timezone.now()
    run.save(update_fields=["status", "sent_by", "sent_at"])
    transaction.on_commit(lambda: _enqueue_delivery(run.pk))
    return queued


def _enqueue_delivery(run_id: int) -> None:
    from sales.tasks import reminder_run_deliver_task

    try:
        reminder_run_deliver_task.delay(run_id)
    except Exception:  # broker down: the run stays `sending`; the sweeper delivers it later
        logger.exception("Could not hand reminder run %s to the broker; the sweeper will retry.", run_id)


def reminder_run_deliver(*, run_id: int, today: datetime.date) -> int:
    """Deliver what is still queued in the run, one reminder per transaction; close the run when done."""
    delivered = 0
    for reminder_id in Reminder.objects.filter(run_id=run_id, status=Reminder.Status.QUEUED).values_list(
        "pk", flat=True
    ):
        delivered += reminder_deliver(reminder_id=reminder_id, today=today)
    with transaction.atomic():
        run = ReminderRun.objects.select_for_update().get(pk=run_id)
        done = not run.reminders.filter(status=Reminder.Status.QUEUED).exists()
        if run.status == ReminderRun.Status.SENDING and done:
            run.status = ReminderRun.Status.SENT
            run.save(update_fields=["status"])
    return delivered


def reminder_runs_resume(*, today: datetime.date) -> int:
    """The sweeper: finish runs a dead worker left half delivered (or a broker never received)."""
    return sum(
        reminder_run_deliver(run_id=run_id, today=today)
        for run_id in ReminderRun.objects.filter(status=ReminderRun.Status.SENDING).values_list("pk", flat=True)
    )


@transaction.atomic
def reminder_deliver(*, reminder_id: int, today: datetime.date) -> bool:
    """Write the letter, queue the e-mail and mark the reminder sent, all or nothing. True when this call did it."""
    reminder = (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("level", "invoice__company", "invoice__contact")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.status != Reminder.Status.QUEUED:
        return False
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("company", "contact").get(pk=reminder.invoice_id)
    )
    blockers = reminder_blockers(invoice, today)
    if blockers:
        reminder.status = Reminder.Status.DROPPED
        reminder.exclusion_note_data = blockers
        reminder.save(update_fields=["status", "exclusion_note_data"])
        return False
    level = reminder.level
    if level.hand_over_to:
        note = reminder.note or stored_text(texts.HISTORY_HANDED_OVER_BY_RUN, date=today)
        invoice_hand_over(invoice=invoice, actor=None, to=level.hand_over_to, note=note)
        reminder.status, reminder.sent_on = Reminder.Status.SENT, today
        reminder.principal = invoice.amount_open
        reminder.save(update_fields=["status", "sent_on", "principal"])
        return True
    charges = reminder_charges(invoice=invoice, level=level, today=today)
    reminder.principal, reminder.interest, reminder.compensation = (
        invoice.amount_open, charges.interest, charges.compensation,
    )  # fmt: skip
    recipients = invoice_recipients(invoice)
    if reminder.channel == ReminderLevel.Channel.EMAIL and not recipients:
        reminder.channel = ReminderLevel.Channel.LETTER
    reminder.sent_on = today
    if is_private(invoice) and charges.free_first_reminder:
        channel = "email" if reminder.channel == ReminderLevel.Channel.EMAIL else "letter"
        reminder.waiting_period_ends = b2c_waiting_period(sent_on=today, channel=channel)[1]
    pdf = reminder_pdf(reminder, charges=charges)
    reminder.pdf.save(f"{invoice.number}-{level.rank}.pdf", ContentFile(pdf), save=False)
    if reminder.channel == ReminderLevel.Channel.EMAIL:
        reminder.outbox_message = _reminder_mail(reminder=reminder, charges=charges, pdf=pdf, to=recipients)
    reminder.status = Reminder.Status.SENT
    reminder.save()
    return True


def reminder_texts(reminder: Reminder) -> tuple[str, str]:
    """The subject and opening paragraph in the customer's language: the level's own, or the standard ones."""
    level, language = reminder.level, reminder.invoice.language
    subject, text = getattr(level, f"subject_{language}", ""), getattr(level, f"text_{language}", "")
    number = reminder.invoice.number
    with translation.override(language):
        if not subject:
            if level.formal_notice:
                subject = _("Formal notice: invoice %(number)s") % {"number": number}
            elif level.rank == 1:
                subject = _("Reminder: invoice %(number)s") % {"number": number}
            else:
                subject = _("Second reminder: invoice %(number)s") % {"number": number}
        if not text:
            if level.formal_notice:
                text = _(
                    "Despite our earlier reminders, the invoice below is still unpaid. We hereby formally give "
                    "you notice to pay the amount due within 14 days. Without payment we will hand the file over "
                    "for collection without further notice, at your expense."
                )
            elif level.rank == 1:
                text = _(
                    "Perhaps it escaped your attention: according to our records the invoice below has not been "
                    "paid yet. We kindly ask you to pay the amount still due. If you have paid in the meantime, "
                    "please ignore this letter."
                )
            else:
                text = _(
                    "We have not yet received payment of the invoice below, despite our reminder. We ask you to "
                    "pay the amount due without delay."
                )
    return subject, text


def reminder_context(reminder: Reminder, *, charges: Charges) -> dict:
    invoice = reminder.invoice
    subject, text = reminder_texts(reminder)
    waiting = None
    if charges.free_first_reminder:
        channel = "email" if reminder.channel == ReminderLevel.Channel.EMAIL else "letter"
        waiting = b2c_waiting_period(sent_on=reminder.sent_on or timezone.localdate(), channel=channel)
    lines = list(invoice.lines.values_list("description", flat=True)[:5])
    parties = invoice_parties(invoice)
    total_due = reminder.principal + charges.interest + charges.compensation
    qr = None
    if parties["seller"].get("iban") and invoice.structured_reference and 0 < total_due <= EPC_MAX_AMOUNT:
        qr = epc_qr_payload(
            seller=parties["seller"], amount=total_due, structured_reference=invoice.structured_reference
        )
    return {
        "reminder": reminder,
        "invoice": invoice,
        "level": reminder.level,
        "company": CompanySettings.load(),
        "buyer": parties["buyer"],
        "qr": qr_data_uri(qr) if qr else None,
        "subject": subject,
        "text": text,
        "charges": charges,
        "total_due": total_due,
        "is_private": is_private(invoice),
        "waiting_period": waiting,
        "goods": lines,
    }


def reminder_pdf(reminder: Reminder, *, charges: Charges) -> bytes:
    return render_pdf(
        "documents/reminder.html", reminder_context(reminder, charges=charges), language=reminder.invoice.language
    )


def _reminder_mail(*, reminder: Reminder, charges: Charges, pdf: bytes, to: list[str]):
    invoice = reminder.invoice
    context = reminder_context(reminder, charges=charges)
    with translation.override(invoice.language):
        body = render_text("sales/mail/reminder.txt", context)
        filename = f"{_('reminder')}-{invoice.number}.pdf"
    return mail_queue(
        to=to, subject=context["subject"], body=body, language=invoice.language,
        attachments=[Attachment(filename, pdf, "application/pdf")], related=invoice,
    )  # fmt: skip


@transaction.atomic
def invoice_hand_over(*, invoice: Invoice, actor, to: str, note: str | dict = "") -> Invoice:
    """Give an unpaid invoice to accounting, a collection agency or legal: reminders stop, the customer's
    orders go on hold at the credit check."""
    _require(actor, SEND_REMINDERS)
    if to not in HandOver.values:
        raise DomainError(_("Choose who takes the file over."))
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status not in INVOICE_OPEN:
        raise DomainError(_("Only an open invoice can be handed over."))
    if invoice.handed_over_to:
        raise DomainError(_("This invoice is handed over already: take it back first."))
    note = note if isinstance(note, dict) else note.strip()  # a dict: the system's stored text (the reminder run)
    typed, stored = ("", note) if isinstance(note, dict) else (note, None)
    return status_transition(
        obj=invoice, to=to, actor=actor, allowed=HAND_OVER_MOVES, reason=note, field="handed_over_to",
        extra_fields={"handed_over_at": timezone.now(), "handed_over_note": typed, "handed_over_note_data": stored,
                      "updated_at": timezone.now()},
    )  # fmt: skip


# Who has the file: with us ("") or handed over; each move is a row of the invoice's history (who, when, why).
HAND_OVER_MOVES = {"": set(HandOver.values), **{to: {""} for to in HandOver.values}}


@transaction.atomic
def invoice_hand_back(*, invoice: Invoice, actor, reason: str = "") -> Invoice:
    """The file comes back (an arrangement was made): reminders may resume."""
    _require(actor, SEND_REMINDERS)
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if not invoice.handed_over_to:
        raise DomainError(_("This invoice is not handed over."))
    return status_transition(
        obj=invoice, to="", actor=actor, allowed=HAND_OVER_MOVES, reason=reason, field="handed_over_to",
        extra_fields={"handed_over_at": None, "handed_over_note": "", "handed_over_note_data": None,
                      "updated_at": timezone.now()},
    )  # fmt: skip


@transaction.atomic
def invoice_dispute_set(*, invoice: Invoice, actor, disputed: bool, note: str = "") -> Invoice:
    """The customer disputes the invoice (or no longer does): no reminder while disputed."""
    _require(actor, RECORD_PROMISES)
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.is_draft:
        raise DomainError(_("A draft cannot be disputed."))
    if not disputed and invoice.disputing_complaints:
        raise DomainError(
            _("Complaint %(numbers)s about this invoice is still open: the invoice stays disputed until it is "
              "resolved.") % {"numbers": invoice.disputing_complaints}
        )  # fmt: skip
    invoice.disputed, invoice.dispute_note = disputed, note.strip()[:300] if disputed else ""
    invoice.dispute_note_data = None  # what the person typed now replaces what the system wrote
    invoice.save(update_fields=["disputed", "dispute_note", "dispute_note_data", "updated_at"])
    return invoice


@transaction.atomic
def payment_promise_record(
    *,
    invoice: Invoice,
    actor,
    promised_for: datetime.date,
    amount: Decimal,
    note: str | dict = "",
    today: datetime.date,
) -> PaymentPromise:
    """A promise from a call: reminders wait for the date; if it passes unpaid they resume by themselves."""
    _require(actor, RECORD_PROMISES)
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.status not in INVOICE_OPEN:
        raise DomainError(_("Nothing is open on this invoice."))
    if promised_for < today:
        raise DomainError(_("The promised date is in the past."))
    if promised_for > today + datetime.timedelta(days=PaymentPromise.HORIZON_DAYS):
        raise DomainError(
            _("Promise a date at the latest on %(latest)s: %(reason)s.")
            % {"latest": (today + datetime.timedelta(days=PaymentPromise.HORIZON_DAYS)).strftime("%d/%m/%Y"),
               "reason": PaymentPromise.HORIZON_REASON}
        )  # fmt: skip
    if amount <= 0 or amount > invoice.amount_open:
        raise DomainError(
            _("The promised amount must be between 0 and the open %(open)s.") % {"open": invoice.amount_open}
        )
    # A note the system writes is a stored text, read in the reader's language; a typed one is kept as typed.
    written = {"note_data": note} if isinstance(note, dict) else {"note": note.strip()[:300]}
    return PaymentPromise.objects.create(
        invoice=invoice, promised_for=promised_for, amount=amount, created_by=actor, **written
    )


# --- the manager's setup -------------------------------------------------------------------------------------------


@transaction.atomic
def reminder_setup_save(*, levels_formset, rates_formset, actor) -> None:
    """Save the reminder ladder and the table of statutory interest rates (bound, valid formsets) together:
    what the letters say and claim. A manager's setting; the audit trail keeps who changed what."""
    if actor is None or not all(actor.has_perm(p) for p in (CONFIGURE_REMINDERS, "sales.change_latepaymentrate")):
        raise PermissionDeniedError(_("You do not have the permission to do this."))
    if not (levels_formset.is_valid() and rates_formset.is_valid()):
        raise ValueError("Only valid formsets can be saved.")
    with audit_actor(actor):
        levels_formset.save()
        rates_formset.save()

"""Receivables: what customers still owe, by age, computed in the database (one query per figure set)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from customers.models import Company
from orderdesk.money import ZERO, MoneyField
from sales.models import Invoice, Payment, PaymentAllocation, Reminder, ReminderLevel, ReminderRun
from sales.states import INVOICE_OPEN

BUCKETS = [
    ("not_due", _("Not due")),
    ("days_1_30", _("1–30 days")),
    ("days_31_60", _("31–60 days")),
    ("days_61_90", _("61–90 days")),
    ("days_over_90", _("> 90 days")),
]
DSO_DAYS = 90


def _bucket_conditions(today: datetime.date, prefix: str = "") -> dict[str, Q]:
    def days_ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    due = f"{prefix}due_date"
    return {
        "not_due": Q(**{f"{due}__gte": today}),
        "days_1_30": Q(**{f"{due}__lt": today, f"{due}__gte": days_ago(30)}),
        "days_31_60": Q(**{f"{due}__lt": days_ago(30), f"{due}__gte": days_ago(60)}),
        "days_61_90": Q(**{f"{due}__lt": days_ago(60), f"{due}__gte": days_ago(90)}),
        "days_over_90": Q(**{f"{due}__lt": days_ago(90)}),
    }


def open_amount(prefix: str = ""):
    """What is still open on an invoice (or the invoices reached through `prefix`): total − credited − paid."""
    return ExpressionWrapper(
        F(f"{prefix}total") - F(f"{prefix}amount_credited") - F(f"{prefix}amount_paid"), output_field=MoneyField()
    )


def _open_invoices(prefix: str = "") -> Q:
    return Q(**{f"{prefix}kind": Invoice.Kind.INVOICE, f"{prefix}status__in": INVOICE_OPEN})


def _sums(today: datetime.date, prefix: str = "") -> dict:
    """Per bucket, and in total, the open amount of open invoices (the rows reached through `prefix`)."""
    scope = _open_invoices(prefix)
    sums = {
        name: Coalesce(Sum(open_amount(prefix), filter=scope & condition), Value(ZERO), output_field=MoneyField())
        for name, condition in _bucket_conditions(today, prefix).items()
    }
    sums["open_total"] = Coalesce(Sum(open_amount(prefix), filter=scope), Value(ZERO), output_field=MoneyField())
    sums["overdue_total"] = Coalesce(
        Sum(open_amount(prefix), filter=scope & Q(**{f"{prefix}due_date__lt": today})),
        Value(ZERO),
        output_field=MoneyField(),
    )
    sums["open_count"] = Count(f"{prefix}pk", filter=scope)
    return sums


def invoices_in_age_bucket(queryset, *, bucket: str, today: datetime.date):
    """The open invoices of `queryset` in one age bucket (a name of BUCKETS), the one due longest ago first: the
    rows behind that bucket's figure in `aging_totals`."""
    condition = _bucket_conditions(today).get(bucket)
    if condition is None:
        return queryset
    return queryset.filter(_open_invoices() & condition).order_by("due_date", "pk")


def aging_totals(*, today: datetime.date) -> dict:
    """The open amount of all open invoices per age bucket (by days past the due date); one query."""
    return Invoice.objects.aggregate(**_sums(today))


def aging_by_customer(*, today: datetime.date, overdue_only: bool = False):
    """Customers with something open, the largest first, each with its buckets (one query per page)."""
    customers = Company.objects.filter(invoices__kind=Invoice.Kind.INVOICE, invoices__status__in=INVOICE_OPEN).annotate(
        **_sums(today, "invoices__"),
        handed_over=Count("invoices", filter=~Q(invoices__handed_over_to="")),
        disputed=Count("invoices", filter=Q(invoices__disputed=True)),
    )
    if overdue_only:
        customers = customers.filter(overdue_total__gt=0)
    return customers.order_by("-overdue_total", "-open_total", "name")


def days_sales_outstanding(*, today: datetime.date, days: int = DSO_DAYS) -> Decimal | None:
    """DSO: what is open now, as days of the sales invoiced over the last `days` days (incl. VAT, net of credit
    notes). None without sales in that period."""
    since = today - datetime.timedelta(days=days)
    figures = Invoice.objects.exclude(status="draft").aggregate(
        open=Coalesce(Sum(open_amount(), filter=_open_invoices()), Value(ZERO), output_field=MoneyField()),
        invoiced=Coalesce(
            Sum(
                Case(
                    When(kind=Invoice.Kind.CREDIT_NOTE, then=-F("total")),
                    default=F("total"),
                    output_field=DecimalField(max_digits=14, decimal_places=2),
                ),
                filter=Q(issue_date__gt=since, issue_date__lte=today),
            ),
            Value(ZERO),
            output_field=MoneyField(),
        ),
    )
    if figures["invoiced"] <= 0:
        return None
    return (figures["open"] / figures["invoiced"] * days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def customer_open_items(*, company: Company):
    """The customer's open invoices and credit notes, oldest due first, with what is open on each."""
    return (
        Invoice.objects.filter(company=company, status__in=INVOICE_OPEN)
        .annotate(open=open_amount())
        .order_by("due_date", "issue_date", "number")
    )


def customer_statement_items(*, company: Company, today: datetime.date) -> list[Invoice]:
    """The customer's open items for their statement page, each with `days_late`, `sent_reminders` and the
    payment `promise` still running."""
    items = list(customer_open_items(company=company).prefetch_related("reminders__level", "payment_promises"))
    for item in items:
        item.days_late = (today - item.due_date).days if item.due_date and not item.is_credit_note else 0
        item.sent_reminders = [r for r in item.reminders.all() if r.status == Reminder.Status.SENT]
        item.promise = next((p for p in item.payment_promises.all() if p.promised_for >= today), None)
    return items


def open_documents(company: Company, *, direction: str = Payment.Direction.RECEIVED):
    """What a payment can settle, oldest due first: open invoices, or for a refund the open credit notes."""
    kind = Invoice.Kind.INVOICE if direction == Payment.Direction.RECEIVED else Invoice.Kind.CREDIT_NOTE
    return Invoice.objects.filter(company=company, kind=kind, status__in=INVOICE_OPEN).order_by(
        "due_date", "issue_date", "number"
    )


def company_credit(company: Company) -> Decimal:
    """Money received from the customer that no invoice took yet (an over-payment, a payment in advance)."""
    received = Payment.objects.filter(company=company, direction=Payment.Direction.RECEIVED)
    paid = received.aggregate(total=Sum("amount"))["total"] or ZERO
    allocated = PaymentAllocation.objects.filter(payment__in=received).aggregate(total=Sum("amount"))["total"] or ZERO
    return paid - allocated


def payment_list():
    """Payments, newest first, each with `unallocated`: what no document took (yet)."""
    return (
        Payment.objects.select_related("company", "created_by")
        .annotate(
            unallocated=ExpressionWrapper(
                F("amount") - Coalesce(Sum("allocations__amount"), Value(ZERO)), output_field=MoneyField()
            )
        )
        .order_by("-received_on", "-pk")
    )


# --- reminders -----------------------------------------------------------------------------------------------------


def company_reminders(company):
    """The reminders a customer received, newest first (the customer file lists them)."""
    return (
        Reminder.objects.filter(invoice__company=company, status=Reminder.Status.SENT)
        .select_related("invoice", "level")
        .order_by("-sent_on", "-pk")
    )


def reminder_run_under_review() -> ReminderRun | None:
    """The proposed run waiting to be reviewed and sent, if there is one."""
    return ReminderRun.objects.filter(status=ReminderRun.Status.PROPOSED).first()


@dataclass
class ReminderGroup:
    """The reminders of one run to one customer: reviewed, left out or noted together."""

    company: Company
    reminders: list[Reminder] = field(default_factory=list)
    note: str = ""

    @property
    def total(self) -> Decimal:
        return sum(r.total for r in self.reminders if r.status != Reminder.Status.EXCLUDED)

    @property
    def excluded(self) -> bool:
        return all(r.status == Reminder.Status.EXCLUDED for r in self.reminders)


def reminder_run_groups(*, run: ReminderRun) -> list[ReminderGroup]:
    """A run's reminders grouped by customer (by name), each customer's oldest due first."""
    groups: list[ReminderGroup] = []
    reminders = run.reminders.select_related("invoice__company", "level", "outbox_message").order_by(
        "invoice__company__name", "invoice__due_date", "pk"
    )
    for reminder in reminders:
        if not groups or groups[-1].company.pk != reminder.invoice.company_id:
            groups.append(ReminderGroup(company=reminder.invoice.company))
        groups[-1].reminders.append(reminder)
        groups[-1].note = groups[-1].note or reminder.note
    return groups


def reminder_letters(groups: list[ReminderGroup]) -> list[Reminder]:
    """The sent reminders that go by post: to print."""
    return [
        reminder
        for group in groups
        for reminder in group.reminders
        if reminder.status == Reminder.Status.SENT and reminder.channel == ReminderLevel.Channel.LETTER
    ]


def reminder_runs_past(*, limit: int = 10):
    """The latest runs no longer under review, each with `sent`: how many of its reminders went out."""
    return ReminderRun.objects.exclude(status=ReminderRun.Status.PROPOSED).annotate(
        sent=Count("reminders", filter=Q(reminders__status=Reminder.Status.SENT))
    )[:limit]


def desk_collection_queues(*, user) -> list:
    """My desk: bank lines waiting to be matched, and a reminder run waiting for review."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from orderdesk.permissions import MATCH_BANK, SEND_REMINDERS
    from orderdesk.queues import desk_queue, short_date, since
    from orderdesk.templatetags.orderdesk import money
    from sales.services.bank_import import bank_lines_to_match

    queues = []
    if user.has_perm(MATCH_BANK):
        bank = reverse("sales:bank")
        queues.append(desk_queue(
            _("Bank lines to match"), bank_lines_to_match(), url=bank, oldest_first=("booked_on", "pk"),
            describe=lambda line: (f"{line.counterparty_name or line.free_text[:40]} · {money(line.amount)}",
                                   f"{bank}#bank-line-{line.pk}", since(line.booked_on)),
        ))  # fmt: skip
    if user.has_perm(SEND_REMINDERS):
        waiting = Reminder.objects.filter(
            run__status=ReminderRun.Status.PROPOSED, status=Reminder.Status.PROPOSED
        ).select_related("run", "invoice__company")
        queues.append(desk_queue(
            _("Reminders to review and send"), waiting, url=reverse("sales:reminder-run"),
            oldest_first=("invoice__due_date", "pk"),
            describe=lambda reminder: (
                f"{reminder.invoice.number} · {reminder.invoice.company.name}",
                reverse("sales:reminder-run-detail", args=[reminder.run_id]),
                _("due %(date)s") % {"date": short_date(reminder.invoice.due_date)},
            ),
        ))  # fmt: skip
    return [queue for queue in queues if queue]

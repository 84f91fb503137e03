"""Reading complaints: the filtered list, the recent lines a complaint can concern, and the report figures (all
computed in the database)."""

import datetime
from collections.abc import Iterator

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintLine, RootCause
from complaints.states import COMPLAINT_OPEN
from customers.models import Company
from orderdesk.money import ZERO, MoneyField
from orderdesk.params import date_param, id_param, text_param
from sales.models import DeliveryLine, InvoiceLine, OrderLine
from sales.states import InvoiceStatus

RECENT_LINES = 30


def open_complaint_numbers_for(invoice) -> list[str]:
    """The open complaints about a line of this invoice (directly, or through its delivery or order line)."""
    still_open = Complaint.objects.filter(status__in=COMPLAINT_OPEN).filter(
        Q(lines__invoice_line__invoice=invoice)
        | Q(lines__delivery_line__invoice_lines__invoice=invoice)
        | Q(lines__order_line__invoice_lines__invoice=invoice)
    )
    return sorted(set(still_open.values_list("number", flat=True)))


def complaints_urgent(complaints, *, now: datetime.datetime):
    """Open, and past or within a day of the resolution deadline, or past the first-answer deadline unanswered."""
    return complaints.filter(status__in=COMPLAINT_OPEN).filter(
        Q(resolution_due__lt=now + datetime.timedelta(days=1)) | Q(first_response_at=None, response_due__lt=now)
    )


def complaint_list(*, params, user, now: datetime.datetime):
    complaints = Complaint.objects.select_related("company", "assignee").order_by("-received_at", "-pk")
    state = params.get("state", "open")
    if state == "open":
        complaints = complaints.filter(status__in=COMPLAINT_OPEN)
    elif state == "closed":
        complaints = complaints.exclude(status__in=COMPLAINT_OPEN)
    elif state == "late":
        complaints = complaints.filter(status__in=COMPLAINT_OPEN, resolution_due__lt=now).order_by("resolution_due")
    elif state == "urgent":  # My desk's queue, the most pressing first
        complaints = complaints_urgent(complaints, now=now).order_by("resolution_due", "pk")
    for field in ("category", "severity", "status"):
        if text_param(params.get(field)):
            complaints = complaints.filter(**{field: text_param(params.get(field))})
    for field in ("root_cause", "assignee", "company"):  # ids, from the dashboard's and the customer file's links
        if id_param(params.get(field)):
            complaints = complaints.filter(**{f"{field}_id": id_param(params.get(field))})
    if params.get("mine") == "1":
        complaints = complaints.filter(assignee=user)
    for param, lookup in (("from", "received_at__date__gte"), ("to", "received_at__date__lte")):
        day = date_param(params.get(param))
        if day:
            complaints = complaints.filter(**{lookup: day})
    query = text_param(params.get("q"))
    if query:
        complaints = complaints.filter(Q(number__icontains=query) | Q(company__name__icontains=query))
    return complaints


def recent_delivery_lines(company: Company):
    return (
        DeliveryLine.objects.filter(delivery__order__company=company)
        .exclude(delivery__number="")
        .select_related("delivery", "order_line__product")
        .order_by("-delivery__shipped_on", "-pk")[:RECENT_LINES]
    )


def open_order_lines(company: Company):
    """Ordered but not (all) delivered yet: what a late-delivery complaint is about."""
    from sales.states import ORDER_OPEN

    return (
        OrderLine.objects.filter(
            order__company=company, order__status__in=ORDER_OPEN, quantity__gt=F("quantity_delivered")
        )
        .select_related("order")
        .order_by("-order__created_at", "position")[:RECENT_LINES]
    )


def recent_invoice_lines(company: Company):
    return (
        InvoiceLine.objects.filter(invoice__company=company, invoice__kind="invoice", delivery_line=None)
        .exclude(invoice__status=InvoiceStatus.DRAFT)
        .select_related("invoice")
        .order_by("-invoice__issue_date", "-pk")[:RECENT_LINES]
    )


def _count_by(complaints, field: str):
    return list(complaints.values(field).annotate(count=Count("pk", distinct=True)).order_by("-count", field)[:10])


def complaint_report(*, since: datetime.date, until: datetime.date, include_cost: bool = True) -> dict:
    """The figures of the complaints received in the period: counts per dimension, the justified ratio, the
    average times to the first answer and to resolution, and what the complaints cost. Without `include_cost`
    (a reader who may not see cost prices) the replacements at cost and the total cost are left out (None)."""
    complaints = Complaint.objects.filter(received_at__date__gte=since, received_at__date__lte=until)
    totals = complaints.aggregate(
        count=Count("pk"),
        assessed=Count("pk", filter=Q(justified__isnull=False)),
        justified=Count("pk", filter=Q(justified=True)),
        open=Count("pk", filter=Q(status__in=COMPLAINT_OPEN)),
        first_answer=Avg(ExpressionWrapper(F("first_response_at") - F("received_at"), output_field=DurationField())),
        resolution=Avg(ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())),
        credited=Coalesce(Sum("credit_note__net_total"), ZERO, output_field=MoneyField()),
    )
    totals["replacements"] = totals["cost"] = None
    if include_cost:
        replacements = ComplaintLine.objects.filter(
            complaint__in=complaints, complaint__replacement_order__isnull=False
        ).aggregate(cost=Coalesce(Sum(F("quantity") * F("product__cost_price")), ZERO, output_field=MoneyField()))
        totals["replacements"] = replacements["cost"]
        totals["cost"] = totals["credited"] + replacements["cost"]
    totals["justified_ratio"] = round(100 * totals["justified"] / totals["assessed"]) if totals["assessed"] else None
    lines = ComplaintLine.objects.filter(complaint__in=complaints)
    return {
        "totals": totals,
        "by_category": _count_by(complaints, "category"),
        "by_root_cause": _count_by(complaints.exclude(root_cause=None), "root_cause"),
        "by_customer": _count_by(complaints, "company__name"),
        "by_assignee": _count_by(complaints, "assignee__username"),
        "by_product": list(
            lines.exclude(product=None)
            .values("product__sku", "product__name_nl")
            .annotate(count=Count("complaint", distinct=True))
            .order_by("-count", "product__sku")[:10]
        ),  # fmt: skip
        "by_supplier": list(
            lines.exclude(product__supplier="")
            .exclude(product=None)
            .values("product__supplier")
            .annotate(count=Count("complaint", distinct=True))
            .order_by("-count", "product__supplier")[:10]
        ),  # fmt: skip
    }


def complaint_report_labelled(*, since: datetime.date, until: datetime.date, include_cost: bool = True) -> dict:
    """The report's figures with, on each category and root cause row, its `label` in the user's language."""
    report = complaint_report(since=since, until=until, include_cost=include_cost)
    causes = RootCause.objects.in_bulk([row["root_cause"] for row in report["by_root_cause"]])
    for row in report["by_root_cause"]:
        row["label"] = str(causes[row["root_cause"]])
    labels = dict(Complaint.Category.choices)
    for row in report["by_category"]:
        row["label"] = labels[row["category"]]
    return report


def complaints_received(*, since: datetime.date, until: datetime.date) -> QuerySet[Complaint]:
    """The complaints received in the period (both days included), oldest first, with what the export shows."""
    return (
        Complaint.objects.filter(received_at__date__gte=since, received_at__date__lte=until)
        .select_related("company", "root_cause", "credit_note", "assignee")
        .order_by("received_at")
    )


def complaint_export_rows(*, since: datetime.date, until: datetime.date) -> Iterator[list[str]]:
    """The report's CSV in the user's language: a header row, then one row per complaint received in the period."""
    yield [_("Number"), _("Received"), _("Customer"), _("Category"), _("Severity"), _("Status"), _("Justified"),
           _("Root cause"), _("Solution"), _("Credit note"), _("Handled by"), _("Resolved")]  # fmt: skip
    for c in complaints_received(since=since, until=until):
        yield [
            c.number, timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M"), c.company.name,
            c.get_category_display(), c.get_severity_display(), c.get_status_display(),
            {True: _("yes"), False: _("no")}.get(c.justified, ""), str(c.root_cause or ""), c.get_procedure_display(),
            c.credit_note.number if c.credit_note else "", c.assignee.get_full_name() or c.assignee.username,
            timezone.localtime(c.resolved_at).strftime("%Y-%m-%d") if c.resolved_at else "",
        ]  # fmt: skip


def desk_complaint_queues(*, user, now: datetime.datetime) -> list:
    """My desk: my complaints past or within a day of their deadline; for a manager, the escalated ones."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from complaints.states import ComplaintStatus
    from orderdesk.permissions import DECIDE_COMPLAINTS, VIEW_COMPLAINTS
    from orderdesk.queues import desk_queue, due, since, titled

    if not user.has_perm(VIEW_COMPLAINTS):
        return []
    url = reverse("complaints:complaint-list")
    mine = Complaint.objects.filter(assignee=user, status__in=COMPLAINT_OPEN).select_related("company")
    urgent = complaints_urgent(mine, now=now)

    def describe(note, field):
        return lambda complaint: (titled(complaint.number, complaint.company.name),
                                  reverse("complaints:complaint-detail", args=[complaint.pk]),
                                  note(getattr(complaint, field)))  # fmt: skip

    queues = [
        desk_queue(_("My complaints near or past their deadline"), urgent, url=url + "?mine=1&state=urgent",
                   oldest_first=("resolution_due", "pk"), describe=describe(due, "resolution_due"), alert=True),
        desk_queue(_("My open complaints"), mine, url=url + "?mine=1", oldest_first=("received_at", "pk"),
                   describe=describe(since, "received_at")),
    ]  # fmt: skip
    if user.has_perm(DECIDE_COMPLAINTS):
        escalated = Complaint.objects.filter(status=ComplaintStatus.ESCALATED).select_related("company")
        queues.append(desk_queue(
            _("Escalated complaints to decide"), escalated, url=url + "?status=escalated&state=all",
            oldest_first=("updated_at", "pk"), describe=describe(since, "updated_at"), alert=True,
        ))  # fmt: skip
    return [queue for queue in queues if queue]

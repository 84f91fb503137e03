"""The manager's dashboard: every figure one aggregate query in the database, for a period and optional filters
(an assistant, a customer group, a product category).

Revenue is what was invoiced excluding VAT, net of credit notes, after the invoice's overall discount. Gross
margin is that revenue less the products' current cost price (lines without a product or a cost count at
full margin; the catalog keeps no cost history).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse

from orderdesk.money import ZERO
from sales.states import ORDER_STAGES, QUOTE_STAGES

_MONEY = DecimalField(max_digits=18, decimal_places=4)


@dataclass(frozen=True)
class DashboardFilter:
    since: datetime.date
    until: datetime.date
    assistant_id: int | None = None  # the customer's account owner
    tag_id: int | None = None  # a customer group
    category_id: int | None = None  # a product category

    @property
    def within_a_year(self) -> bool:
        """A comparison with "the same period last year" only means something for a period of a year at most."""
        return (self.until - self.since).days <= 366

    def last_year(self) -> "DashboardFilter":
        def back(day: datetime.date) -> datetime.date:
            try:
                return day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year - 1, day=28)

        return DashboardFilter(back(self.since), back(self.until), self.assistant_id, self.tag_id, self.category_id)

    def companies(self, prefix: str) -> Q:
        q = Q()
        if self.assistant_id:
            q &= Q(**{f"{prefix}owner_id": self.assistant_id})
        if self.tag_id:
            q &= Q(**{f"{prefix}tags": self.tag_id})
        return q


def _invoice_lines(flt: DashboardFilter):
    from sales.models import InvoiceLine

    lines = (
        InvoiceLine.objects.filter(invoice__issue_date__gte=flt.since, invoice__issue_date__lte=flt.until)
        .exclude(invoice__status="draft")
        .filter(flt.companies("invoice__company__"))
    )
    if flt.category_id:
        lines = lines.filter(product__category_id=flt.category_id)
    return lines


def _signed(expression):
    """Credit notes count negative."""
    return Case(When(invoice__kind="credit_note", then=-expression), default=expression, output_field=_MONEY)


def _revenue():
    return _signed(F("net_amount") * (Value(Decimal(100)) - F("invoice__discount_percent")) / Value(Decimal(100)))


def _cost():
    return _signed(F("quantity") * Coalesce(F("product__cost_price"), Value(ZERO)))


def _round(value) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def _invoices(flt: DashboardFilter):
    from sales.models import Invoice

    return (
        Invoice.objects.filter(issue_date__gte=flt.since, issue_date__lte=flt.until)
        .exclude(status="draft")
        .filter(flt.companies("company__"))
    )


def _invoice_revenue():
    """An invoice's total excl. VAT (after its overall discount); credit notes negative."""
    return Case(When(kind="credit_note", then=-F("net_total")), default=F("net_total"), output_field=_MONEY)


def _by_month(queryset, date_field: str, **sums) -> dict:
    rows = queryset.annotate(month=TruncMonth(date_field)).values("month").annotate(**sums).order_by("month")
    return {row["month"].date() if hasattr(row["month"], "date") else row["month"]: row for row in rows}


def sales_figures(flt: DashboardFilter, *, details: bool = True) -> dict:
    """Per month and in total: order intake, invoiced revenue and gross margin. Without a category filter the
    revenue comes from the invoices (fewer rows than their lines); the cost always from the lines. `details`
    adds the rankings (per owner, top customers, top products)."""
    from sales.models import Order, Product

    lines = _invoice_lines(flt)
    orders = (
        Order.objects.filter(confirmed_at__date__gte=flt.since, confirmed_at__date__lte=flt.until)
        .filter(status__in=ORDER_STAGES["booked"])
        .filter(flt.companies("company__"))
    )
    cost = _by_month(lines, "invoice__issue_date", value=Sum(_cost()))
    if flt.category_id:
        revenue = _by_month(lines, "invoice__issue_date", value=Sum(_revenue()))
        intake = _by_month(orders.filter(lines__product__category_id=flt.category_id), "confirmed_at",
                           value=Sum("lines__net_amount"))  # fmt: skip
    else:
        revenue = _by_month(_invoices(flt), "issue_date", value=Sum(_invoice_revenue()))
        intake = _by_month(orders, "confirmed_at", value=Sum("net_total"))
    months = []
    for month in _months(flt.since, flt.until):
        month_revenue = _round(revenue.get(month, {}).get("value"))
        month_cost = _round(cost.get(month, {}).get("value"))
        months.append({"month": month, "revenue": month_revenue, "margin": month_revenue - month_cost,
                       "intake": _round(intake.get(month, {}).get("value"))})  # fmt: skip
    total = sum((month["revenue"] for month in months), ZERO)
    margin = sum((month["margin"] for month in months), ZERO)
    figures = {
        "revenue": total,
        "margin": margin,
        "margin_percent": _percent(margin, total),
        "intake": sum((month["intake"] for month in months), ZERO),
        "months": months,
    }
    if not details:
        return figures
    if flt.category_id:
        ranked, amount, owner, company = lines, _revenue(), "invoice__company__owner__", "invoice__company_"
    else:
        ranked, amount, owner, company = _invoices(flt), _invoice_revenue(), "company__owner__", "company_"
    figures["by_assistant"] = [
        {"user_id": row[f"{owner}id"], "username": row[f"{owner}username"], "first_name": row[f"{owner}first_name"],
         "last_name": row[f"{owner}last_name"], "revenue": _round(row["revenue"])}
        for row in ranked.values(f"{owner}id", f"{owner}username", f"{owner}first_name", f"{owner}last_name")
        .annotate(revenue=Sum(amount)).order_by("-revenue")
    ]  # fmt: skip
    figures["top_customers"] = [
        {"company_id": row[f"{company}id"], "name": row[f"{company}_name"], "revenue": _round(row["revenue"])}
        for row in ranked.values(f"{company}id", f"{company}_name").annotate(revenue=Sum(amount))
        .order_by("-revenue", f"{company}_name")[:10]
    ]  # fmt: skip
    # Grouped on the product id alone (cheaper than on its texts); the ten names fetched after.
    top = list(
        lines.exclude(product=None)
        .values("product_id")
        .annotate(revenue=Sum(_revenue()), quantity=Sum(_signed(F("quantity"))))
        .order_by("-revenue", "product_id")[:10]
    )
    names = Product.objects.in_bulk([row["product_id"] for row in top])
    figures["top_products"] = [
        {**row, "product__sku": names[row["product_id"]].sku, "product__name_nl": names[row["product_id"]].name_nl,
         "revenue": _round(row["revenue"])}
        for row in top
    ]  # fmt: skip
    return figures


def _months(since: datetime.date, until: datetime.date) -> list[datetime.date]:
    month, months = since.replace(day=1), []
    while month <= until:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _percent(part, whole) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


def pipeline_figures(flt: DashboardFilter) -> dict:
    from sales.models import PriceRequest, Quote

    quotes = Quote.objects.filter(sent_at__date__gte=flt.since, sent_at__date__lte=flt.until).filter(
        flt.companies("company__")
    )
    counts = quotes.aggregate(
        sent=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=QUOTE_STAGES["won"])),
        declined=Count("pk", filter=Q(status="declined")),
        expired=Count("pk", filter=Q(status="expired")),
        to_convert=Avg(
            ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField()),
            filter=Q(status__in=QUOTE_STAGES["won"]),
        ),  # fmt: skip
    )
    answered = PriceRequest.objects.filter(
        created_at__date__gte=flt.since, created_at__date__lte=flt.until, quote__sent_at__isnull=False
    ).filter(flt.companies("company__"))
    counts["to_answer"] = answered.aggregate(
        average=Avg(ExpressionWrapper(F("quote__sent_at") - F("created_at"), output_field=DurationField()))
    )["average"]
    counts["conversion"] = _percent(counts["accepted"], counts["sent"])
    counts["open_value"] = _round(
        Quote.objects.filter(status__in=QUOTE_STAGES["pipeline"])
        .filter(flt.companies("company__"))
        .aggregate(value=Sum("net_total"))["value"]
    )
    return counts


def receivables_figures(flt: DashboardFilter, *, today: datetime.date) -> dict:
    from sales.models import Invoice, Reminder
    from sales.selectors.receivables import BUCKETS, aging_totals, days_sales_outstanding, open_amount
    from sales.states import INVOICE_OPEN

    aging = aging_totals(today=today)
    overdue = (
        Invoice.objects.filter(kind="invoice", status__in=INVOICE_OPEN, due_date__lt=today)
        .filter(flt.companies("company__"))
        .annotate(open=open_amount())
        .select_related("company")
        .order_by("-open", "due_date")[:10]
    )
    reminders = (
        Reminder.objects.filter(status="sent", sent_on__gte=flt.since, sent_on__lte=flt.until)
        .values("level__rank")
        .annotate(count=Count("pk"))
        .order_by("level__rank")
    )
    handed_over = Invoice.objects.filter(status__in=INVOICE_OPEN).exclude(handed_over_to="").count()
    invoice_list = reverse("sales:invoice-list")
    return {
        "buckets": [(label, aging[name]) for name, label in BUCKETS],
        # Each age bucket opens the list of exactly its invoices.
        "bucket_rows": [
            {"label": label, "amount": aging[name], "url": f"{invoice_list}?{urlencode({'age': name})}"}
            for name, label in BUCKETS
        ],
        "open_total": aging["open_total"],
        "overdue_total": aging["overdue_total"],
        "dso": days_sales_outstanding(today=today),
        "overdue_top": list(overdue),
        "reminders_by_level": list(reminders),
        "handed_over": handed_over,
    }


def complaint_figures(flt: DashboardFilter) -> dict:
    from complaints.selectors import complaint_report_labelled

    # Categories and root causes by their names in the reader's language, never their codes.
    return complaint_report_labelled(since=flt.since, until=flt.until)


def workload_figures() -> list[dict]:
    """Open items per person: quotes and orders they own, complaints they handle, follow-up tasks. One query:
    a counting subquery per kind (joining the four would multiply the rows)."""
    from complaints.models import Complaint
    from complaints.states import COMPLAINT_OPEN
    from customers.models import FollowUpTask
    from orderdesk.models import User
    from sales.models import Order, Quote

    def count(queryset, person: str):
        counted = queryset.filter(**{person: OuterRef("pk")}).order_by().values(person).annotate(n=Count("pk"))
        return Coalesce(Subquery(counted.values("n")[:1]), 0)

    return list(
        User.objects.filter(is_active=True)
        .annotate(
            open_quotes=count(Quote.objects.filter(status__in=QUOTE_STAGES["open"]), "owner"),
            open_orders=count(Order.objects.filter(status__in=ORDER_STAGES["open"]), "owner"),
            open_complaints=count(Complaint.objects.filter(status__in=COMPLAINT_OPEN), "assignee"),
            open_tasks=count(FollowUpTask.objects.filter(done_at=None), "assignee"),
        )
        .filter(Q(open_quotes__gt=0) | Q(open_orders__gt=0) | Q(open_complaints__gt=0) | Q(open_tasks__gt=0))
        .order_by("username")
        .values("pk", "username", "first_name", "last_name", "open_quotes", "open_orders", "open_complaints",
                "open_tasks")
    )  # fmt: skip


def dashboard_links(flt: DashboardFilter) -> dict[str, str]:
    """The list behind each figure, with the same period and scope (rows add their own key to these)."""
    scope = {name: value for name, value in (("account_owner", flt.assistant_id), ("group", flt.tag_id)) if value}
    with_category = {**scope, "category": flt.category_id} if flt.category_id else scope
    since, until = flt.since.isoformat(), flt.until.isoformat()

    def url(name: str, **params) -> str:
        return f"{reverse(name)}?{urlencode(params)}"

    sent = {"sent_from": since, "sent_to": until, **scope}  # the pipeline ignores the product category
    return {
        "intake": url("sales:order-list", stage="booked", confirmed_from=since, confirmed_to=until, **with_category),
        "revenue": url("sales:invoice-list", issued_from=since, issued_to=until, **with_category),
        "open_quotes": url("sales:quote-list", stage="pipeline", **scope),
        "sent": url("sales:quote-list", **sent),
        "won": url("sales:quote-list", stage="won", **sent),
        "lost": url("sales:quote-list", stage="lost", **sent),
        "receivables": reverse("sales:receivables"),
        "overdue": url("sales:receivables", overdue=1),
        "handed_over": url("sales:invoice-list", handed_over="true"),
        "reminders": url("sales:invoice-list", reminded_from=since, reminded_to=until),
        "complaints": url("complaints:complaint-list", state="all", **{"from": since, "to": until}),
        "complaint_report": url("complaints:complaint-report", **{"from": since, "to": until}),
        "quotes": reverse("sales:quote-list"),
        "orders": reverse("sales:order-list"),
    }


def dashboard_context(flt: DashboardFilter, *, today: datetime.date) -> dict:
    sales = sales_figures(flt)
    last_year = sales_figures(flt.last_year(), details=False) if flt.within_a_year else None
    return {
        "filter": flt,
        "sales": sales,
        "last_year": last_year,
        "growth": _growth(sales["revenue"], last_year["revenue"]) if last_year else None,
        "pipeline": pipeline_figures(flt),
        "receivables": receivables_figures(flt, today=today),
        "complaints": complaint_figures(flt),
        "workload": workload_figures(),
        "links": dashboard_links(flt),
        "today": today,
    }


def _growth(now, before):
    return round(100 * (now - before) / before, 1) if before else None

"""The manager's dashboard: sales, pipeline, receivables, complaints and workload for a period, with charts and
the tables behind them, as a page, a CSV file or a printable PDF."""

import csv
import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Tag
from orderdesk.dashboard import (
    DashboardFilter,
    complaint_figures,
    pipeline_figures,
    receivables_figures,
    sales_figures,
    workload_figures,
)
from orderdesk.models import CompanySettings, User
from orderdesk.pdf import render_pdf
from orderdesk.permissions import VIEW_MANAGER_PAGES, PermissionMixin
from sales.models import Category


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def dashboard_filter(params, *, today: datetime.date) -> DashboardFilter:
    since = _date(params.get("from")) or today.replace(month=1, day=1)
    until = _date(params.get("to")) or today
    if until < since:
        since, until = until, since
    return DashboardFilter(since=since, until=until, assistant_id=_id(params.get("assistant")),
                           tag_id=_id(params.get("group")), category_id=_id(params.get("category")))  # fmt: skip


def dashboard_context(flt: DashboardFilter, *, today: datetime.date) -> dict:
    sales = sales_figures(flt)
    last_year = sales_figures(flt.last_year(), details=False)
    return {
        "filter": flt,
        "sales": sales,
        "last_year": last_year,
        "growth": _growth(sales["revenue"], last_year["revenue"]),
        "pipeline": pipeline_figures(flt),
        "receivables": receivables_figures(flt, today=today),
        "complaints": complaint_figures(flt),
        "workload": workload_figures(),
        "today": today,
    }


def _growth(now, before):
    return round(100 * (now - before) / before, 1) if before else None


class DashboardView(PermissionMixin, View):
    permission_required = VIEW_MANAGER_PAGES

    def get(self, request):
        today = timezone.localdate()
        flt = dashboard_filter(request.GET, today=today)
        context = dashboard_context(flt, today=today)
        export = request.GET.get("format")
        if export == "csv":
            return _csv(context)
        if export == "pdf":
            context["company"] = CompanySettings.load()
            pdf = render_pdf("documents/dashboard.html", context, language=request.LANGUAGE_CODE)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="dashboard-{flt.since}-{flt.until}.pdf"'
            return response
        context.update(
            assistants=User.objects.filter(is_active=True, owned_companies__isnull=False).distinct().order_by("pk"),
            groups=Tag.objects.all(),
            categories=Category.objects.order_by("name_nl"),
            chart=_chart_data(context),
            query=request.GET.urlencode(),
        )  # fmt: skip
        return render(request, "orderdesk/dashboard.html", context)


def _chart_data(context: dict) -> dict:
    """Plain numbers for Chart.js (labels are formatted in the page, in the user's language)."""
    months = context["sales"]["months"]
    return {
        "months": [month["month"].isoformat() for month in months],
        "revenue": [float(month["revenue"]) for month in months],
        "margin": [float(month["margin"]) for month in months],
        "intake": [float(month["intake"]) for month in months],
        "last_year": [float(month["revenue"]) for month in context["last_year"]["months"]],
        "aging_labels": [str(label) for label, _amount in context["receivables"]["buckets"]],
        "aging": [float(amount) for _label, amount in context["receivables"]["buckets"]],
        "labels": {
            "revenue": _("Invoiced revenue"),
            "margin": _("Gross margin"),
            "intake": _("Order intake"),
            "last_year": _("Revenue last year"),
            "open": _("Open"),
        },  # fmt: skip
    }


def _csv(context: dict) -> HttpResponse:
    flt = context["filter"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{flt.since}-{flt.until}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    sales, pipeline, receivables = context["sales"], context["pipeline"], context["receivables"]
    writer.writerow([_("Period"), flt.since.isoformat(), flt.until.isoformat()])
    writer.writerow([])
    writer.writerow([_("Month"), _("Order intake"), _("Invoiced revenue"), _("Gross margin")])
    for month in sales["months"]:
        writer.writerow([month["month"].strftime("%Y-%m"), month["intake"], month["revenue"], month["margin"]])
    writer.writerow([_("Total"), sales["intake"], sales["revenue"], sales["margin"]])
    writer.writerow([_("Same period last year"), context["last_year"]["intake"], context["last_year"]["revenue"],
                     context["last_year"]["margin"]])  # fmt: skip
    writer.writerow([])
    writer.writerow([_("Top customers"), _("Invoiced revenue")])
    for row in sales["top_customers"]:
        writer.writerow([row["name"], row["revenue"]])
    writer.writerow([_("Top products"), _("Invoiced revenue")])
    for row in sales["top_products"]:
        writer.writerow([f"{row['product__sku']} {row['product__name_nl']}", row["revenue"]])
    writer.writerow([])
    writer.writerow([_("Quotes sent"), pipeline["sent"]])
    writer.writerow([_("Accepted"), pipeline["accepted"]])
    writer.writerow([_("Declined"), pipeline["declined"]])
    writer.writerow([_("Expired"), pipeline["expired"]])
    writer.writerow([_("Conversion (%)"), pipeline["conversion"] or ""])
    writer.writerow([_("Value in open quotes"), pipeline["open_value"]])
    writer.writerow([])
    for label, amount in receivables["buckets"]:
        writer.writerow([label, amount])
    writer.writerow([_("DSO (days)"), receivables["dso"] or ""])
    writer.writerow([_("Files handed over"), receivables["handed_over"]])
    writer.writerow([])
    complaints = context["complaints"]["totals"]
    writer.writerow([_("Complaints"), complaints["count"]])
    writer.writerow(
        [_("Justified (%)"), complaints["justified_ratio"] if complaints["justified_ratio"] is not None else ""]
    )
    writer.writerow([_("Cost of complaints"), complaints["cost"]])
    writer.writerow([])
    writer.writerow([_("Person"), _("Open quotes"), _("Open orders"), _("Open complaints"), _("Open tasks")])
    for row in context["workload"]:
        writer.writerow([row["username"], row["open_quotes"], row["open_orders"], row["open_complaints"],
                         row["open_tasks"]])  # fmt: skip
    return response

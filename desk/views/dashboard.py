"""The manager's dashboard: sales, pipeline, receivables, complaints and workload for a period, with charts and
the tables behind them, as a page, a CSV file or a printable PDF."""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Tag
from desk.dashboard import DashboardFilter, dashboard_context
from orderdesk.exports import safe_csv_writer, xlsx_append
from orderdesk.models import CompanySettings, User
from orderdesk.params import date_param, id_param
from orderdesk.pdf import render_pdf
from orderdesk.permissions import VIEW_MANAGER_PAGES, PermissionMixin
from sales.models import Category


def dashboard_filter(params, *, today: datetime.date) -> DashboardFilter:
    since = date_param(params.get("from")) or today.replace(month=1, day=1)
    until = date_param(params.get("to")) or today
    if until < since:
        since, until = until, since
    return DashboardFilter(
        since=since,
        until=until,
        assistant_id=id_param(params.get("assistant")),
        tag_id=id_param(params.get("group")),
        category_id=id_param(params.get("category")),
    )


class DashboardView(PermissionMixin, View):
    permission_required = VIEW_MANAGER_PAGES

    def get(self, request):
        today = timezone.localdate()
        flt = dashboard_filter(request.GET, today=today)
        context = _figures(flt, today=today)
        export = request.GET.get("format")
        if export == "csv":
            return _csv(context)
        if export == "xlsx":
            return _xlsx(context)
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
        return render(request, "desk/dashboard.html", context)


def _figures(flt: DashboardFilter, *, today: datetime.date) -> dict:
    """The figures of a period: a year of aggregates costs most of a second on 100,000 invoices, so in production
    they are kept DASHBOARD_CACHE_SECONDS (60) per filter and language: managers opening the page together, or
    switching between page, CSV and PDF, share one computation (docs/performance.md)."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return dashboard_context(flt, today=today)
    # A digest of the filter: the key stays short and of safe characters for any cache backend (memcached too).
    digest = hashlib.sha256(repr(flt).encode()).hexdigest()[:32]
    key = f"desk:dashboard:{translation.get_language()}:{today}:{digest}"
    context = cache.get(key)
    if context is None:
        context = dashboard_context(flt, today=today)
        cache.set(key, context, seconds)
    return dict(context)  # the view adds to it


def _chart_data(context: dict) -> dict:
    """Plain numbers for Chart.js (labels are formatted in the page, in the user's language)."""
    months = context["sales"]["months"]
    return {
        "months": [month["month"].isoformat() for month in months],
        "revenue": [float(month["revenue"]) for month in months],
        "margin": [float(month["margin"]) for month in months],
        "intake": [float(month["intake"]) for month in months],
        "last_year": [float(month["revenue"]) for month in context["last_year"]["months"]]
        if context["last_year"]
        else [],
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


def _export_rows(context: dict):
    """The dashboard as rows, for the CSV and the XLSX file alike."""
    flt = context["filter"]
    rows = []
    sales, pipeline, receivables = context["sales"], context["pipeline"], context["receivables"]
    rows.append([_("Period"), flt.since.isoformat(), flt.until.isoformat()])
    rows.append([])
    rows.append([_("Month"), _("Order intake"), _("Invoiced revenue"), _("Gross margin")])
    for month in sales["months"]:
        rows.append([month["month"].strftime("%Y-%m"), month["intake"], month["revenue"], month["margin"]])
    rows.append([_("Total"), sales["intake"], sales["revenue"], sales["margin"]])
    if context["last_year"]:
        last_year = context["last_year"]
        rows.append([_("Same period last year"), last_year["intake"], last_year["revenue"], last_year["margin"]])
    rows.append([])
    rows.append([_("Top customers"), _("Invoiced revenue")])
    for row in sales["top_customers"]:
        rows.append([row["name"], row["revenue"]])
    rows.append([_("Top products"), _("Invoiced revenue")])
    for row in sales["top_products"]:
        rows.append([f"{row['product__sku']} {row['product__name_nl']}", row["revenue"]])
    rows.append([])
    rows.append([_("Quotes sent"), pipeline["sent"]])
    rows.append([_("Accepted"), pipeline["accepted"]])
    rows.append([_("Declined"), pipeline["declined"]])
    rows.append([_("Expired"), pipeline["expired"]])
    rows.append([_("Conversion (%)"), pipeline["conversion"] or ""])
    rows.append([_("Value in open quotes"), pipeline["open_value"]])
    rows.append([])
    for label, amount in receivables["buckets"]:
        rows.append([label, amount])
    rows.append([_("DSO (days)"), receivables["dso"] or ""])
    rows.append([_("Files handed over"), receivables["handed_over"]])
    rows.append([])
    complaints = context["complaints"]["totals"]
    rows.append([_("Complaints"), complaints["count"]])
    rows.append(
        [_("Justified (%)"), complaints["justified_ratio"] if complaints["justified_ratio"] is not None else ""]
    )
    rows.append([_("Cost of complaints"), complaints["cost"]])
    rows.append([])
    rows.append([_("Person"), _("Open quotes"), _("Open orders"), _("Open complaints"), _("Open tasks")])
    for row in context["workload"]:
        rows.append([row["username"], row["open_quotes"], row["open_orders"], row["open_complaints"],
                         row["open_tasks"]])  # fmt: skip
    return rows


def _csv(context: dict) -> HttpResponse:
    flt = context["filter"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{flt.since}-{flt.until}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with accents right
    safe_csv_writer(response, delimiter=";").writerows(_export_rows(context))
    return response


def _xlsx(context: dict) -> HttpResponse:
    from openpyxl import Workbook

    flt = context["filter"]
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Dashboard"))[:31]
    for row in _export_rows(context):
        xlsx_append(sheet, [str(value) if not isinstance(value, int | float | Decimal) else value for value in row])
    for cell in sheet["B"] + sheet["C"] + sheet["D"]:
        if isinstance(cell.value, Decimal):
            cell.number_format = "#,##0.00"
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{flt.since}-{flt.until}.xlsx"'
    book.save(response)
    return response

"""Import companies and contacts from a CSV file: upload, preview, confirm (orderdesk.views.imports); the
confirmed file is imported in the background and followed on its own page."""

import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from customers.imports import COLUMNS, MAX_ROWS, company_import_queue, import_preview
from customers.models import CompanyImport
from orderdesk.csvimport import column_header
from orderdesk.exports import safe_csv_writer
from orderdesk.permissions import ADD_CUSTOMERS, PermissionMixin
from orderdesk.views.imports import ImportFileForm, ImportView

SESSION_KEY = "customers_import"
TEMPLATE_ROWS = [
    {
        "company_name": "Bakkerij Janssens",
        "kind": "customer",
        "legal_form": "BV",
        "enterprise_number": "0123.456.749",
        "vat_number": "BE0123456749",
        "vat_regime": "be",
        "language": "nl",
        "street": "Markt 3",
        "postal_code": "2000",
        "city": "Antwerpen",
        "country": "BE",
        "email": "info@bakkerij-janssens.be",
        "invoice_email": "boekhouding@bakkerij-janssens.be",
        "phone": "03 123 45 67",
        "payment_days": "30",
        "tags": "Horeca|Key account",
        "contact_first_name": "An",
        "contact_last_name": "Janssens",
        "contact_email": "an@bakkerij-janssens.be",
        "contact_phone": "0470 12 34 56",
        "contact_language": "nl",
        "contact_roles": "decision_maker|management",
    },
    {
        "company_name": "Bakkerij Janssens",
        "contact_first_name": "Luc",
        "contact_last_name": "Peeters",
        "contact_email": "luc@bakkerij-janssens.be",
        "contact_language": "fr",
        "contact_roles": "accounting",
    },
]


class CompanyImportForm(ImportFileForm):
    max_size = 2 * 1024 * 1024
    help_text = gettext_lazy("At most 2 MB. In Excel: Save as > CSV UTF-8.")
    too_large = gettext_lazy("The file is larger than 2 MB. Split it into several files.")


class CompanyImportView(ImportView):
    """Upload a CSV file, see what it would do row by row, then import everything or nothing in the background."""

    permission_required = ADD_CUSTOMERS
    form_class = CompanyImportForm
    template_name = "customers/company_import.html"
    session_key = SESSION_KEY
    url_name = "customers:company-import"
    columns = COLUMNS
    max_rows = MAX_ROWS
    row_headers = (gettext_lazy("Company"), gettext_lazy("Contact"))
    details_header = gettext_lazy("Errors")

    def preview(self, *, content, actor):
        return import_preview(content=content, actor=actor)

    def commit(self, *, content, filename, actor) -> CompanyImport:
        return company_import_queue(content=content, filename=filename, actor=actor)

    def done(self, request, result: CompanyImport):
        return redirect("customers:company-import-detail", pk=result.pk)

    def preview_totals(self, preview):
        return [
            (_("New companies"), preview.companies_new),
            (_("Contacts of new companies"), preview.contacts_new),
            (_("Contacts added to existing companies"), preview.contacts_added_to_existing),
            (_("Rows skipped"), preview.rows_skipped),
        ]

    def row_cells(self, row):
        return [row.company_name, row.contact_name]


class CompanyImportDetailView(PermissionMixin, View):
    """Where a confirmed import stands; the page asks again every two seconds until it is finished."""

    permission_required = ADD_CUSTOMERS

    def get(self, request, pk):
        job = get_object_or_404(CompanyImport.objects.select_related("created_by"), pk=pk)
        template = "customers/_import_status.html" if request.htmx else "customers/company_import_detail.html"
        return render(request, template, {"job": job})


class CompanyImportTemplateView(PermissionMixin, View):
    """A CSV file to start from: the column names in the user's language and two example rows."""

    permission_required = ADD_CUSTOMERS

    def get(self, request):
        language = get_language()
        buffer = io.StringIO()
        writer = safe_csv_writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([column_header(column, language) for column in COLUMNS])
        for row in TEMPLATE_ROWS:
            writer.writerow([row.get(column.name, "") for column in COLUMNS])
        # With the byte-order mark, Excel opens the file as UTF-8 and keeps the accents.
        response = HttpResponse(("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="company-import.csv"'
        return response


import_urlpatterns = [
    path("import/", CompanyImportView.as_view(), name="company-import"),
    path("import/<int:pk>/", CompanyImportDetailView.as_view(), name="company-import-detail"),
    path("import/template.csv", CompanyImportTemplateView.as_view(), name="company-import-template"),
]

"""Import companies and contacts from a CSV file: upload, preview, confirm."""

import base64
import csv
import hashlib
import hmac
import io

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from customers.imports import COLUMNS, MAX_ROWS, ImportHasErrors, company_import_queue, import_preview
from customers.models import CompanyImport
from orderdesk.csvimport import column_header
from orderdesk.exceptions import DomainError
from orderdesk.permissions import ADD_CUSTOMERS, PermissionMixin

SESSION_KEY = "customers_import"
MAX_FILE_SIZE = 2 * 1024 * 1024
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


class CompanyImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("At most 2 MB. In Excel: Save as > CSV UTF-8."),
        validators=[FileExtensionValidator(["csv"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into several files."))
        return file


class CompanyImportView(PermissionMixin, View):
    """Upload a CSV file, see what it would do row by row, then import everything or nothing.

    The uploaded bytes wait in the session between the preview and the confirmation, with their sha256 digest:
    the confirmation imports exactly the file that was previewed.
    """

    permission_required = ADD_CUSTOMERS
    template_name = "customers/company_import.html"

    def get(self, request):
        return self._render(request, form=CompanyImportForm())

    def post(self, request):
        if request.POST.get("confirm") == "1":
            return self._confirm(request)
        form = CompanyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        preview = import_preview(content=content, actor=request.user)
        request.session.pop(SESSION_KEY, None)
        if not preview.is_valid:
            return self._render(request, form=CompanyImportForm(), preview=preview, filename=upload.name, status=400)
        digest = hashlib.sha256(content).hexdigest()
        request.session[SESSION_KEY] = {
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
            "filename": upload.name,
        }
        return self._render(request, form=CompanyImportForm(), preview=preview, filename=upload.name, digest=digest)

    def _confirm(self, request):
        stored = request.session.get(SESSION_KEY) or {}
        digest = request.POST.get("digest", "")
        content = base64.b64decode(stored.get("content", ""))
        if not (stored and digest and hmac.compare_digest(stored["digest"], digest)) or (
            hashlib.sha256(content).hexdigest() != digest
        ):
            messages.error(
                request,
                _(
                    "The previewed file is no longer waiting (it was imported, or another file was uploaded since). "
                    "Upload it again."
                ),
            )
            return redirect("customers:company-import")
        try:
            job = company_import_queue(content=content, filename=stored.get("filename", ""), actor=request.user)
        except ImportHasErrors as error:
            request.session.pop(SESSION_KEY, None)
            return self._render(
                request,
                form=CompanyImportForm(),
                preview=error.preview,
                filename=stored.get("filename", ""),
                error=error.message,
                status=400,
            )
        except DomainError as error:
            request.session.pop(SESSION_KEY, None)
            return self._render(request, form=CompanyImportForm(), error=error.message, status=400)
        request.session.pop(SESSION_KEY, None)
        return redirect("customers:company-import-detail", pk=job.pk)

    def _render(self, request, *, form, preview=None, filename="", digest="", error="", status=200):
        context = {
            "form": form,
            "preview": preview,
            "filename": filename,
            "digest": digest,
            "error": error,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
        }
        return render(request, self.template_name, context, status=status)


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
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
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

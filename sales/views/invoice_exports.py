"""The page "Export a month": the accountant picks a month, Celery workers render it in chunks while a progress
bar follows them, then the zip downloads from here."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.permissions import EXPORT_INVOICES, VIEW_INVOICE_EXPORTS, PermissionMixin
from orderdesk.uploads import download_response
from sales.forms import InvoiceExportForm
from sales.models import InvoiceExport
from sales.selectors.invoice_exports import invoice_exports_recent
from sales.services.invoice_export_runs import invoice_export_start


def _page(request, *, form: InvoiceExportForm, export: InvoiceExport | None = None):
    context = {"form": form, "export": export, "exports": invoice_exports_recent()}
    return render(request, "sales/invoice_export.html", context)


class InvoiceExportView(PermissionMixin, View):
    permission_required = EXPORT_INVOICES

    def get(self, request):
        return _page(request, form=InvoiceExportForm())

    def post(self, request):
        form = InvoiceExportForm(request.POST)
        if form.is_valid():
            try:
                export = invoice_export_start(period=form.cleaned_data["period"], actor=request.user)
            except DomainError as error:
                form_add_service_error(form, error)
            else:
                return redirect("sales:invoice-export-detail", pk=export.pk)
        return _page(request, form=form)


class InvoiceExportDetailView(PermissionMixin, View):
    """One export: the page, or (htmx, every second while it runs) its progress alone."""

    permission_required = VIEW_INVOICE_EXPORTS

    def get(self, request, pk):
        export = get_object_or_404(InvoiceExport, pk=pk)
        if request.htmx:
            return render(request, "sales/_invoice_export_progress.html", {"export": export})
        return _page(request, form=InvoiceExportForm(initial={"period": export.period_label}), export=export)


class InvoiceExportDownloadView(PermissionMixin, View):
    permission_required = VIEW_INVOICE_EXPORTS

    def get(self, request, pk):
        export = get_object_or_404(InvoiceExport, pk=pk)
        if not export.file:
            raise Http404
        return download_response(export.file, filename=export.filename)

"""CSV import and export of the catalog and the price lists (see sales/imports.py for the file format).

An import is an upload, a preview of what each row would do, then a confirmation. The uploaded bytes wait in the
session between the preview and the confirmation, with their sha256 digest: the confirmation imports exactly the
file that was previewed, in the request (everything or nothing, in one transaction).
"""

import base64
import hashlib
import hmac

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.permissions import PermissionMixin
from sales.imports import (
    CHANGE_PRICE_LISTS,
    CHANGE_PRODUCTS,
    MAX_ROWS,
    PRICE_COLUMNS,
    PRODUCT_COLUMNS,
    ImportHasErrors,
    ImportResult,
    price_import_commit,
    price_import_preview,
    price_list_csv,
    product_import_commit,
    product_import_preview,
    products_csv,
)
from sales.models import PriceList
from sales.selectors.catalog import product_list

VIEW_PRODUCTS = "sales.view_product"
VIEW_PRICE_LISTS = "sales.view_pricelist"
VIEW_MARGIN = "sales.view_margin"
MAX_FILE_SIZE = 5 * 1024 * 1024


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("At most 5 MB. In Excel: Save as > CSV UTF-8."),
        validators=[FileExtensionValidator(["csv"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into several files."))
        return file


class _ImportView(PermissionMixin, View):
    """Upload, preview, confirm: the same steps for the products file and the price lists file."""

    template_name = ""
    session_key = ""
    url_name = ""
    columns: list = []

    def preview(self, *, content: bytes, actor):
        raise NotImplementedError

    def commit(self, *, content: bytes, actor) -> ImportResult:
        raise NotImplementedError

    def done(self, request, result: ImportResult):
        raise NotImplementedError

    def extra_context(self) -> dict:
        return {}

    def get(self, request):
        return self._render(request, form=CatalogImportForm())

    def post(self, request):
        if request.POST.get("confirm") == "1":
            return self._confirm(request)
        form = CatalogImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        preview = self.preview(content=content, actor=request.user)
        request.session.pop(self.session_key, None)
        if not preview.is_valid:
            return self._render(request, form=CatalogImportForm(), preview=preview, filename=upload.name, status=400)
        digest = hashlib.sha256(content).hexdigest()
        request.session[self.session_key] = {
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
            "filename": upload.name,
        }
        return self._render(request, form=CatalogImportForm(), preview=preview, filename=upload.name, digest=digest)

    def _confirm(self, request):
        stored = request.session.get(self.session_key) or {}
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
            return redirect(self.url_name)
        request.session.pop(self.session_key, None)
        filename = stored.get("filename", "")
        try:
            result = self.commit(content=content, actor=request.user)
        except ImportHasErrors as error:
            return self._render(
                request,
                form=CatalogImportForm(),
                preview=error.preview,
                filename=filename,
                error=error.message,
                status=400,
            )
        except DomainError as error:
            return self._render(request, form=CatalogImportForm(), error=error.message, status=400)
        return self.done(request, result)

    def _render(self, request, *, form, preview=None, filename="", digest="", error="", status=200):
        context = {
            "form": form,
            "preview": preview,
            "filename": filename,
            "digest": digest,
            "error": error,
            "columns": self.columns,
            "max_rows": MAX_ROWS,
            "import_url": self.url_name,
            **self.extra_context(),
        }
        return render(request, self.template_name, context, status=status)


class ProductImportView(_ImportView):
    """Create and update products from a CSV file (a manager's job)."""

    permission_required = CHANGE_PRODUCTS
    template_name = "sales/product_import.html"
    session_key = "sales_product_import"
    url_name = "sales:product-import"
    columns = PRODUCT_COLUMNS

    def preview(self, *, content, actor):
        return product_import_preview(content=content, actor=actor)

    def commit(self, *, content, actor):
        return product_import_commit(content=content, actor=actor)

    def done(self, request, result):
        messages.success(
            request,
            _(
                "The file is imported: %(created)s new products, %(updated)s updated, %(unchanged)s unchanged, "
                "%(groups)s new categories."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "groups": result.groups_created,
            },
        )
        return redirect("sales:catalog")


class PriceImportView(_ImportView):
    """Create and update price list lines from a CSV file (a manager's job)."""

    permission_required = CHANGE_PRICE_LISTS
    template_name = "sales/price_import.html"
    session_key = "sales_price_import"
    url_name = "sales:price-import"
    columns = PRICE_COLUMNS

    def preview(self, *, content, actor):
        return price_import_preview(content=content, actor=actor)

    def commit(self, *, content, actor):
        return price_import_commit(content=content, actor=actor)

    def extra_context(self):
        return {"price_lists": PriceList.objects.order_by("name")}

    def done(self, request, result):
        messages.success(
            request,
            _(
                "The file is imported: %(created)s new price list lines, %(updated)s updated, %(unchanged)s "
                "unchanged, %(groups)s new price lists."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "groups": result.groups_created,
            },
        )
        return redirect("sales:price-import")


def _csv_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ProductExportView(PermissionMixin, View):
    """The products of the catalog as a CSV file, filtered as the catalog page (same query string); the cost
    price only for those who may see margins."""

    permission_required = VIEW_PRODUCTS

    def get(self, request):
        products = product_list(params=request.GET).qs
        content = products_csv(products, include_cost=request.user.has_perm(VIEW_MARGIN))
        return _csv_response(content, f"products-{timezone.localdate():%Y-%m-%d}.csv")


class PriceListExportView(PermissionMixin, View):
    """A price list's lines as a CSV file."""

    permission_required = VIEW_PRICE_LISTS

    def get(self, request, pk):
        price_list = get_object_or_404(PriceList, pk=pk)
        name = slugify(price_list.name) or str(price_list.pk)
        return _csv_response(price_list_csv(price_list), f"price-list-{name}-{timezone.localdate():%Y-%m-%d}.csv")


import_urlpatterns = [
    path("catalog/import/", ProductImportView.as_view(), name="product-import"),
    path("catalog/export.csv", ProductExportView.as_view(), name="product-export"),
    path("catalog/prices/import/", PriceImportView.as_view(), name="price-import"),
    path("catalog/prices/lists/<int:pk>/export.csv", PriceListExportView.as_view(), name="price-export"),
]

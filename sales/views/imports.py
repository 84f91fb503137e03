"""CSV import and export of the catalog and the price lists (see sales/imports.py for the file format).

An import is an upload, a preview of what each row would do, then a confirmation (orderdesk.views.imports); the
confirmation imports the previewed file in the request: everything or nothing, in one transaction.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from orderdesk.permissions import PermissionMixin
from orderdesk.views.imports import ImportFileForm, ImportView
from sales.imports import (
    CHANGE_PRICE_LISTS,
    CHANGE_PRODUCTS,
    MAX_ROWS,
    PRICE_COLUMNS,
    PRODUCT_COLUMNS,
    ImportResult,
    RowAction,
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


class CatalogImportForm(ImportFileForm):
    max_size = 5 * 1024 * 1024
    help_text = gettext_lazy("At most 5 MB. In Excel: Save as > CSV UTF-8.")
    too_large = gettext_lazy("The file is larger than 5 MB. Split it into several files.")


class _CatalogImportView(ImportView):
    """The products file and the price lists file: each row is new, an update or no change, keyed by the SKU."""

    form_class = CatalogImportForm
    max_rows = MAX_ROWS
    new_label = ""  # the count of new rows in the preview

    def preview_totals(self, preview):
        return [
            (self.new_label, preview.new_count),
            (_("Updated"), preview.update_count),
            (_("Unchanged"), preview.unchanged_count),
        ]

    def row_cells(self, row):
        return [format_html("<code>{}</code>", row.key), row.label]

    def row_class(self, row):
        if row.errors:
            return "table-danger"
        return {RowAction.NEW: "table-success", RowAction.UNCHANGED: "text-muted"}.get(row.action, "")


class ProductImportView(_CatalogImportView):
    """Create and update products from a CSV file (a manager's job)."""

    permission_required = CHANGE_PRODUCTS
    template_name = "sales/product_import.html"
    session_key = "sales_product_import"
    url_name = "sales:product-import"
    columns = PRODUCT_COLUMNS
    new_label = gettext_lazy("New products")
    row_headers = (gettext_lazy("SKU"), gettext_lazy("Name (Dutch)"))
    new_groups_label = gettext_lazy("These categories are not in the catalog and will be created:")

    def preview(self, *, content, actor):
        return product_import_preview(content=content, actor=actor)

    def commit(self, *, content, filename, actor):
        return product_import_commit(content=content, actor=actor)

    def done(self, request, result: ImportResult):
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


class PriceImportView(_CatalogImportView):
    """Create and update price list lines from a CSV file (a manager's job)."""

    permission_required = CHANGE_PRICE_LISTS
    template_name = "sales/price_import.html"
    session_key = "sales_price_import"
    url_name = "sales:price-import"
    columns = PRICE_COLUMNS
    new_label = gettext_lazy("New lines")
    row_headers = (gettext_lazy("SKU"), gettext_lazy("Price list"))
    new_groups_label = gettext_lazy("These price lists do not exist yet and will be created:")

    def preview(self, *, content, actor):
        return price_import_preview(content=content, actor=actor)

    def commit(self, *, content, filename, actor):
        return price_import_commit(content=content, actor=actor)

    def extra_context(self):
        return {"price_lists": PriceList.objects.order_by("name")}

    def done(self, request, result: ImportResult):
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

from django.contrib import admin

from sales.models import Invoice, InvoiceLine


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ("position", "sku", "description", "quantity", "unit_price", "discount_percent", "vat_rate", "net_amount")

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read access for support; an issued invoice is read-only here as everywhere (the ORM refuses too)."""

    list_display = ("reference", "kind", "company", "status", "issue_date", "total")
    list_filter = ("kind", "status")
    search_fields = ("number", "structured_reference", "company__name")
    raw_id_fields = ("company",)  # an id with a lookup, never a list of every company
    inlines = [InvoiceLineInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Deleting a selection could include issued invoices: drafts are deleted one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

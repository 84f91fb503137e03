"""The months exported from the page "Export a month"."""

from django.db.models import QuerySet

from sales.models import InvoiceExport

RECENT_EXPORTS = 10


def invoice_exports_recent() -> QuerySet[InvoiceExport]:
    return InvoiceExport.objects.select_related("requested_by")[:RECENT_EXPORTS]

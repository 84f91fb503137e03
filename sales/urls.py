from django.urls import path

from sales.views import (
    catalog,
    collections,
    invoice_exports,
    invoices,
    lines,
    orders,
    payments,
    peppol,
    price_check,
    pricing,
    products,
    quotes,
)
from sales.views.bank_accounts import BankAccountsView
from sales.views.imports import import_urlpatterns

app_name = "sales"


# Line editing first: "lines" and "discount" would otherwise match the <action> routes below.
line_urlpatterns = []
for kind in ("quote", "order", "invoice"):
    line_urlpatterns += [
        path(f"{kind}s/<int:pk>/lines/", lines.LineSaveView.as_view(kind=kind), name=f"{kind}-line-add"),
        path(f"{kind}s/<int:pk>/lines/<int:line_pk>/", lines.LineSaveView.as_view(kind=kind),
             name=f"{kind}-line-update"),
        path(f"{kind}s/<int:pk>/lines/<int:line_pk>/delete/", lines.LineDeleteView.as_view(kind=kind),
             name=f"{kind}-line-delete"),
        path(f"{kind}s/<int:pk>/discount/", lines.DiscountView.as_view(kind=kind), name=f"{kind}-discount"),
    ]  # fmt: skip

document_urlpatterns = [
    *line_urlpatterns,
    path("new/<str:target>/", quotes.CompanyPickView.as_view(), name="company-pick"),
    path("price-requests/new/", quotes.PriceRequestCreateView.as_view(), name="price-request-create"),
    path("price-requests/<int:pk>/quote/", quotes.PriceRequestQuoteView.as_view(), name="price-request-quote"),
    path("price-requests/<int:pk>/close/", quotes.PriceRequestCloseView.as_view(), name="price-request-close"),
    path("catalog/suggestions/", lines.ProductSuggestionsView.as_view(), name="product-suggestions"),
    path("price-check/", price_check.PriceCheckView.as_view(), name="price-check"),
    path("price-check/quote/", price_check.PriceCheckAddView.as_view(), name="price-check-quote"),
    path("quotes/", quotes.QuoteListView.as_view(), name="quote-list"),
    path("quotes/new/", quotes.QuoteCreateView.as_view(), name="quote-create"),
    path("quotes/<int:pk>/", quotes.QuoteDetailView.as_view(), name="quote-detail"),
    path("quotes/<int:pk>/pdf/", quotes.QuotePdfView.as_view(), name="quote-pdf"),
    path("quotes/<int:pk>/rev<int:revision>.pdf", quotes.QuotePdfView.as_view(), name="quote-revision-pdf"),
    path("quotes/<int:pk>/compare/", quotes.QuoteCompareView.as_view(), name="quote-compare"),
    path("quotes/<int:pk>/<slug:action>/", quotes.QuoteActionView.as_view(), name="quote-action"),
    path("orders/", orders.OrderListView.as_view(), name="order-list"),
    path("orders/new/", orders.OrderCreateView.as_view(), name="order-create"),
    path("orders/<int:pk>/", orders.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<int:pk>/pdf/", orders.OrderPdfView.as_view(), name="order-pdf"),
    path(
        "orders/<int:pk>/lines/<int:line_pk>/reschedule/",
        orders.OrderLineRescheduleView.as_view(),
        name="order-line-reschedule",
    ),  # fmt: skip
    path("orders/<int:pk>/deliver/", orders.DeliveryCreateView.as_view(), name="delivery-create"),
    path("orders/<int:pk>/<slug:action>/", orders.OrderActionView.as_view(), name="order-action"),
    path("deliveries/", orders.DeliveryListView.as_view(), name="delivery-list"),
    path("deliveries/<int:pk>/", orders.DeliveryDetailView.as_view(), name="delivery-detail"),
    path("deliveries/<int:pk>/pdf/", orders.DeliveryPdfView.as_view(), name="delivery-pdf"),
    path("invoices/", invoices.InvoiceListView.as_view(), name="invoice-list"),
    path("invoices/new/", invoices.InvoiceCreateView.as_view(), name="invoice-create"),
    path("invoices/export/", invoice_exports.InvoiceExportView.as_view(), name="invoice-export"),
    path("invoices/export/<int:pk>/", invoice_exports.InvoiceExportDetailView.as_view(), name="invoice-export-detail"),
    path(
        "invoices/export/<int:pk>/download/",
        invoice_exports.InvoiceExportDownloadView.as_view(),
        name="invoice-export-download",
    ),
    path("invoices/<int:pk>/", invoices.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("invoices/<int:pk>/pdf/", invoices.InvoicePdfView.as_view(), name="invoice-pdf"),
    path("invoices/<int:pk>/ubl/", invoices.InvoiceUblView.as_view(), name="invoice-ubl"),
    path("invoices/<int:pk>/credit/", invoices.CreditNoteCreateView.as_view(), name="credit-note-create"),
    path("invoices/<int:pk>/<slug:action>/", invoices.InvoiceActionView.as_view(), name="invoice-action"),
    path("peppol/webhook/", peppol.PeppolWebhookView.as_view(), name="peppol-webhook"),  # the access point, signed
    path("peppol/deliveries/", peppol.PeppolDeliveriesView.as_view(), name="peppol-deliveries"),
    path("peppol/customers/<int:company_id>/lookup/", peppol.PeppolLookupView.as_view(), name="peppol-lookup"),
    path("peppol/customers/<int:company_id>/search/", peppol.PeppolSearchView.as_view(), name="peppol-search"),
    path("payments/", payments.PaymentListView.as_view(), name="payment-list"),
    path("payments/new/", payments.PaymentCreateView.as_view(), name="payment-create"),
    path("bank/", collections.BankView.as_view(), name="bank"),
    path("bank/accounts/", BankAccountsView.as_view(), name="bank-accounts"),
    path("bank/statements/<int:pk>/", collections.BankStatementDetailView.as_view(), name="bank-statement"),
    path("bank/lines/<int:pk>/<slug:action>/", collections.BankLineActionView.as_view(), name="bank-line-action"),
    path("receivables/", collections.ReceivablesView.as_view(), name="receivables"),
    path("receivables/<int:company_id>/", collections.CustomerStatementView.as_view(), name="customer-statement"),
    path("reminders/", collections.ReminderRunView.as_view(), name="reminder-run"),
    path("reminders/runs/<int:pk>/", collections.ReminderRunView.as_view(), name="reminder-run-detail"),
    path("reminders/<int:pk>/pdf/", collections.ReminderPdfView.as_view(), name="reminder-pdf"),
    path("reminders/setup/", collections.ReminderSetupView.as_view(), name="reminder-setup"),
    path(
        "invoices/<int:pk>/follow-up/<slug:action>/",
        collections.InvoiceFollowUpView.as_view(),
        name="invoice-follow-up",
    ),  # fmt: skip
    path("purchasing/", orders.SupplierOrderListView.as_view(), name="supplier-order-list"),
    path("purchasing/new/", orders.SupplierOrderCreateView.as_view(), name="supplier-order-create"),
    path("purchasing/<int:pk>/", orders.SupplierOrderDetailView.as_view(), name="supplier-order-detail"),
    path("purchasing/<int:pk>/pdf/", orders.SupplierOrderPdfView.as_view(), name="supplier-order-pdf"),
]

urlpatterns = [
    path("catalog/", catalog.CatalogView.as_view(), name="catalog"),
    path("catalog/prices/", pricing.PricingView.as_view(), name="pricing"),
    path("catalog/prices/lists/new/", pricing.PriceListEditView.as_view(), name="price-list-create"),
    path("catalog/prices/lists/<int:pk>/", pricing.PriceListEditView.as_view(), name="price-list-update"),
    path("catalog/prices/promotions/new/", pricing.PromotionEditView.as_view(), name="promotion-create"),
    path("catalog/prices/promotions/<int:pk>/", pricing.PromotionEditView.as_view(), name="promotion-update"),
    path("catalog/discounts/", catalog.DiscountAuthorityView.as_view(), name="discount-authority"),
    path("catalog/quality/", catalog.CatalogQualityView.as_view(), name="catalog-quality"),
    path("catalog/new/", products.ProductEditView.as_view(), name="product-create"),
    path("catalog/<int:pk>/", catalog.ProductDetailView.as_view(), name="product-detail"),
    path("catalog/<int:pk>/edit/", products.ProductEditView.as_view(), name="product-update"),
    path("catalog/<int:pk>/market-notes/", products.MarketNoteAddView.as_view(), name="market-note-add"),
    path("catalog/<int:pk>/documents/", products.ProductDocumentAddView.as_view(), name="product-document-add"),
    path(
        "catalog/<int:pk>/documents/<int:document_pk>/",
        products.ProductDocumentDownloadView.as_view(),
        name="product-document",
    ),
    path("catalog/<int:pk>/notes/", catalog.ProductNoteCreateView.as_view(), name="product-note-create"),
    *import_urlpatterns,
    *document_urlpatterns,
]

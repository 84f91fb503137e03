from django.urls import path
from django.utils.translation import gettext_lazy as _

from orderdesk.views.shell import PlaceholderView
from sales.views import catalog, pricing, products
from sales.views.imports import import_urlpatterns

app_name = "sales"

PLANNED = [
    (
        "quotes/",
        "quote-list",
        _("Quotes"),
        _("Price requests and quotes, with revisions, approvals and a customer link. This part is being built."),
    ),
    (
        "orders/",
        "order-list",
        _("Orders"),
        _("Orders with credit and stock checks, confirmations and backorders. This part is being built."),
    ),
    (
        "deliveries/",
        "delivery-list",
        _("Deliveries"),
        _("Delivery notes for complete and partial deliveries. This part is being built."),
    ),
    (
        "invoices/",
        "invoice-list",
        _("Invoices"),
        _("Invoices and credit notes with structured communication, QR code and Peppol. This part is being built."),
    ),
    (
        "payments/",
        "payment-list",
        _("Payments"),
        _("Payments, bank statements, receivables and reminders. This part is being built."),
    ),
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
    path("catalog/<int:pk>/notes/", catalog.ProductNoteCreateView.as_view(), name="product-note-create"),
    *import_urlpatterns,
] + [
    path(route, PlaceholderView.as_view(title=title, description=description), name=name)
    for route, name, title, description in PLANNED
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from orderdesk.views.shell import PlaceholderView

app_name = "sales"

PLANNED = [
    (
        "catalog/",
        "catalog",
        _("Catalog"),
        _("Products and services with specifications, prices, availability and substitutes. This part is being built."),
    ),
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
    path(route, PlaceholderView.as_view(title=title, description=description), name=name)
    for route, name, title, description in PLANNED
]

"""The customer's signed link to a quote, outside the `sales` namespace (no login, short URLs)."""

from django.urls import path

from sales.views.public import QuotePublicPdfView, QuotePublicView

urlpatterns = [
    path("<str:token>/", QuotePublicView.as_view(), name="quote-public"),
    path("<str:token>/pdf/", QuotePublicPdfView.as_view(), name="quote-public-pdf"),
]

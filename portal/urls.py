"""The customer's portal (signed personal links, no login) and the assistant's actions on it (login)."""

from django.urls import path

from portal.views import customer, staff

app_name = "portal"

urlpatterns = [
    path("", customer.PortalRequestLinkView.as_view(), name="request-link"),
    # The assistant's side.
    path("contacts/<int:pk>/send/", staff.PortalLinkSendView.as_view(), name="link-send"),
    path("contacts/<int:pk>/revoke/", staff.PortalLinkRevokeView.as_view(), name="link-revoke"),
    path("requests/<int:pk>/confirm/", staff.PortalPromiseConfirmView.as_view(), name="promise-confirm"),
    path("requests/<int:pk>/close/", staff.PortalRequestCloseView.as_view(), name="request-close"),
    path("photos/<int:pk>/", staff.PortalPhotoView.as_view(), name="photo"),
    # The customer's side, behind their token.
    path("<str:token>/", customer.PortalHomeView.as_view(), name="home"),
    path("<str:token>/statement.pdf", customer.PortalStatementPdfView.as_view(), name="statement-pdf"),
    path("<str:token>/quotes/<int:pk>/", customer.PortalQuoteView.as_view(), name="quote"),
    path("<str:token>/quotes/<int:pk>/pdf/", customer.PortalQuotePdfView.as_view(), name="quote-pdf"),
    path("<str:token>/orders/<int:pk>/pdf/", customer.PortalOrderPdfView.as_view(), name="order-pdf"),
    path("<str:token>/deliveries/<int:pk>/pdf/", customer.PortalDeliveryPdfView.as_view(), name="delivery-pdf"),
    path(
        "<str:token>/deliveries/<int:pk>/documents/<int:document_pk>/",
        customer.PortalUsageDocumentView.as_view(),
        name="usage-document",
    ),
    path("<str:token>/delivered/<int:pk>/problem/", customer.PortalProblemView.as_view(), name="problem"),
    path("<str:token>/invoices/<int:pk>/pdf/", customer.PortalInvoicePdfView.as_view(), name="invoice-pdf"),
    path("<str:token>/invoices/<int:pk>/ubl/", customer.PortalInvoiceUblView.as_view(), name="invoice-ubl"),
    path("<str:token>/invoices/<int:pk>/promise/", customer.PortalPromiseView.as_view(), name="promise"),
    path("<str:token>/ask/<slug:kind>/<int:pk>/", customer.PortalQuestionView.as_view(), name="ask"),
]

from django.contrib import admin
from django.urls import include, path

from orderdesk.views import company, outbox, security, shell

orderdesk_patterns = [
    path("language/", shell.LanguageSwitchView.as_view(), name="language"),
    path("company/", company.CompanySettingsView.as_view(), name="company-settings"),
    path("company/sample-<str:language>.pdf", company.CompanyPreviewPdfView.as_view(), name="company-preview"),
    path("outbox/", outbox.OutboxListView.as_view(), name="outbox-list"),
    path("outbox/<int:pk>/", outbox.OutboxDetailView.as_view(), name="outbox-detail"),
    path("outbox/<int:pk>/retry/", outbox.OutboxRetryView.as_view(), name="outbox-retry"),
    path("sign-in-locks/", security.SignInLockListView.as_view(), name="sign-in-locks"),
    path("sign-in-locks/<int:pk>/unlock/", security.SignInUnlockView.as_view(), name="sign-in-unlock"),
    path("company/logo/", company.CompanyLogoView.as_view(), name="company-logo"),
    path(
        "outbox/<int:pk>/attachments/<int:attachment_pk>/",
        outbox.OutboxAttachmentView.as_view(),
        name="outbox-attachment",
    ),
]

urlpatterns = [
    path("", include((orderdesk_patterns, "orderdesk"))),
    path("", include("desk.urls")),
    path("portal/", include("portal.urls")),  # the customer's own page: signed personal links, no login
    path("accounts/password_reset/", security.LimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("customers/", include("customers.urls")),
    path("", include("sales.urls")),
    path("complaints/", include("complaints.urls")),
    path("q/", include("sales.public_urls")),  # the customer's signed link to a quote: no login
    path("admin/", admin.site.urls),
]
# Uploads are never served as /media/ (not even in development): each has a view that checks who may see it.

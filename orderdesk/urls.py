from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from orderdesk.views import company, dashboard, outbox, shell
from sales.views.public import QuotePublicPdfView, QuotePublicView

orderdesk_patterns = [
    path("", shell.DeskView.as_view(), name="desk"),
    path("search/", shell.SearchView.as_view(), name="search"),
    path("language/", shell.LanguageSwitchView.as_view(), name="language"),
    path("company/", company.CompanySettingsView.as_view(), name="company-settings"),
    path("company/sample-<str:language>.pdf", company.CompanyPreviewPdfView.as_view(), name="company-preview"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("outbox/", outbox.OutboxListView.as_view(), name="outbox-list"),
    path("outbox/<int:pk>/", outbox.OutboxDetailView.as_view(), name="outbox-detail"),
    path("outbox/<int:pk>/retry/", outbox.OutboxRetryView.as_view(), name="outbox-retry"),
    path(
        "outbox/<int:pk>/attachments/<int:attachment_pk>/",
        outbox.OutboxAttachmentView.as_view(),
        name="outbox-attachment",
    ),
]

urlpatterns = [
    path("", include((orderdesk_patterns, "orderdesk"))),
    path("accounts/", include("django.contrib.auth.urls")),
    path("customers/", include("customers.urls")),
    path("", include("sales.urls")),
    path("complaints/", include("complaints.urls")),
    # The customer's signed link to a quote: no login.
    path("q/<str:token>/", QuotePublicView.as_view(), name="quote-public"),
    path("q/<str:token>/pdf/", QuotePublicPdfView.as_view(), name="quote-public-pdf"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

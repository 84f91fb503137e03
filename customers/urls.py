from django.urls import path

from customers.views import activity, companies, contacts
from customers.views.imports import import_urlpatterns

app_name = "customers"

urlpatterns = [
    path("", companies.CompanyListView.as_view(), name="company-list"),
    path("export.csv", companies.CompanyExportView.as_view(), name="company-export"),
    path("new/", companies.CompanyCreateView.as_view(), name="company-create"),
    path("search.json", companies.CompanySearchView.as_view(), name="company-search"),
    path("on-the-line/clear/", companies.OnTheLineClearView.as_view(), name="on-the-line-clear"),
    path("<int:pk>/", companies.CompanyDetailView.as_view(), name="company-detail"),
    path("<int:pk>/edit/", companies.CompanyUpdateView.as_view(), name="company-update"),
    path("<int:pk>/convert/", companies.CompanyConvertView.as_view(), name="company-convert"),
    path("<int:pk>/credit-status/", companies.CompanyCreditStatusView.as_view(), name="company-credit-status"),
    path("<int:pk>/vies/", companies.CompanyViesCheckView.as_view(), name="company-vies"),
    path("<int:pk>/merge/", companies.CompanyMergeView.as_view(), name="company-merge"),
    path("<int:company_pk>/contacts/new/", contacts.ContactCreateView.as_view(), name="contact-create"),
    path("<int:company_pk>/addresses/new/", contacts.DeliveryAddressEditView.as_view(), name="address-create"),
    path("<int:company_pk>/addresses/<int:pk>/", contacts.DeliveryAddressEditView.as_view(), name="address-update"),
    path("contacts/<int:pk>/edit/", contacts.ContactUpdateView.as_view(), name="contact-update"),
    path("contacts/<int:pk>/anonymise/", contacts.ContactAnonymiseView.as_view(), name="contact-anonymise"),
    path("contacts/<int:pk>/data.json", contacts.ContactDataExportView.as_view(), name="contact-data"),
    path("<int:company_pk>/interactions/new/", activity.InteractionCreateView.as_view(), name="interaction-create"),
    path("<int:company_pk>/tasks/new/", activity.TaskCreateView.as_view(), name="task-create"),
    path("tasks/", activity.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:pk>/done/", activity.TaskCompleteView.as_view(), name="task-complete"),
    path(
        "<int:company_pk>/credit-requests/new/",
        activity.CreditRequestCreateView.as_view(),
        name="credit-request-create",
    ),
    path("credit-requests/<int:pk>/", activity.CreditRequestDecideView.as_view(), name="credit-request-decide"),
    *import_urlpatterns,
]

from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="complaint-list"),
    path("new/", views.ComplaintCreateView.as_view(), name="complaint-create"),
    path("report/", views.ComplaintReportView.as_view(), name="complaint-report"),
    path("root-causes/", views.RootCauseListView.as_view(), name="root-causes"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint-detail"),
    path("<int:pk>/<slug:action>/", views.ComplaintActionView.as_view(), name="complaint-action"),
]

from django.urls import path

from desk.views import approvals, dashboard, shell

app_name = "desk"

urlpatterns = [
    path("", shell.DeskView.as_view(), name="desk"),
    path("search/", shell.SearchView.as_view(), name="search"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("approvals/", approvals.ApprovalListView.as_view(), name="approval-list"),
]

from django.urls import path
from django.utils.translation import gettext_lazy as _

from orderdesk.views.shell import PlaceholderView

app_name = "customers"

urlpatterns = [
    path(
        "",
        PlaceholderView.as_view(
            title=_("Customers"),
            description=_(
                "Customers and prospects, their contacts, every call and visit, and follow-up tasks. "
                "This part is being built."
            ),
        ),
        name="company-list",
    ),
]

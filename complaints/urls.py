from django.urls import path
from django.utils.translation import gettext_lazy as _

from orderdesk.views.shell import PlaceholderView

app_name = "complaints"

urlpatterns = [
    path(
        "",
        PlaceholderView.as_view(
            title=_("Complaints"),
            description=_(
                "Register a complaint while the customer is on the phone, check the warranty, propose a "
                "solution and follow it to the end. This part is being built."
            ),
        ),
        name="complaint-list",
    ),
]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The top floor: My desk, the dashboard, approvals, the weekly report, demo seeding and benchmarks. It reads
    across every app; no app imports it."""

    name = "desk"
    verbose_name = _("My desk")

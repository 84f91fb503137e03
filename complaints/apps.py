from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from auditlog.registry import auditlog

        from complaints import texts  # noqa: F401  the codes of the texts complaints stores, for every reader
        from complaints.models import RootCause

        # The managed list of root causes keeps an audit trail of who changed what (see `root_causes_save`).
        auditlog.register(RootCause)

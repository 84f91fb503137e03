from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Customer portal")

    def ready(self):
        from auditlog.registry import auditlog

        from portal import texts  # noqa: F401  the codes of the texts portal stores, for every reader
        from portal.models import PortalAccess, PortalVisit

        # Every visit of a customer's page is in the audit trail, and so is every link sent or revoked.
        auditlog.register(PortalAccess)
        auditlog.register(PortalVisit)

"""Which models keep an audit trail of who changed what (django-auditlog)."""

from auditlog.registry import auditlog


def register_models() -> None:
    from orderdesk.models import CompanySettings, User

    auditlog.register(CompanySettings)
    auditlog.register(User, exclude_fields=["password", "last_login"])

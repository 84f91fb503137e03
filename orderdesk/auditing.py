"""Which models keep an audit trail of who changed what (django-auditlog), and who a service's changes are by."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_actor
from auditlog.registry import auditlog

_service_actor: ContextVar[object | None] = ContextVar("orderdesk_audit_actor", default=None)


def register_models() -> None:
    """The foundation's own models; each domain app registers its models in its AppConfig.ready()."""
    from orderdesk.models import CompanySettings, User

    auditlog.register(CompanySettings)
    auditlog.register(User, exclude_fields=["password", "last_login"])


@contextmanager
def audit_actor(actor) -> Iterator[None]:
    """The audit entries written inside name `actor` as who made the change, wherever the service runs: in a
    request (where the middleware names the signed-in user), a command, a task or a test. Nested calls for the
    same actor change nothing; at the end the outer context (the request's) is as it was."""
    if getattr(actor, "pk", None) is None or _service_actor.get() == actor:
        yield
        return
    outer = auditlog_value.get({})
    outer_token = auditlog_value.set(outer)  # set_actor replaces it without putting it back: we do
    actor_token = _service_actor.set(actor)
    try:
        with set_actor(actor, remote_addr=outer.get("remote_addr"), remote_port=outer.get("remote_port")):
            yield
    finally:
        _service_actor.reset(actor_token)
        auditlog_value.reset(outer_token)

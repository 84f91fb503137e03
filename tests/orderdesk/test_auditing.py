"""`audit_actor`: a service names who made its changes in the audit trail, in a request or outside one."""

from auditlog.context import set_actor
from auditlog.models import LogEntry

from orderdesk.auditing import audit_actor
from orderdesk.demo import seed_company


def _rename(company, name: str) -> LogEntry:
    company.name = name
    company.save()
    return LogEntry.objects.get_for_object(company).latest("pk")


def test_outside_a_request_the_changes_are_by_the_services_actor(manager):
    company = seed_company()

    with audit_actor(manager):
        entry = _rename(company, "Vandenbroucke Techniek")

    assert entry.actor == manager and entry.changes_dict["name"][1] == "Vandenbroucke Techniek"
    assert _rename(company, "Vandenbroucke").actor is None  # afterwards nobody is named any more


def test_in_a_request_the_requests_user_is_named_again_after_the_service(manager, assistant):
    company = seed_company()

    with set_actor(assistant):  # what the middleware does for the signed-in user
        with audit_actor(manager), audit_actor(manager):  # nested calls for the same actor change nothing
            by_service = _rename(company, "Vandenbroucke Techniek")
        after_service = _rename(company, "Vandenbroucke")

    assert (by_service.actor, after_service.actor) == (manager, assistant)


def test_without_a_user_nobody_is_named(db):
    company = seed_company()

    with audit_actor(None):
        assert _rename(company, "Vandenbroucke Techniek").actor is None

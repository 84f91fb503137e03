"""A person's data (GDPR) is wherever it was written: their row, the audit trail and the mails of the outbox. The
export of their data includes all of it; anonymising them scrubs all of it, and nobody else's."""

import json

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from customers.services.activity import interaction_log
from customers.services.privacy import contact_anonymise, contact_personal_data
from orderdesk.models import OutboxMessage
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

SOFIE = ("Sofie Claes", "sofie@claes.be", "sofie.old@claes.be", "+32 470 12 34 56", "+32 2 555 01 02")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sofie(assistant):
    contact = ContactFactory(
        first_name="Sofie", last_name="Claes", email="sofie.old@claes.be", phone="+32 470 12 34 56"
    )
    contact.email, contact.mobile, contact.notes = "sofie@claes.be", "+32 2 555 01 02", "Prefers mornings"
    contact.save()  # a second audit entry: the old address in its changes
    interaction_log(company=contact.company, actor=assistant, kind="call", summary="Called Sofie Claes back",
                    contacts=[contact])  # fmt: skip
    OutboxMessage.objects.create(to=["sofie@claes.be"], cc=["boss@claes.be"], subject="Your quote, Sofie Claes",
                                 body="Dear Sofie Claes,\nCall me on +32 470 12 34 56.", state="sent")  # fmt: skip
    OutboxMessage.objects.create(to=["sofie@claes.be"], subject="Reminder", body="Dear customer,", state="queued")
    return contact


@pytest.fixture
def someone_else(db):
    contact = ContactFactory(first_name="Jan", last_name="Peeters", email="jan@peeters.be", phone="+32 3 111 22 33")
    OutboxMessage.objects.create(to=["jan@peeters.be"], subject="For Jan Peeters", body="Dear Jan Peeters,")
    return contact


def everything_stored() -> str:
    """Every audit entry and every mail, as text (JSON escapes undone)."""
    entries = LogEntry.objects.values("object_repr", "changes", "changes_text", "additional_data", "serialized_data")
    mails = OutboxMessage.objects.values("to", "cc", "reply_to", "subject", "body")
    return json.dumps([*entries, *mails], ensure_ascii=False, default=str)


def test_the_export_of_a_persons_data_includes_their_audit_entries_and_mails(sofie, someone_else):
    data = contact_personal_data(contact=sofie)

    audit = json.dumps(data["audit_trail"], ensure_ascii=False)
    assert "sofie.old@claes.be" in audit and "Prefers mornings" in audit
    assert "Called Sofie Claes back" in audit  # the interaction's entry names her
    assert [mail["subject"] for mail in data["emails"]] == ["Your quote, Sofie Claes", "Reminder"]
    assert "Peeters" not in json.dumps(data, ensure_ascii=False)
    json.dumps(data)  # served as JSON


def test_anonymising_scrubs_the_audit_trail_and_the_outbox_and_nothing_else(sofie, someone_else, assistant):
    assert all(value in everything_stored() for value in SOFIE)
    entries, mails = LogEntry.objects.count(), OutboxMessage.objects.count()

    contact_anonymise(contact=sofie, actor=assistant)

    stored = everything_stored()
    assert [value for value in (*SOFIE, "Prefers mornings") if value in stored] == []
    assert "Jan Peeters" in stored and "jan@peeters.be" in stored and "+32 3 111 22 33" in stored
    # The trail keeps that things happened, and when; the mails that they were sent.
    assert LogEntry.objects.count() == entries + 1  # the anonymisation itself, scrubbed too
    assert OutboxMessage.objects.count() == mails
    sent = OutboxMessage.objects.get(subject="Your quote, ***")
    assert (sent.to, sent.cc, sent.body) == ([], ["boss@claes.be"], "Dear ***,\nCall me on ***.")
    waiting = OutboxMessage.objects.get(subject="Reminder")
    assert (waiting.to, waiting.state) == ([], OutboxMessage.State.FAILED)
    assert contact_personal_data(contact=sofie)["emails"] == []


def test_the_export_after_anonymising_holds_nothing_of_the_person(sofie, assistant):
    contact_anonymise(contact=sofie, actor=assistant)
    sofie.refresh_from_db()

    exported = json.dumps(contact_personal_data(contact=sofie), ensure_ascii=False)
    assert [value for value in SOFIE if value in exported] == []

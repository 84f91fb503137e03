"""A person's rights over their data (GDPR): everything we keep about a contact, and erasing it.

Besides the contact's own row, their data sits in the audit trail (the entries of their row, and entries of other
rows that name them) and in the mails of the outbox (sent to them, or naming them). The export includes both;
anonymising scrubs both. Issued invoices and credit notes keep the name they were issued to: a legal document is
kept unchanged for ten years (GDPR art. 17(3)(b), VAT Code art. 60).
"""

import json
import re

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Contact, FollowUpTask, Interaction
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.models import OutboxMessage, User

# What replaces a person's data in the audit trail and in the mails.
SCRUBBED = "***"
PERSONAL_FIELDS = ("first_name", "last_name", "job_title", "email", "phone", "mobile", "notes")


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


def contact_personal_data(*, contact: Contact) -> dict:
    """Everything we keep about a person, for a data-access request (GDPR art. 15)."""
    return {
        "name": contact.full_name,
        "company": contact.company.name,
        "job_title": contact.job_title,
        "email": contact.email,
        "phone": contact.phone,
        "mobile": contact.mobile,
        "language": contact.language,
        "preferred_channel": contact.preferred_channel,
        "roles": [role.role for role in contact.roles.all()],
        "notes": contact.notes,
        "created_at": contact.created_at.isoformat(),
        "interactions": [
            {
                "date": interaction.happened_at.isoformat(),
                "kind": interaction.kind,
                "summary": interaction.summary,
                "minutes": interaction.minutes,
            }
            for interaction in contact.interactions.order_by("happened_at")
        ],
        "tasks": [{"title": task.title, "due_date": task.due_date.isoformat()} for task in contact.tasks.all()],
        "audit_trail": [
            {
                "date": entry.timestamp.isoformat(),
                "action": entry.get_action_display(),
                "object": entry.object_repr,
                "changes": entry.changes or entry.changes_text,
            }
            for entry in _audit_entries(contact, _identifiers(contact)).order_by("timestamp", "pk")
        ],
        "emails": [
            {
                "date": message.created_at.isoformat(),
                "to": message.to,
                "cc": message.cc,
                "subject": message.subject,
                "body": message.body,
                "state": message.state,
            }
            for message in _outbox_messages(contact, _identifiers(contact)).order_by("created_at", "pk")
        ],
    }


def _own_entries(contact: Contact):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Contact), object_pk=str(contact.pk))


def _identifiers(contact: Contact) -> list[str]:
    """What names the person in another row's text: their full name, e-mail addresses and phone numbers, now and
    before (read from their own audit entries). A lone first or last name is shared by other people: not that."""
    values = {contact.email, contact.phone, contact.mobile}
    if contact.first_name and contact.last_name:
        values.add(contact.full_name)
    for entry in _own_entries(contact):
        for field in ("email", "phone", "mobile"):
            change = (entry.changes or {}).get(field)
            if isinstance(change, list):
                values.update(value for value in change if isinstance(value, str) and value != "None")
    return sorted((value for value in values if value and len(value) >= 5), key=len, reverse=True)


def _mentions(field: str, identifiers: list[str]) -> Q:
    """The rows whose `field` holds one of the identifiers, as typed or as JSON stores it (\\u escapes)."""
    found = Q(pk__in=[])
    for value in identifiers:
        for form in {value, json.dumps(value)[1:-1]}:
            found |= Q(**{f"{field}__icontains": form})
    return found


def _audit_entries(contact: Contact, identifiers: list[str]):
    own = Q(content_type=ContentType.objects.get_for_model(Contact), object_pk=str(contact.pk))
    named = _mentions("object_repr", identifiers) | _mentions("changes_text", identifiers)
    named |= _mentions("changes", identifiers) | _mentions("additional_data", identifiers)
    return LogEntry.objects.filter(own | named)


def _outbox_messages(contact: Contact, identifiers: list[str]):
    about = Q(content_type=ContentType.objects.get_for_model(Contact), object_id=contact.pk)
    for field in ("to", "cc", "reply_to", "subject", "body"):
        about |= _mentions(field, identifiers)
    return OutboxMessage.objects.filter(about)


def _scrub(value, identifiers: list[str]):
    """The value with every identifier replaced, in strings, lists and dicts alike."""
    if isinstance(value, str):
        for identifier in identifiers:
            value = re.sub(re.escape(identifier), SCRUBBED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_scrub(item, identifiers) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, identifiers) for key, item in value.items()}
    return value


def _audit_scrub(contact: Contact, identifiers: list[str], names: tuple[str, str]) -> None:
    """The audit trail keeps who changed what and when, not the person's data: their own entries lose every
    personal value, other entries lose what names them."""
    personal = identifiers + [value for value in names if len(value) >= 2]
    personal.sort(key=len, reverse=True)
    own_ids = set(_own_entries(contact).values_list("pk", flat=True))
    entries = list(_audit_entries(contact, identifiers))
    for entry in entries:
        own = entry.pk in own_ids
        words = personal if own else identifiers
        changes = entry.changes
        if own and isinstance(changes, dict):
            changes = {field: [SCRUBBED for _value in change] if field in PERSONAL_FIELDS and isinstance(change, list)
                       else change for field, change in changes.items()}  # fmt: skip
        entry.changes = _scrub(changes, words)
        entry.changes_text = _scrub(entry.changes_text, words)
        entry.object_repr = _("Anonymised contact") if own else _scrub(entry.object_repr, words)
        entry.additional_data = _scrub(entry.additional_data, words)
        entry.serialized_data = None if own else _scrub(entry.serialized_data, words)
    LogEntry.objects.bulk_update(
        entries, ["changes", "changes_text", "object_repr", "additional_data", "serialized_data"]
    )


def _activity_scrub(contact: Contact, identifiers: list[str]) -> None:
    """Their interactions and tasks stay, without what names them (updated in bulk: no audit entry of the old
    text)."""
    interactions = list(contact.interactions.all())
    for interaction in interactions:
        interaction.summary = _scrub(interaction.summary, identifiers)
        interaction.minutes = _scrub(interaction.minutes, identifiers)
    Interaction.objects.bulk_update(interactions, ["summary", "minutes"])
    tasks = list(contact.tasks.all())
    for task in tasks:
        task.title, task.notes = _scrub(task.title, identifiers), _scrub(task.notes, identifiers)
    FollowUpTask.objects.bulk_update(tasks, ["title", "notes"])


def _outbox_scrub(contact: Contact, identifiers: list[str]) -> None:
    """Mails keep that they were sent, and when, not to whom nor what they said about the person. A mail still
    waiting for them is not sent any more."""
    addresses = {value.lower() for value in identifiers if "@" in value}
    messages = list(_outbox_messages(contact, identifiers))
    for message in messages:
        message.to = [address for address in message.to if address.lower() not in addresses]
        message.cc = [address for address in message.cc if address.lower() not in addresses]
        if message.reply_to.lower() in addresses:
            message.reply_to = ""
        message.subject = _scrub(message.subject, identifiers)
        message.body = _scrub(message.body, identifiers)
        if message.state == OutboxMessage.State.QUEUED and not message.to:
            message.state = OutboxMessage.State.FAILED
            message.last_error = _("Not sent: the recipient's personal data was erased.")
    OutboxMessage.objects.bulk_update(messages, ["to", "cc", "reply_to", "subject", "body", "state", "last_error"])


@transaction.atomic
def contact_anonymise(*, contact: Contact, actor: User) -> Contact:
    """Erase a person's data (GDPR art. 17) while interactions and documents keep their place."""
    _require(actor, "customers.change_contact")
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.anonymised_at:
        return locked
    identifiers = _identifiers(locked)
    names = (locked.first_name, locked.last_name)
    locked.first_name = ""
    locked.last_name = _("Anonymised contact")
    for field in ("job_title", "email", "phone", "mobile", "notes"):
        setattr(locked, field, "")
    locked.is_active = False
    locked.anonymised_at = timezone.now()
    locked.save()
    locked.roles.all().delete()
    _activity_scrub(locked, identifiers)
    # After the save: its own audit entry holds the values it erased.
    _audit_scrub(locked, identifiers, names)
    _outbox_scrub(locked, identifiers)
    return locked

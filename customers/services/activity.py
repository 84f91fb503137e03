"""What happens with a company: the contact moments logged, and the follow-up tasks planned and done."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Company, Contact, FollowUpTask, Interaction
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.models import User


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


def _document_link(document) -> dict:
    if document is None:
        return {"document_type": None, "document_id": None}
    return {"document_type": ContentType.objects.get_for_model(document), "document_id": document.pk}


@transaction.atomic
def interaction_log(
    *,
    company: Company,
    actor: User,
    kind: str,
    summary: str,
    direction: str = Interaction.Direction.INBOUND,
    happened_at=None,
    minutes: str = "",
    contacts: Iterable[Contact] = (),
    internal_attendees: Iterable[User] = (),
    document=None,
) -> Interaction:
    """Log a call, mail, letter, visit, meeting or event with a company."""
    _require(actor, "customers.add_interaction")
    contacts = list(contacts)
    if any(contact.company_id != company.pk for contact in contacts):
        raise ValidationError({"contacts": _("Pick contacts of this company.")})
    interaction = Interaction(
        company=company,
        kind=kind,
        direction=direction,
        happened_at=happened_at or timezone.now(),
        summary=summary,
        minutes=minutes,
        created_by=actor,
        **_document_link(document),
    )
    if interaction.happened_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"happened_at": _("A contact moment cannot be in the future; plan a task instead.")})
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    interaction.internal_attendees.set(internal_attendees)
    return interaction


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    title: str,
    due_date,
    assignee: User,
    company: Company | None = None,
    contact: Contact | None = None,
    notes: str = "",
    document=None,
) -> FollowUpTask:
    """Plan a task; actor None: the customer asked for it (a question through the customer portal)."""
    if actor is not None:
        _require(actor, "customers.add_followuptask")
    if contact is not None and company is not None and contact.company_id != company.pk:
        raise ValidationError({"contact": _("Pick a contact of this company.")})
    task = FollowUpTask(
        title=title,
        due_date=due_date,
        assignee=assignee,
        company=company or (contact.company if contact else None),
        contact=contact,
        notes=notes,
        created_by=actor,
        **_document_link(document),
    )
    task.full_clean(exclude=["created_by"] if actor is None else None)
    task.save()
    return task


@transaction.atomic
def task_complete(*, task: FollowUpTask, actor: User) -> FollowUpTask:
    _require(actor, "customers.change_followuptask")
    locked = FollowUpTask.objects.select_for_update().get(pk=task.pk)
    if locked.done_at is None:
        locked.done_at, locked.done_by = timezone.now(), actor
        locked.save(update_fields=["done_at", "done_by"])
    return locked

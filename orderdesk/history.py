"""Status changes with history: the shared engine behind every document's `<doc>_transition`."""

from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from orderdesk.exceptions import TransitionNotAllowed
from orderdesk.models import StatusChange


@transaction.atomic
def status_transition(
    *,
    obj: models.Model,
    to: str,
    actor,
    allowed: Mapping[str, set[str] | frozenset[str]],
    reason: str | dict = "",
    extra_fields: Mapping[str, object] | None = None,
    field: str = "status",
    self_approved: bool = False,
) -> models.Model:
    """Move `obj.<field>` to `to` if `allowed` permits it from the current (freshly locked) status.

    Re-reads the row under a lock so two people cannot both move the same document, saves only the
    changed fields and writes the history row in the same transaction. Returns the locked instance. A `reason` the
    system writes is a stored text (`orderdesk.stored_texts.stored_text`), one a person typed a string.
    """
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    current = getattr(locked, field)
    if to not in allowed.get(current, ()):
        labels = dict(type(obj)._meta.get_field(field).choices or ())
        raise TransitionNotAllowed(
            _("This document cannot go from “%(from)s” to “%(to)s”.")
            % {"from": labels.get(current, current), "to": labels.get(to, to)}
        )
    setattr(locked, field, to)
    update_fields = [field]
    for name, value in (extra_fields or {}).items():
        setattr(locked, name, value)
        update_fields.append(name)
    locked.save(update_fields=update_fields)
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        field=field,
        from_status=current,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        **_reason_fields(reason),
        self_approved=self_approved,
    )
    for name in update_fields:
        setattr(obj, name, getattr(locked, name))
    return locked


# A price approval moves no status (the order or draft invoice stays a draft): it is its own history field.
APPROVAL_FIELD = "approval"
APPROVAL_LABELS = {
    "requested": _lazy("Approval asked"),
    "approved": _lazy("Approved by a manager"),
    "refused": _lazy("Approval refused"),
}


def _reason_fields(reason: str | dict) -> dict:
    """A stored text goes to `reason_data` (read in the reader's language), typed text to `reason`."""
    return {"reason_data": reason} if isinstance(reason, dict) else {"reason": reason}


def approval_record(
    *, obj: models.Model, to: str, actor, reason: str | dict = "", self_approved: bool = False
) -> StatusChange:
    """A history row for an approval asked, given or refused on `obj`."""
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, field=APPROVAL_FIELD,
        from_status="", to_status=to, actor=actor if getattr(actor, "pk", None) else None, **_reason_fields(reason),
        self_approved=self_approved,
    )  # fmt: skip


def instance_sync(target: models.Model, source: models.Model) -> None:
    """Give the caller's instance every field a service changed on its locked copy of the same row."""
    for model_field in type(source)._meta.concrete_fields:
        setattr(target, model_field.attname, getattr(source, model_field.attname))


def status_history(obj: models.Model, field: str | None = None):
    """The status changes of one object, oldest first; `field` narrows to one state field."""
    changes = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if field:
        changes = changes.filter(field=field)
    return changes.select_related("actor")


def status_history_labelled(obj: models.Model, field: str = "status") -> list[StatusChange]:
    """The history of one state field, oldest first, each change with `to_label` in the user's language."""
    labels = dict(type(obj)._meta.get_field(field).choices or ())
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, field__in=[field, APPROVAL_FIELD]
    ).select_related("actor")
    changes = list(changes)
    for change in changes:
        if change.field == APPROVAL_FIELD:
            change.to_label = APPROVAL_LABELS.get(change.to_status, change.to_status)
        else:
            change.to_label = labels.get(change.to_status, change.to_status)
    return changes

"""A company's contacts and their roles."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import Contact, ContactRole
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.models import User
from orderdesk.text import instance_text_clean


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


@transaction.atomic
def contact_save(*, contact: Contact, roles: Iterable[str], actor: User) -> Contact:
    """Create or update a contact with its roles."""
    _require(actor, "customers.change_contact" if contact.pk else "customers.add_contact")
    if contact.anonymised_at:
        raise DomainError(_("This contact was anonymised and cannot be edited."))
    wanted = set(roles)
    if wanted - set(ContactRole.Role.values):
        raise ValidationError({"roles": _("Unknown role.")})
    instance_text_clean(contact)  # a contact's name goes on invoices and their e-invoice
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    contact.save()
    contact.roles.exclude(role__in=wanted).delete()
    existing = set(contact.roles.values_list("role", flat=True))
    ContactRole.objects.bulk_create([ContactRole(contact=contact, role=role) for role in sorted(wanted - existing)])
    return contact

"""A company's delivery addresses, one of them the default."""

from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import DeliveryAddress
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.models import User
from orderdesk.permissions import CHANGE_CUSTOMERS
from orderdesk.text import instance_text_clean


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


@transaction.atomic
def delivery_address_save(*, address: DeliveryAddress, actor: User) -> DeliveryAddress:
    """Create or update a delivery address; one address per company is the default."""
    _require(actor, CHANGE_CUSTOMERS)
    instance_text_clean(address)
    address.country = str(address.country or "BE").strip().upper()
    address.full_clean()
    address.save()
    siblings = DeliveryAddress.objects.filter(company_id=address.company_id).exclude(pk=address.pk)
    if address.is_default:
        siblings.filter(is_default=True).update(is_default=False)
    elif not siblings.filter(is_default=True).exists():
        DeliveryAddress.objects.filter(pk=address.pk).update(is_default=True)
        address.is_default = True
    return address


@transaction.atomic
def delivery_address_delete(*, address: DeliveryAddress, actor: User) -> None:
    _require(actor, CHANGE_CUSTOMERS)
    company_id, was_default = address.company_id, address.is_default
    address.delete()
    if was_default:
        next_default = DeliveryAddress.objects.filter(company_id=company_id).order_by("pk").first()
        if next_default:
            DeliveryAddress.objects.filter(pk=next_default.pk).update(is_default=True)

"""The EU's VIES service: is a company's VAT number active, and under which name."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Company
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.identifiers import compact_vat_number
from orderdesk.models import User
from orderdesk.permissions import CHANGE_CUSTOMERS


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


@dataclass(frozen=True)
class VatCheck:
    reachable: bool
    valid: bool | None
    name: str
    message: str


def company_vies_check(*, company: Company, actor: User) -> VatCheck:
    """Ask the EU's VIES service whether the VAT number is active. Never blocks anything: if VIES cannot be
    reached, the user is told so and the file is saved as it is."""
    _require(actor, CHANGE_CUSTOMERS)
    if not company.vat_number:
        return VatCheck(False, None, "", _("This company has no VAT number to check."))
    number = compact_vat_number(company.vat_number)
    url = f"{settings.VIES_URL.rstrip('/')}/ms/{number[:2]}/vat/{number[2:]}"
    try:
        with urllib.request.urlopen(url, timeout=settings.VIES_TIMEOUT) as response:  # noqa: S310 - fixed https URL
            answer = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        return VatCheck(
            False, None, "", _("VIES could not be reached just now; the number was not checked. Try again later.")
        )
    if answer.get("userError") not in (None, "VALID", "INVALID"):
        return VatCheck(
            False,
            None,
            "",
            _("VIES could not answer for this country just now (%(error)s). Try again later.")
            % {"error": answer.get("userError")},
        )
    valid = bool(answer.get("isValid", answer.get("valid")))
    name = (answer.get("name") or "").strip()
    if name == "---":
        name = ""
    Company.objects.filter(pk=company.pk).update(vies_checked_at=timezone.now(), vies_valid=valid, vies_name=name)
    company.refresh_from_db(fields=["vies_checked_at", "vies_valid", "vies_name"])
    message = _("VIES confirms this VAT number is active.") if valid else _("VIES says this VAT number is not active.")
    return VatCheck(True, valid, name, message)

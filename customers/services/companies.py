"""A company file: its identifiers checked, created and edited after the duplicate checks, a prospect converted
to a customer, the credit status set."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Company, CreditStatus, Tag, VatRegime
from customers.services.duplicates import SimilarCompaniesFound, company_duplicates, company_same_identifiers
from orderdesk.exceptions import PermissionDeniedError
from orderdesk.history import status_transition
from orderdesk.identifiers import (
    EU_COUNTRIES,
    compact_enterprise_number,
    compact_peppol_id,
    compact_vat_number,
    peppol_id_error,
    validate_enterprise_number,
    validate_vat_number,
    vat_country,
)
from orderdesk.models import User
from orderdesk.permissions import ADD_CUSTOMERS, CHANGE_CUSTOMERS, SET_CREDIT_STATUS
from orderdesk.text import instance_text_clean

MAX_B2B_PAYMENT_DAYS = 60
# Two-letter codes people write that are not ISO 3166: the United Kingdom and Greece's VAT prefix.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


def company_identifiers_clean(company: Company) -> None:
    """Normalise and check the identifiers and terms against the VAT regime; raises ValidationError per field.

    The same rules for the form, the CSV import and every service: control characters pasted from other programs
    are removed from the texts, the country is an ISO code, a VAT number typed without its prefix takes the
    country's, and a Peppol id is an EAS scheme with a value that passes the scheme's own check."""
    errors: dict[str, list[str]] = {}
    instance_text_clean(company)
    company.country = str(company.country or "").strip().upper()
    company.country = COUNTRY_ALIASES.get(company.country, company.country)
    company.enterprise_number = (
        compact_enterprise_number(company.enterprise_number) if company.enterprise_number else ""
    )
    company.vat_number = compact_vat_number(
        company.vat_number, country=company.country if company.vat_regime != VatRegime.PRIVATE else ""
    )
    company.peppol_id = compact_peppol_id(company.peppol_id) if company.peppol_id else ""
    if company.peppol_id and peppol_id_error(company.peppol_id):
        errors.setdefault("peppol_id", []).append(peppol_id_error(company.peppol_id))
    if company.enterprise_number:
        try:
            validate_enterprise_number(company.enterprise_number)
        except ValidationError as error:
            errors.setdefault("enterprise_number", []).extend(error.messages)
    if company.vat_number:
        try:
            validate_vat_number(company.vat_number)
        except ValidationError as error:
            errors.setdefault("vat_number", []).extend(error.messages)
    regime = company.vat_regime
    country = vat_country(company.vat_number) if company.vat_number else ""
    if regime == VatRegime.BELGIAN:
        if company.vat_number and country != "BE":
            errors.setdefault("vat_number", []).append(_("A Belgian company has a VAT number starting with BE."))
        if company.vat_number and company.enterprise_number and company.vat_number[2:] != company.enterprise_number:
            errors.setdefault("vat_number", []).append(
                _("The VAT number and the enterprise number do not match (BE + the same 10 digits).")
            )
        if company.vat_number and not company.enterprise_number and "vat_number" not in errors:
            company.enterprise_number = company.vat_number[2:]
    elif regime == VatRegime.INTRA_EU:
        if not company.vat_number:
            errors.setdefault("vat_number", []).append(
                _("Intra-community supplies need the customer's VAT number (reverse charge).")
            )
        elif country == "BE" or country not in EU_COUNTRIES:
            errors.setdefault("vat_regime", []).append(
                _("This regime is for companies in another EU country; the VAT number says %(country)s.")
                % {"country": country}
            )
        if company.country == "BE" or company.country not in EU_COUNTRIES:
            errors.setdefault("country", []).append(
                _("An intra-community customer is in another EU country: choose the country of its address.")
            )
    elif regime == VatRegime.REVERSE_CHARGE and not (company.vat_number and country == "BE"):
        errors.setdefault("vat_number", []).append(
            _("Reverse charge (art. 51 §2) applies to a Belgian VAT-registered contractor: enter its BE VAT number.")
        )
    elif regime == VatRegime.NON_EU and company.country in EU_COUNTRIES:
        errors.setdefault("country", []).append(_("Export applies to customers outside the EU."))
    if regime != VatRegime.PRIVATE and company.payment_days > MAX_B2B_PAYMENT_DAYS:
        errors.setdefault("payment_days", []).append(
            _("Between companies the payment term may not exceed %(days)s days.") % {"days": MAX_B2B_PAYMENT_DAYS}
        )
    if company.credit_limit is not None and company.credit_limit < 0:
        errors.setdefault("credit_limit", []).append(_("A credit limit cannot be negative."))
    if company.credit_status != CreditStatus.OK and not company.credit_status_reason.strip():
        errors.setdefault("credit_status_reason", []).append(_("Say why the credit is on hold or blocked."))
    if errors:
        raise ValidationError(errors)


def _check_duplicates(company: Company, *, confirm_similar: bool) -> None:
    if confirm_similar:  # the user has seen the warnings: only the identifiers still count
        same = company_same_identifiers(company=company)
        similar = []
    else:
        same, similar = company_duplicates(company=company)
    if same:
        other = same[0]
        field = (
            "enterprise_number"
            if company.enterprise_number and other.enterprise_number == company.enterprise_number
            else "vat_number"
        )
        raise ValidationError(
            {
                field: _(
                    "%(name)s already has this VAT or enterprise number. Open that file instead of creating a new one."
                )
                % {"name": other.name}
            }
        )
    if similar:
        raise SimilarCompaniesFound(similar)


@transaction.atomic
def company_create(
    *, company: Company, actor: User, tags: Iterable[Tag] = (), confirm_similar: bool = False
) -> Company:
    """Save a new prospect or customer after the duplicate checks."""
    _require(actor, ADD_CUSTOMERS)
    company_identifiers_clean(company)
    _check_duplicates(company, confirm_similar=confirm_similar)
    company.owner = company.owner or actor
    if company.kind == Company.Kind.CUSTOMER:
        company.became_customer_at = timezone.now()
    company.full_clean()
    company.save()
    company.tags.set(tags)
    return company


@transaction.atomic
def company_update(
    *, company: Company, actor: User, tags: Iterable[Tag] | None = None, confirm_similar: bool = True
) -> Company:
    """Save edits to a company file (the kind and credit fields have their own services)."""
    _require(actor, CHANGE_CUSTOMERS)
    locked = Company.objects.select_for_update().get(pk=company.pk)
    # Kind, credit limit and credit status only change through their own, permission-checked services.
    company.kind, company.became_customer_at = locked.kind, locked.became_customer_at
    company.credit_limit = locked.credit_limit
    company.credit_status, company.credit_status_reason = locked.credit_status, locked.credit_status_reason
    company_identifiers_clean(company)
    _check_duplicates(company, confirm_similar=confirm_similar)
    company.full_clean()
    company.save()
    if tags is not None:
        company.tags.set(tags)
    return company


CONVERSIONS = {Company.Kind.PROSPECT: {Company.Kind.CUSTOMER}}


@transaction.atomic
def company_convert_to_customer(*, company: Company, actor: User, reason: str | dict = "") -> Company:
    """A prospect becomes a customer: with its first order, or by hand (a dict `reason`: the system's stored text)."""
    _require(actor, CHANGE_CUSTOMERS)
    return status_transition(
        obj=company,
        to=Company.Kind.CUSTOMER,
        actor=actor,
        allowed=CONVERSIONS,
        reason=reason,
        field="kind",
        extra_fields={"became_customer_at": timezone.now()},
    )


@transaction.atomic
def company_set_credit_status(*, company: Company, status: str, reason: str, actor: User) -> Company:
    """Put a customer's credit on hold, block it, or release it. The reason shows on the file and to approvers."""
    _require(actor, SET_CREDIT_STATUS)
    if status not in CreditStatus.values:
        raise ValidationError({"credit_status": _("Unknown credit status.")})
    if status != CreditStatus.OK and not reason.strip():
        raise ValidationError({"credit_status_reason": _("Say why the credit is on hold or blocked.")})
    allowed = {current: set(CreditStatus.values) - {current} for current in CreditStatus.values}
    return status_transition(
        obj=company,
        to=status,
        actor=actor,
        allowed=allowed,
        reason=reason,
        field="credit_status",
        extra_fields={"credit_status_reason": reason.strip()},
    )

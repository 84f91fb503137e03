"""Customers and prospects: every change to a company file goes through one of these functions."""

import datetime
import difflib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import (
    Company,
    Contact,
    ContactRole,
    CreditRequest,
    CreditStatus,
    DeliveryAddress,
    FollowUpTask,
    Interaction,
    Tag,
    VatRegime,
)
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.history import status_transition
from orderdesk.identifiers import (
    compact_enterprise_number,
    compact_vat_number,
    validate_enterprise_number,
    validate_vat_number,
    vat_country,
)
from orderdesk.models import User
from orderdesk.permissions import ADD_CUSTOMERS, DECIDE_CREDIT, MERGE_CUSTOMERS, SET_CREDIT_STATUS
from orderdesk.permissions import CHANGE_CUSTOMERS as CHANGE_COMPANY

MAX_B2B_PAYMENT_DAYS = 60
SIMILAR_NAME_RATIO = 0.85
EU_COUNTRIES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip
# Mail providers many unrelated customers share: a match on these says nothing.
SHARED_MAIL_DOMAINS = {
    "gmail.com", "hotmail.com", "outlook.com", "live.com", "yahoo.com", "icloud.com", "telenet.be", "skynet.be",
    "proximus.be", "scarlet.be", "orange.fr", "wanadoo.fr", "free.fr", "gmx.de", "web.de", "hotmail.be",
}  # fmt: skip
LEGAL_FORMS = r"\b(bv|bvba|nv|sa|srl|sprl|cv|scrl|vzw|asbl|comm\s?v|scs|gmbh|ag|ltd|limited|inc|llc|sarl|sas|b\.v\.)\b"


class SimilarCompaniesFound(DomainError):
    """Soft duplicate warning: the user may go on after confirming it is another company."""

    def __init__(self, similar: list["SimilarCompany"]):
        self.similar = similar
        super().__init__(_("A similar company already exists. Check the list below before you go on."))


@dataclass(frozen=True)
class SimilarCompany:
    company: Company
    reason: str


# --- validation -----------------------------------------------------------------------------------------------


def company_identifiers_clean(company: Company) -> None:
    """Normalise and check the identifiers and terms against the VAT regime; raises ValidationError per field."""
    errors: dict[str, list[str]] = {}
    company.enterprise_number = (
        compact_enterprise_number(company.enterprise_number) if company.enterprise_number else ""
    )
    company.vat_number = compact_vat_number(company.vat_number)
    company.country = (company.country or "").upper()
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


def normalised_company_name(name: str) -> str:
    name = re.sub(LEGAL_FORMS, " ", name.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", name).split())


def _mail_domain(address: str) -> str:
    domain = address.rpartition("@")[2].lower().strip()
    return "" if domain in SHARED_MAIL_DOMAINS else domain


def company_same_identifiers(*, company: Company) -> list[Company]:
    """Other companies with this enterprise or VAT number: the same legal entity."""
    identifier_match = Q(pk__in=[])
    if company.enterprise_number:
        identifier_match |= Q(enterprise_number=company.enterprise_number)
    if company.vat_number:
        identifier_match |= Q(vat_number=company.vat_number)
    others = Company.objects.exclude(pk=company.pk) if company.pk else Company.objects.all()
    return list(others.filter(identifier_match))


def company_duplicates(*, company: Company) -> tuple[list[Company], list[SimilarCompany]]:
    """(same identifiers: a hard stop, similar name or mail domain: a warning) for a new or edited company."""
    others = Company.objects.exclude(pk=company.pk) if company.pk else Company.objects.all()
    same = company_same_identifiers(company=company)

    similar: set[int] = set()
    wanted = normalised_company_name(company.name)
    if wanted:
        matcher = difflib.SequenceMatcher(None, b=wanted)  # b is cached: one analysis for all names
        for pk, name in others.values_list("pk", "name"):
            matcher.set_seq1(normalised_company_name(name))
            # The quick upper bounds rule out most names before the exact ratio is computed.
            if (
                matcher.real_quick_ratio() >= SIMILAR_NAME_RATIO
                and matcher.quick_ratio() >= SIMILAR_NAME_RATIO
                and matcher.ratio() >= SIMILAR_NAME_RATIO
            ):
                similar.add(pk)
    domains = {_mail_domain(address) for address in (company.email, company.invoice_email) if address} - {""}
    domain_pks = set()
    for domain in domains:
        suffix = f"@{domain}"
        domain_pks |= set(
            others.filter(
                Q(email__iendswith=suffix) | Q(invoice_email__iendswith=suffix) | Q(contacts__email__iendswith=suffix)
            ).values_list("pk", flat=True)
        )
    found = {c.pk: c for c in others.filter(pk__in=set(similar) | domain_pks)}
    same_pks = {c.pk for c in same}
    warnings = []
    for pk, other in sorted(found.items(), key=lambda item: item[1].name):
        if pk in same_pks:
            continue
        reason = _("similar name") if pk in similar else _("same e-mail domain")
        warnings.append(SimilarCompany(other, reason))
    return same, warnings


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


# --- companies ------------------------------------------------------------------------------------------------


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


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
    _require(actor, CHANGE_COMPANY)
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
def company_convert_to_customer(*, company: Company, actor: User, reason: str = "") -> Company:
    """A prospect becomes a customer: with its first order, or by hand."""
    _require(actor, CHANGE_COMPANY)
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


@dataclass(frozen=True)
class VatCheck:
    reachable: bool
    valid: bool | None
    name: str
    message: str


def company_vies_check(*, company: Company, actor: User) -> VatCheck:
    """Ask the EU's VIES service whether the VAT number is active. Never blocks anything: if VIES cannot be
    reached, the user is told so and the file is saved as it is."""
    _require(actor, CHANGE_COMPANY)
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


@transaction.atomic
def company_merge(*, source: Company, target: Company, actor: User) -> Company:
    """Fold a duplicate into the file that stays: its contacts, interactions, tasks, addresses, credit requests,
    tags, price requests, quotes and orders move over; blank fields are filled from it; then the duplicate is
    deleted."""
    _require(actor, MERGE_CUSTOMERS)
    if source.pk == target.pk:
        raise ValidationError(_("A company cannot be merged with itself."))
    # Lock both rows in pk order, as every multi-row action does, so two merges cannot deadlock.
    locked = {c.pk: c for c in Company.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    relations = ("contacts", "interactions", "tasks", "delivery_addresses", "credit_requests", "market_notes",
                 "price_requests", "quotes", "orders")  # fmt: skip
    for relation in relations:
        getattr(source, relation).update(company=target)
    target.tags.add(*source.tags.all())
    for field in ("legal_form", "enterprise_number", "vat_number", "street", "postal_code", "city", "phone",
                  "email", "invoice_email", "website", "peppol_id", "source", "source_detail"):  # fmt: skip
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    if source.is_customer and not target.is_customer:
        target.kind, target.became_customer_at = Company.Kind.CUSTOMER, source.became_customer_at
    note = _("Merged with %(name)s on %(date)s by %(user)s.") % {
        "name": source.name,
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "user": actor,
    }
    target.notes = "\n\n".join(part for part in (target.notes, source.notes, note) if part)
    source.delete()
    target.save()
    return target


# --- contacts -------------------------------------------------------------------------------------------------


@transaction.atomic
def contact_save(*, contact: Contact, roles: Iterable[str], actor: User) -> Contact:
    """Create or update a contact with its roles."""
    _require(actor, "customers.change_contact" if contact.pk else "customers.add_contact")
    if contact.anonymised_at:
        raise DomainError(_("This contact was anonymised and cannot be edited."))
    wanted = set(roles)
    if wanted - set(ContactRole.Role.values):
        raise ValidationError({"roles": _("Unknown role.")})
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    contact.save()
    contact.roles.exclude(role__in=wanted).delete()
    existing = set(contact.roles.values_list("role", flat=True))
    ContactRole.objects.bulk_create([ContactRole(contact=contact, role=role) for role in sorted(wanted - existing)])
    return contact


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
    }


@transaction.atomic
def contact_anonymise(*, contact: Contact, actor: User) -> Contact:
    """Erase a person's data (GDPR art. 17) while interactions and documents keep their place."""
    _require(actor, "customers.change_contact")
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.anonymised_at:
        return locked
    locked.first_name = ""
    locked.last_name = _("Anonymised contact")
    for field in ("job_title", "email", "phone", "mobile", "notes"):
        setattr(locked, field, "")
    locked.is_active = False
    locked.anonymised_at = timezone.now()
    locked.save()
    locked.roles.all().delete()
    return locked


# --- interactions and tasks -----------------------------------------------------------------------------------


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
    actor: User,
    title: str,
    due_date,
    assignee: User,
    company: Company | None = None,
    contact: Contact | None = None,
    notes: str = "",
    document=None,
) -> FollowUpTask:
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
    task.full_clean()
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


# --- credit ---------------------------------------------------------------------------------------------------


@transaction.atomic
def credit_request_create(*, company: Company, requested_limit: Decimal, reason: str, actor: User) -> CreditRequest:
    """An assistant asks a manager for a higher credit limit."""
    _require(actor, "customers.add_creditrequest")
    locked = Company.objects.select_for_update().get(pk=company.pk)
    if locked.credit_requests.filter(status=CreditRequest.Status.REQUESTED).exists():
        raise DomainError(_("A credit-line request for this company is already waiting for a decision."))
    if requested_limit <= locked.credit_limit:
        raise ValidationError({"requested_limit": _("Ask for more than the current limit.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Explain why the customer needs more credit.")})
    request = CreditRequest(
        company=locked,
        current_limit=locked.credit_limit,
        requested_limit=requested_limit,
        reason=reason.strip(),
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    return request


CREDIT_DECISIONS = {CreditRequest.Status.REQUESTED: {CreditRequest.Status.APPROVED, CreditRequest.Status.REFUSED}}


@transaction.atomic
def credit_request_decide(*, request: CreditRequest, approve: bool, note: str, actor: User) -> CreditRequest:
    """A manager approves (the new limit applies at once) or refuses, with a note kept on the file."""
    _require(actor, DECIDE_CREDIT)
    if not approve and not note.strip():
        raise ValidationError({"decision_note": _("Say why the request is refused.")})
    decided = status_transition(
        obj=request,
        to=CreditRequest.Status.APPROVED if approve else CreditRequest.Status.REFUSED,
        actor=actor,
        allowed=CREDIT_DECISIONS,
        reason=note,
        extra_fields={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note.strip()},
    )
    if approve:
        Company.objects.filter(pk=decided.company_id).update(credit_limit=decided.requested_limit)
    return decided


# --- delivery addresses ---------------------------------------------------------------------------------------


@transaction.atomic
def delivery_address_save(*, address: DeliveryAddress, actor: User) -> DeliveryAddress:
    """Create or update a delivery address; one address per company is the default."""
    _require(actor, CHANGE_COMPANY)
    address.country = (address.country or "BE").upper()
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
    _require(actor, CHANGE_COMPANY)
    company_id, was_default = address.company_id, address.is_default
    address.delete()
    if was_default:
        next_default = DeliveryAddress.objects.filter(company_id=company_id).order_by("pk").first()
        if next_default:
            DeliveryAddress.objects.filter(pk=next_default.pk).update(is_default=True)

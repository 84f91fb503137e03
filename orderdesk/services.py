from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from orderdesk.identifiers import compact_enterprise_number, compact_vat_number, validate_vat_number, vat_country
from orderdesk.models import CompanySettings, User
from orderdesk.permissions import CHANGE_COMPANY
from orderdesk.text import instance_text_clean


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language {language!r}")
    user.language = language
    user.save(update_fields=["language"])
    return user


def company_settings_identifiers_clean(company: CompanySettings) -> None:
    """Our identifiers as every document prints them: the text without pasted control characters, the country in
    capitals, the VAT number with its country prefix (BE + the enterprise number for a Belgian company)."""
    instance_text_clean(company)
    company.country = str(company.country or "").strip().upper()
    company.enterprise_number = compact_enterprise_number(company.enterprise_number or "")
    company.vat_number = compact_vat_number(company.vat_number, country=company.country)
    if not company.vat_number:
        return
    try:
        validate_vat_number(company.vat_number)
    except ValidationError as error:
        raise ValidationError({"vat_number": error.messages}) from None
    if vat_country(company.vat_number) == "BE" and company.vat_number[2:] != company.enterprise_number:
        raise ValidationError(
            {"vat_number": _("A Belgian VAT number is BE followed by the enterprise number: BE%(number)s.")
             % {"number": company.enterprise_number}}
        )  # fmt: skip


@transaction.atomic
def company_settings_update(*, company: CompanySettings, actor: User) -> CompanySettings:
    """Save our company's data used on every document; only a manager may change it."""
    if not actor.has_perm(CHANGE_COMPANY):
        raise PermissionDeniedError(_("Only a manager can change the company data."))
    company.pk = 1
    company_settings_identifiers_clean(company)
    company.full_clean()
    company.save()
    return company

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import PermissionDeniedError
from orderdesk.models import CompanySettings, User
from orderdesk.permissions import CHANGE_COMPANY


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language {language!r}")
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def company_settings_update(*, company: CompanySettings, actor: User) -> CompanySettings:
    """Save our company's data used on every document; only a manager may change it."""
    if not actor.has_perm(CHANGE_COMPANY):
        raise PermissionDeniedError(_("Only a manager can change the company data."))
    company.pk = 1
    company.full_clean()
    company.save()
    return company

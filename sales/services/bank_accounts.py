"""Our bank accounts: the statements of these accounts (and of the IBAN on the company settings) are imported,
those of any other account refused."""

from django.db import transaction
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.permissions import CHANGE_COMPANY
from sales.models import CompanyBankAccount


def _require(actor) -> None:
    if not actor.has_perm(CHANGE_COMPANY):
        raise PermissionDeniedError(_("You do not have the permission to do this."))


@transaction.atomic
def company_bank_account_add(
    *, iban: str, bic: str = "", currency: str = "EUR", name: str = "", actor
) -> CompanyBankAccount:
    """One more account of ours (the form has validated the IBAN, the BIC and the currency)."""
    _require(actor)
    iban = iban.replace(" ", "").upper()
    if CompanyBankAccount.objects.filter(iban=iban, currency=currency).exists():
        raise DomainError(_("This account is registered already."))
    return CompanyBankAccount.objects.create(iban=iban, bic=bic, currency=currency, name=name)


@transaction.atomic
def company_bank_account_remove(*, account: CompanyBankAccount, actor) -> None:
    """No more statements of this account are imported; those imported stay."""
    _require(actor)
    CompanyBankAccount.objects.filter(pk=account.pk).delete()

"""Finding the files that may be the same company: the same identifiers, a similar name or mail domain."""

import difflib
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from customers.models import Company
from orderdesk.exceptions import DomainError

SIMILAR_NAME_RATIO = 0.85
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

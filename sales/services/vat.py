"""The VAT of a line under its document's VAT regime: the rate that applies, the EN 16931 category with its exemption
reason, and the legal mention the document carries. One place for the line editor, the totals, the PDF and the
UBL, so that they always agree.

The regime is the customer's, frozen on the invoice when its draft is made; a credit note takes the regime of
the invoice it credits. Goods or service comes from the product, or from what the user said on a free line.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from customers.models import VatRegime
from orderdesk.money import ZERO

# Intra-EU supplies and exports leave Belgium without Belgian VAT (VAT Code art. 39bis and 39); B2B services to
# another EU country (art. 21 §2) and works for a registered contractor (art. 51 §2) are reverse charge: the
# customer pays the VAT.
ZERO_RATED_REGIMES = frozenset({VatRegime.INTRA_EU, VatRegime.NON_EU, VatRegime.REVERSE_CHARGE})
# EN 16931 VAT category codes (UNCL 5305) and their VATEX exemption reason codes.
STANDARD, ZERO_RATED, INTRA_COMMUNITY, REVERSE_CHARGE, EXPORT = "S", "Z", "K", "AE", "G"
EXEMPTION_CODES = {INTRA_COMMUNITY: "VATEX-EU-IC", REVERSE_CHARGE: "VATEX-EU-AE", EXPORT: "VATEX-EU-G"}


def applied_rate(regime: str, base_rate: Decimal) -> Decimal:
    """The rate a line at the Belgian `base_rate` carries under `regime`."""
    return ZERO if regime in ZERO_RATED_REGIMES else base_rate


def line_base_rate(line) -> Decimal:
    """The Belgian rate of what a line sells (lines saved before it was kept: the rate they carry)."""
    return line.base_vat_rate if line.base_vat_rate is not None else line.vat_rate


def vat_category(regime: str, *, is_service: bool, rate: Decimal) -> str:
    """The EN 16931 VAT category of a line under `regime`. A line that carries VAT is standard rated whatever the
    regime (an invoice whose lines do not agree with its regime is not issued; a credit note mirrors its invoice)."""
    if rate > 0:
        return STANDARD
    if regime == VatRegime.INTRA_EU:
        return REVERSE_CHARGE if is_service else INTRA_COMMUNITY
    if regime == VatRegime.NON_EU:
        return EXPORT
    if regime == VatRegime.REVERSE_CHARGE:
        return REVERSE_CHARGE
    return ZERO_RATED


def line_vat_category(regime: str, line) -> str:
    return vat_category(regime, is_service=line.is_service, rate=line.vat_rate)


def exemption_mention(regime: str, category: str) -> str:
    """The legal mention of a zero-rated category (in the active language); empty for a taxed one."""
    if category == INTRA_COMMUNITY:
        return _(
            "Intra-Community supply exempt from Belgian VAT (art. 39bis VAT Code); VAT reverse-charged to the customer."
        )
    if category == EXPORT:
        return _("Export outside the EU, exempt from Belgian VAT (art. 39 VAT Code).")
    if category == REVERSE_CHARGE and regime == VatRegime.INTRA_EU:
        return _(
            "Reverse charge: services to a business in another EU member state, VAT to be paid by the customer "
            "(art. 21 §2 VAT Code, art. 196 VAT Directive)."
        )
    if category == REVERSE_CHARGE:
        return _("Reverse charge: VAT to be paid by the customer (art. 51 §2 VAT Code).")
    return ""


def vat_mentions(regime: str, categories) -> str:
    """The mentions of every zero-rated category on a document, in order, once each (in the active language)."""
    mentions = []
    for category in categories:
        mention = exemption_mention(regime, category)
        if mention and mention not in mentions:
            mentions.append(mention)
    return " ".join(mentions)


def line_vat_problem(regime: str, line) -> str:
    """Why a line's VAT does not agree with the document's regime, in words; empty when it does."""
    expected = applied_rate(regime, line_base_rate(line))
    if line.vat_rate == expected:
        return ""
    message = _(
        "Line %(position)s (%(description)s) is at %(rate)s %% VAT; under this VAT regime it must be %(expected)s %%."
    )
    return message % {
        "position": line.position,
        "description": line.description.splitlines()[0][:40] if line.description else line.sku,
        "rate": f"{line.vat_rate.normalize():f}",
        "expected": f"{expected.normalize():f}",
    }

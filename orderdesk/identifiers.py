"""Belgian and EU identifiers, validated with python-stdnum; stored compact, shown formatted."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import vat as stdnum_be_vat
from stdnum.eu import vat as stdnum_eu_vat
from stdnum.exceptions import ValidationError as StdnumError


def compact_enterprise_number(value: str) -> str:
    return stdnum_be_vat.compact(value)


def format_enterprise_number(value: str) -> str:
    """0403170701 -> 0403.170.701, as printed on Belgian documents."""
    number = compact_enterprise_number(value) if value else ""
    return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else value


def validate_enterprise_number(value: str) -> None:
    try:
        stdnum_be_vat.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid Belgian enterprise number (10 digits, mod-97 check)."), code="invalid"
        ) from None


def validate_iban(value: str) -> None:
    try:
        stdnum_iban.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid IBAN."), code="invalid") from None


def format_iban(value: str) -> str:
    return stdnum_iban.format(value) if value else ""


def validate_bic(value: str) -> None:
    try:
        stdnum_bic.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid BIC."), code="invalid") from None


def compact_vat_number(value: str) -> str:
    """'be 0403.170.701' -> 'BE0403170701'."""
    return stdnum_eu_vat.compact(value) if value else ""


def validate_vat_number(value: str) -> None:
    """An EU VAT number with its country prefix, checked with the country's own check digits."""
    try:
        stdnum_eu_vat.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid EU VAT number. Start with the country code, e.g. BE0123456789."), code="invalid"
        ) from None


def vat_country(value: str) -> str:
    """The ISO country of a VAT number ('EL' is Greece's VAT prefix)."""
    prefix = compact_vat_number(value)[:2]
    return "GR" if prefix == "EL" else prefix


def structured_reference_for(*, year: int, sequence: int) -> str:
    """The Belgian structured communication (OGM/VCS) of a document: 10 digits from year and sequence + mod 97.

    Two digits of the year and eight of the sequence: unique for a century of invoices, and the same every
    time it is computed, so a reprint or a bank statement always matches.
    """
    from stdnum.be import ogm_vcs

    if not 0 < sequence < 10**8:
        raise ValueError(f"Sequence {sequence} does not fit a structured communication.")
    digits = f"{year % 100:02d}{sequence:08d}"
    return digits + ogm_vcs.calc_check_digits(digits)


def format_structured_reference(value: str) -> str:
    """+++123/4567/89012+++ as printed on invoices; empty stays empty."""
    from stdnum.be import ogm_vcs

    return f"+++{ogm_vcs.format(value)}+++" if value else ""

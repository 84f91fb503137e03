"""E-invoices correct by construction: the VAT regime and the lines agree at issue, services to EU businesses are
reverse charge, the UBL speaks the document's language and says what the PDF says, identifiers are checked, and a
refused or failed issue leaves no file behind."""

import datetime
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from lxml import etree

from customers.models import Company
from customers.services.companies import company_update
from orderdesk.exceptions import DomainError
from orderdesk.permissions import MANAGER
from sales.models import DiscountAuthority, Invoice
from sales.selectors.invoices import invoice_problems
from sales.services.invoicing import (
    credit_note_create,
    invoice_free_create,
    invoice_issue,
    invoice_update,
    invoice_vat_regime_apply,
)
from sales.services.lines import document_discount_set, document_line_save
from sales.services.vat import exemption_mention
from tests.factories import CompanyFactory, ContactFactory, ProductFactory, _vat_category
from tests.pdf_tools import pdf_text
from tests.peppol_tools import ubl_errors

pytestmark = pytest.mark.django_db
D = Decimal
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
SERVICES_MENTION = {
    "en": "Reverse charge: services to a business in another EU member state, VAT to be paid by the customer "
    "(art. 21 §2 VAT Code, art. 196 VAT Directive).",
    "fr": "Autoliquidation : prestation de services à un assujetti d'un autre État membre de l'UE, TVA due par le "
    "client (art. 21, §2 C.TVA, art. 196 directive TVA).",
}


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def ubl_of(invoice: Invoice):
    xml = stored(invoice.ubl)
    assert ubl_errors(xml) == []
    return etree.fromstring(xml)


def texts(root, path: str) -> list[str]:
    return [element.text for element in root.iterfind(path, NS)]


def words(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


@pytest.fixture(autouse=True)
def _managers_may_give_discounts(db):
    """Discounts here are about the e-invoice, not about who may give them."""
    DiscountAuthority.objects.update_or_create(role=MANAGER, defaults={"max_discount_percent": 100,
                                                                       "min_margin_percent": 0})  # fmt: skip


@pytest.fixture
def bread_flour(db):
    return ProductFactory(
        sku="FLOUR-25", name_nl="Broodmeel 25 kg", name_fr="Farine 25 kg", name_en="Flour 25 kg",
        list_price=D("40.00"), cost_price=D("25.00"), vat_category=_vat_category("reduced"),
    )  # fmt: skip


@pytest.fixture
def dutch_company(company_settings):
    return CompanyFactory(name="Bakkerij de Vries", vat_regime="eu", country="NL", postal_code="1012 AB",
                          city="Amsterdam", vat_number="NL004495445B01", invoice_email="ap@devries.nl")  # fmt: skip


def free_draft(company, actor, *, reference="PO-77") -> Invoice:
    draft = invoice_free_create(company=company, actor=actor)
    invoice_update(invoice=draft, actor=actor, customer_reference=reference)
    return draft


# --- the VAT regime and the lines agree at issue -------------------------------------------------------------------


def test_a_draft_priced_before_the_customer_became_reverse_charge_is_rated_again_before_it_is_issued(
    b2b_customer, manager, oven, bread_flour
):
    draft = free_draft(b2b_customer, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    document_line_save(document=draft, actor=manager, product=bread_flour, quantity="3")
    assert [line.vat_rate for line in draft.lines.all()] == [21, 6]
    b2b_customer.vat_regime = "be_rc"  # the customer turns out to be a registered contractor (art. 51 §2)
    company_update(company=b2b_customer, actor=manager)

    with pytest.raises(DomainError, match="Rate the lines again") as refused:
        invoice_issue(invoice=draft, actor=manager)
    assert "Belgian contractor (reverse charge" in str(refused.value)
    draft.refresh_from_db()
    assert (draft.status, draft.number) == ("draft", "")

    draft = invoice_vat_regime_apply(invoice=draft, actor=manager)
    assert [line.vat_rate for line in draft.lines.all()] == [0, 0]
    assert invoice_problems(draft) == []
    invoice = invoice_issue(invoice=draft, actor=manager)

    root = ubl_of(invoice)
    assert texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == ["AE"]
    assert (invoice.vat_total, texts(root, "cac:TaxTotal/cbc:TaxAmount")) == (0, ["0.00"])
    # Back to a Belgian company later: the credit note still follows the invoice (reverse charge, no VAT).
    b2b_customer.vat_regime = "be"
    company_update(company=b2b_customer, actor=manager)
    note = invoice_issue(invoice=credit_note_create(invoice=invoice, actor=manager, reason="Retour"), actor=manager)
    assert (note.vat_regime, note.vat_total) == ("be_rc", 0)
    assert texts(ubl_of(note), "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == ["AE"]


def test_a_zero_rated_draft_of_a_customer_back_in_belgium_gets_its_belgian_rates_again(dutch_company, manager, oven):
    draft = free_draft(dutch_company, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    document_line_save(document=draft, actor=manager, description="Opleiding", quantity="2", unit_price="150",
                       vat_rate="6", is_service=True)  # fmt: skip
    assert [line.vat_rate for line in draft.lines.all()] == [0, 0]
    dutch_company.vat_regime, dutch_company.country = "be", "BE"
    dutch_company.vat_number, dutch_company.postal_code = "BE0456789034", "9000"
    company_update(company=dutch_company, actor=manager)

    with pytest.raises(DomainError, match="priced for “EU company"):
        invoice_issue(invoice=draft, actor=manager)
    invoice = invoice_issue(invoice=invoice_vat_regime_apply(invoice=draft, actor=manager), actor=manager)

    # The catalog's 21 % for the oven, the 6 % the user typed on the free line.
    assert [line.vat_rate for line in invoice.lines.all()] == [21, 6]
    assert texts(ubl_of(invoice), "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent") == ["21.00", "6.00"]


def test_the_invoice_page_offers_to_rate_the_lines_again(b2b_customer, manager, manager_client, oven):
    draft = free_draft(b2b_customer, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    Company.objects.filter(pk=b2b_customer.pk).update(vat_regime="be_rc")

    page = manager_client.get(reverse("sales:invoice-detail", args=[draft.pk])).content.decode()
    assert 'id="rate-lines"' in page

    manager_client.post(reverse("sales:invoice-action", args=[draft.pk, "rate"]))
    draft.refresh_from_db()
    assert (draft.vat_regime, draft.vat_total, [line.vat_rate for line in draft.lines.all()]) == ("be_rc", 0, [0])


# --- services to EU businesses ------------------------------------------------------------------------------------


def test_services_to_an_eu_business_are_reverse_charge_and_goods_an_intra_community_supply(
    dutch_company, manager, oven, installation
):
    dutch_company.language = "en"
    dutch_company.save()
    draft = free_draft(dutch_company, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    document_line_save(document=draft, actor=manager, product=installation, quantity="2")
    document_line_save(document=draft, actor=manager, description="Transport (goods)", quantity="1", unit_price="80",
                       is_service=False)  # fmt: skip
    document_discount_set(document=draft, actor=manager, discount_percent="3.33")

    invoice = invoice_issue(invoice=draft, actor=manager)

    root = ubl_of(invoice)
    assert texts(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == ["K", "AE", "K"]
    subtotals = root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    assert [(s.findtext("cac:TaxCategory/cbc:ID", namespaces=NS), s.findtext("cbc:TaxableAmount", namespaces=NS),
             s.findtext("cac:TaxCategory/cbc:TaxExemptionReasonCode", namespaces=NS)) for s in subtotals] == [
        ("AE", "183.67", "VATEX-EU-AE"), ("K", "1237.38", "VATEX-EU-IC")]  # fmt: skip
    assert subtotals[0].findtext("cac:TaxCategory/cbc:TaxExemptionReason", namespaces=NS) == SERVICES_MENTION["en"]
    text = words(stored(invoice.pdf))
    assert SERVICES_MENTION["en"] in text and "Intra-Community supply exempt from Belgian VAT" in text
    # Two groups at 0 %: the PDF names their category (the label may wrap around the amount in the layout).
    assert re.search(r"VAT 0 % on 183,67 € (0,00 € )?\(reverse (0,00 € )?charge\)", text)
    assert re.search(r"VAT 0 % on 1\.237,38 € (0,00 € )?\(goods: intra-Community (0,00 € )?supply\)", text)


# --- the document's language --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_ubl_speaks_the_documents_language_not_the_users(dutch_company, manager, installation, language):
    dutch_company.language = language
    dutch_company.payment_days = 45
    dutch_company.save()
    manager.language = "nl"
    manager.save()
    draft = free_draft(dutch_company, manager)
    document_line_save(document=draft, actor=manager, product=installation, quantity="3")
    document_discount_set(document=draft, actor=manager, discount_percent="10")

    with translation.override("nl"):  # the user works in Dutch
        invoice = invoice_issue(invoice=draft, actor=manager)

    root = ubl_of(invoice)
    with translation.override(language):
        expected = {
            "reason": SERVICES_MENTION[language],
            "allowance": translation.gettext("Discount"),
            "terms": translation.gettext("Payment within %(days)s days") % {"days": 45},
        }
    assert texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == [expected["reason"]]
    assert texts(root, "cac:AllowanceCharge/cbc:AllowanceChargeReason") == [expected["allowance"]]
    assert texts(root, "cac:PaymentTerms/cbc:Note") == [expected["terms"]]
    assert expected["allowance"] != "Korting" and "dagen" not in expected["terms"]  # not the user's Dutch
    with translation.override("nl"):
        assert exemption_mention("eu", "AE") != expected["reason"]


# --- the UBL says what the PDF says -------------------------------------------------------------------------------


def test_the_ubl_and_the_pdf_agree_on_totals_references_and_line_texts(b2b_customer, manager, oven, bread_flour):
    long_text = ("Heteluchtoven 60 l met stoombevochtiging, vier roosters, kerntemperatuurvoeler en een "
                 "automatisch reinigingsprogramma voor de nacht\nGeleverd met montagekit & <handleiding>")  # fmt: skip
    contact = ContactFactory(company=b2b_customer, first_name="Jan", last_name="Peeters")
    draft = free_draft(b2b_customer, manager, reference="Bestelbon 2026/044")
    invoice_update(invoice=draft, actor=manager, contact=contact)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1.5", description=long_text,
                       discount_percent="7.5")  # fmt: skip
    document_line_save(document=draft, actor=manager, product=bread_flour, quantity="12.25")
    document_discount_set(document=draft, actor=manager, discount_percent="2.5")

    invoice = invoice_issue(invoice=draft, actor=manager)

    root, text = ubl_of(invoice), words(stored(invoice.pdf))
    # Totals per rate: the same bases and VAT on both.
    for subtotal in root.iterfind("cac:TaxTotal/cac:TaxSubtotal", NS):
        rate = D(subtotal.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS))
        base = _money(subtotal.findtext("cbc:TaxableAmount", namespaces=NS))
        vat = _money(subtotal.findtext("cbc:TaxAmount", namespaces=NS))
        assert f"Btw {rate.normalize():f} % op {base} {vat}" in text
    assert _money(root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)) in text
    # References: the customer's, as printed ("Uw referentie"); never one of our numbers as the buyer's.
    assert texts(root, "cbc:BuyerReference") == ["Bestelbon 2026/044"] and "Bestelbon 2026/044" in text
    assert texts(root, "cac:AccountingCustomerParty/cac:Party/cac:Contact/cbc:Name") == [str(contact)]
    # Line texts: the whole description (the PDF prints it all), a short name.
    [first, second] = root.findall("cac:InvoiceLine/cac:Item", NS)
    assert first.findtext("cbc:Description", namespaces=NS) == long_text
    assert len(first.findtext("cbc:Name", namespaces=NS)) <= 100
    assert "automatisch reinigingsprogramma voor de nacht Geleverd met montagekit & <handleiding>" in text
    assert (second.findtext("cbc:Name", namespaces=NS), second.find("cbc:Description", NS)) == ("Broodmeel 25 kg",
                                                                                                None)  # fmt: skip


def test_an_invoice_from_an_order_without_customer_reference_names_our_order_as_ours(
    b2b_customer, manager, installation
):
    from sales.services.invoicing import invoice_draft_for_order
    from sales.services.orders import order_confirm, order_create

    order = order_create(company=b2b_customer, contact=b2b_customer.contacts.first(), actor=manager)
    document_line_save(document=order, actor=manager, product=installation, quantity="2")
    order_confirm(order=order, actor=manager)
    invoice = invoice_issue(invoice=invoice_draft_for_order(order=order, actor=manager), actor=manager)

    root = ubl_of(invoice)
    assert texts(root, "cac:OrderReference/cbc:SalesOrderID") == [order.number]
    assert texts(root, "cac:OrderReference/cbc:ID") == ["NA"]  # no purchase order of the customer's (EN 16931)
    assert texts(root, "cbc:BuyerReference") in ([], [str(order.contact)])


def test_without_any_reference_an_e_invoice_is_refused_with_what_to_fill_in(b2b_customer, manager, oven):
    draft = free_draft(b2b_customer, manager, reference="")
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")

    with pytest.raises(DomainError, match="needs the customer's reference"):
        invoice_issue(invoice=draft, actor=manager)


def _money(amount: str) -> str:
    whole, cents = f"{D(amount):.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + f",{cents} €"


# --- no orphan files ----------------------------------------------------------------------------------------------


def _archive() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "invoices"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def test_a_refused_or_failed_issue_leaves_no_file_and_the_next_one_gets_the_number_as_its_name(
    b2b_customer, manager, oven, monkeypatch
):
    draft = free_draft(b2b_customer, manager, reference="")
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    with pytest.raises(DomainError):
        invoice_issue(invoice=draft, actor=manager)  # refused: no reference
    assert _archive() == set()

    invoice_update(invoice=draft, actor=manager, customer_reference="PO-1")

    def broken_mail(**kwargs):
        raise ConnectionError("mail outbox unavailable")

    monkeypatch.setattr("sales.services.invoice_documents.invoice_mail", broken_mail)
    with pytest.raises(ConnectionError):
        invoice_issue(invoice=draft, actor=manager)  # fails after the files were written
    assert _archive() == set()
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.pdf.name) == ("draft", "", "")

    # An outer transaction rolled back after the issue left its files: the number's next document replaces them.
    default_storage.save("invoices/F2026-000001.pdf", StringIO("left over"))
    monkeypatch.undo()
    invoice = invoice_issue(invoice=draft, actor=manager, today=datetime.date(2026, 3, 16))
    assert (invoice.pdf.name, invoice.ubl.name) == ("invoices/F2026-000001.pdf", "invoices/F2026-000001.xml")
    assert _archive() == {"F2026-000001.pdf", "F2026-000001.xml"}
    assert stored(invoice.pdf).startswith(b"%PDF")


# --- characters XML cannot carry ----------------------------------------------------------------------------------


def test_control_characters_are_stripped_on_input_and_never_reach_the_ubl(b2b_customer, manager, oven):
    b2b_customer.name = "Bakkerij\x0b Peeters\x02 & Zonen <NV>"
    company_update(company=b2b_customer, actor=manager)
    b2b_customer.refresh_from_db()
    assert b2b_customer.name == "Bakkerij Peeters & Zonen <NV>"
    draft = free_draft(b2b_customer, manager, reference="PO\x1b-12")
    document_line_save(document=draft, actor=manager, product=oven, quantity="1", description="Oven\x0c 60 l\x00")
    assert draft.lines.get().description == "Oven 60 l"
    # Stored before input was cleaned (an old record): the issue still builds a valid UBL.
    Company.objects.filter(pk=b2b_customer.pk).update(street="Markt\x01 1")

    invoice = invoice_issue(invoice=draft, actor=manager)

    root = ubl_of(invoice)
    assert texts(root, "cbc:BuyerReference") == ["PO-12"]
    assert texts(root, "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:StreetName") == ["Markt 1"]


# --- identifiers and addresses ------------------------------------------------------------------------------------


def test_a_company_abroad_without_postal_codes_gets_its_e_invoice(company_settings, manager, oven):
    company = CompanyFactory(
        name="Harbour Trading", vat_regime="export", country="HK", postal_code="", city="Hong Kong",
        peppol_id="0088:5410000000002", invoice_email="ap@harbour.hk",
    )  # fmt: skip
    draft = free_draft(company, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")

    invoice = invoice_issue(invoice=draft, actor=manager)

    root = ubl_of(invoice)
    assert root.find("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:PostalZone", NS) is None
    assert root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS).get("schemeID") == "0088"


def test_a_customer_with_a_wrong_peppol_id_is_flagged_on_the_file_and_at_issue(
    b2b_customer, manager, manager_client, oven
):
    Company.objects.filter(pk=b2b_customer.pk).update(peppol_id="0208:0417497107")  # stored before the checks
    draft = free_draft(b2b_customer, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")

    page = manager_client.get(reverse("customers:company-detail", args=[b2b_customer.pk])).content.decode()
    assert 'id="identifier-problems"' in page and "0208:0417497107" in page
    with translation.override("en"), pytest.raises(DomainError, match=r"The Peppol id 0208:0417497107 is wrong"):
        invoice_issue(invoice=draft, actor=manager)


def test_the_export_command_says_why_a_document_has_no_e_invoice(company_settings, manager, oven):
    swiss = CompanyFactory(name="Alpenwerk", vat_regime="export", country="CH", postal_code="8001", city="Zürich",
                           vat_number="", invoice_email="ap@alpenwerk.ch")  # fmt: skip
    draft = free_draft(swiss, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    invoice = invoice_issue(invoice=draft, actor=manager)
    assert not invoice.ubl

    with pytest.raises(CommandError) as refused:
        call_command("export_peppol", invoice.number, stdout=StringIO())

    message = str(refused.value)
    assert "private person" not in message
    assert re.search(r"Peppol has no address for its customer Alpenwerk BV \(CH\)", message), message


def test_an_amount_credited_to_an_eu_customer_says_whether_it_credits_goods_or_services(
    dutch_company, manager, oven, installation
):
    from sales.forms import CreditNoteForm

    draft = free_draft(dutch_company, manager)
    document_line_save(document=draft, actor=manager, product=oven, quantity="1")
    document_line_save(document=draft, actor=manager, product=installation, quantity="1")
    invoice = invoice_issue(invoice=draft, actor=manager)

    posted = {"reason": "Installatie te laat", "mode": "amount", "amount": "50", "vat_rate": "0.00:service"}
    form = CreditNoteForm(posted, invoice=invoice)
    assert [value for value, _label in form.fields["vat_rate"].choices] == ["0.00:goods", "0.00:service"]
    assert form.is_valid(), form.errors
    rate, is_service = form.vat_rate_and_kind
    note = credit_note_create(invoice=invoice, actor=manager, reason="Installatie te laat", amount="50",
                              vat_rate=rate, is_service=is_service)  # fmt: skip
    note = invoice_issue(invoice=note, actor=manager)

    root = ubl_of(note)
    assert texts(root, "cac:CreditNoteLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == ["AE"]
    assert texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode") == ["VATEX-EU-AE"]

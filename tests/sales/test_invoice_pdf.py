"""The invoice PDF as the customer reads it: the archived file, read back with poppler and zbar."""

import re
from decimal import Decimal

import pytest

from sales.services.approvals import document_approve
from sales.services.invoice_documents import invoice_archived_pdf, invoice_pdf
from sales.services.invoicing import invoice_draft_for_order, invoice_free_create, invoice_issue, invoice_update
from sales.services.lines import document_discount_set, document_line_save
from sales.services.orders import order_confirm, order_create
from tests.factories import CompanyFactory, ContactFactory
from tests.pdf_tools import pdf_paragraphs, pdf_text, qr_codes
from tests.sales.test_invoices import SHIPPED_ON, approving_manager, stored

pytestmark = pytest.mark.django_db
D = Decimal


def words(pdf: bytes) -> str:
    """The page laid out, every run of spaces and line breaks made one space: a table row reads as one line."""
    return " ".join(re.sub(r"(?<=\w)-\n\s*(?=\w)", "-", pdf_text(pdf)).split())  # a word broken at a hyphen


def blocks(pdf: bytes) -> str:
    """The text block by block, lines kept: an address or a paragraph reads as printed."""
    return "\n".join(" ".join(line.split()) for line in pdf_paragraphs(pdf).splitlines())


def dmy(date) -> str:
    return date.strftime("%d/%m/%Y")


@pytest.fixture
def dutch_invoice(customer, assistant, oven, bread_flour):
    """Two ovens at 10 % off (21 % VAT), ten bags of flour (6 %), 5 % off the whole order; delivered, issued."""
    from sales.services.deliveries import delivery_create

    customer.enterprise_number = "0417497106"
    customer.save()
    order = order_create(company=customer, contact=customer.contacts.get(), actor=assistant,
                         customer_reference="PO-4471")  # fmt: skip
    document_line_save(document=order, actor=assistant, product=oven, quantity="2", discount_percent="10")
    document_line_save(document=order, actor=assistant, product=bread_flour, quantity="10")
    document_discount_set(document=order, actor=assistant, discount_percent="5")
    order_confirm(order=order, actor=assistant)
    document_approve(document=order, actor=approving_manager())  # 14,5 % off the ovens: beyond an assistant
    order_confirm(order=order, actor=assistant)
    delivery_create(order=order, actor=assistant, quantities={line.pk: line.quantity for line in order.lines.all()},
                    shipped_on=SHIPPED_ON)  # fmt: skip
    return invoice_issue(invoice=invoice_draft_for_order(order=order, actor=assistant), actor=assistant)


@pytest.fixture
def bread_flour(db):
    from tests.factories import ProductFactory, _vat_category

    return ProductFactory(
        sku="FLOUR-25", name_nl="Broodmeel 25 kg", list_price=D("40.00"), cost_price=D("25.00"), on_hand=D("100"),
        vat_category=_vat_category("reduced"),
    )  # fmt: skip


def sold_without_order(company, actor, product):
    """One product sold on a free invoice (no order), to a company with an invoice address, issued."""
    company.invoice_email = "invoices@example.com"
    company.save()
    invoice = invoice_free_create(company=company, actor=actor)
    invoice_update(invoice=invoice, actor=actor, customer_reference="PO-2026-0042")  # Peppol needs a reference
    document_line_save(document=invoice, actor=actor, product=product, quantity="1", unit_price="1000")
    invoice = invoice_issue(invoice=invoice, actor=actor)
    assert invoice.approval_pending  # 1.000 for a 1.200 oven: beyond an assistant's authority
    document_approve(document=invoice, actor=approving_manager())
    return invoice_issue(invoice=invoice, actor=actor)


def test_a_belgian_invoice_in_dutch_carries_every_mandatory_mention(dutch_invoice):
    invoice = dutch_invoice
    pdf = stored(invoice.pdf)
    text = words(pdf)

    # Number, dates (issue, supply, due), references.
    assert f"Factuur {invoice.number}" in text
    assert f"Datum {dmy(invoice.issue_date)}" in text
    assert dmy(SHIPPED_ON) in text and dmy(invoice.due_date) in text
    assert "Uw referentie PO-4471" in text and f"Leveringsbonnen {invoice.invoice_deliveries.get().delivery}" in text
    # The customer, with its VAT number.
    assert "Bakkerij Peeters BV\nT.a.v. Jan Peeters\nStationsstraat 1\n9000 Gent\nBtw BE0417497106" in blocks(pdf)
    # Lines: quantity, unit price excl. VAT, line discount, rate, amount.
    assert "OVEN-60 Heteluchtoven 60 l 2 stuks 1.200,00 € 10 % 21 % 2.160,00 €" in text
    assert re.search(r"FLOUR-25 Broodmeel 25 kg 10 stuks 40,00 € 6 ?% 400,00 €", text)  # no discount
    # The document discount, the taxable base and the VAT per rate, the totals.
    assert "Totaal van de regels 2.560,00 € Korting 5 % −128,00 €" in text
    assert "Totaal excl. btw 2.432,00 €" in text
    assert "Btw 21 % op 2.052,00 € 430,92 € Btw 6 % op 380,00 € 22,80 € Totaal incl. btw 2.885,72 €" in text
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("2432.00"), D("453.72"), D("2885.72"))
    # How to pay: the amount, the IBAN and the structured communication.
    assert f"Gelieve 2.885,72 € te betalen uiterlijk op {dmy(invoice.due_date)}" in text
    assert f"Gestructureerde mededeling {invoice.structured_reference_display}" in text
    assert "verwijlintrest aan de wettelijke rentevoet en een forfaitaire" in text  # … schadevergoeding van 40 EUR
    assert "schadevergoeding van 40 EUR, zonder ingebrekestelling (wet van 2 augustus 2002)" in text
    assert "IBAN BE73 7350 1234 5660 BIC KREDBEBB" in text
    assert re.fullmatch(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", invoice.structured_reference_display)
    assert invoice.structured_reference_display in text
    # Company-law mentions in the footer.
    assert "Vandenbroucke Technics BV · Industrieweg 12, 9000 Gent" in text
    assert "Ondernemingsnummer 0403.170.701 · RPR Gent · Btw BE0403170701" in text
    assert "IBAN BE73 7350 1234 5660 · BIC KREDBEBB" in text
    assert "DRAFT" not in text


def test_the_same_invoice_in_french_and_english(dutch_invoice):
    invoice = dutch_invoice

    invoice.language = "fr"
    french = words(invoice_pdf(invoice))
    invoice.language = "en"
    english_pdf = invoice_pdf(invoice)
    english = words(english_pdf)

    assert "Votre référence PO-4471" in french and "TVA BE0417497106" in french
    assert "Total des lignes 2.560,00 € Remise 5 % −128,00 €" in french
    assert "TVA 21 % sur 2.052,00 € 430,92 € TVA 6 % sur 380,00 € 22,80 € Total TVAC 2.885,72 €" in french
    assert "Numéro d'entreprise 0403.170.701 · RPR Gent · TVA BE0403170701" in french
    assert f"Facture {invoice.number}" in french and f"Date d'échéance {dmy(invoice.due_date)}" in french
    assert f"Communication structurée {invoice.structured_reference_display}" in french
    assert "intérêts au taux légal et indemnité forfaitaire de 40 EUR" in french
    assert "2 pièces" in french and "2 pieces" in english  # the unit agrees with the quantity

    assert f"Invoice {invoice.number} Date {dmy(invoice.issue_date)}" in english
    assert f"Date of supply {dmy(SHIPPED_ON)}" in english and f"Due date {dmy(invoice.due_date)}" in english
    assert f"Our order {invoice.order.number}" in english
    assert "VAT 21 % on 2.052,00 € 430,92 € VAT 6 % on 380,00 € 22,80 € Total incl. VAT 2.885,72 €" in english
    assert f"Please pay 2.885,72 € by {dmy(invoice.due_date)}" in english
    assert f"Structured communication {invoice.structured_reference_display}" in english
    # Between companies: statutory interest and the EUR 40 compensation (law of 2 August 2002).
    assert (
        "Late payment: interest at the statutory rate and a flat compensation of EUR 40, without\nnotice "
        "(law of 2 August 2002)." in blocks(english_pdf)
    )
    assert "Enterprise number 0403.170.701 · RPR Gent · VAT BE0403170701" in english


EU_MENTION = {
    "en": "Intra-Community supply exempt from Belgian VAT (art. 39bis VAT Code); VAT reverse-charged to the customer.",
    "nl": "Intracommunautaire levering vrijgesteld van Belgische btw (art. 39bis W.BTW); btw verlegd naar de klant.",
}
EXPORT_MENTION = {
    "en": "Export outside the EU, exempt from Belgian VAT (art. 39 VAT Code).",
    "fr": "Exportation hors UE, exemptée de TVA belge (art. 39 C.TVA).",
}
REVERSE_CHARGE_MENTION = {
    "en": "Reverse charge: VAT to be paid by the customer (art. 51 §2 VAT Code).",
    "nl": "Verlegging van heffing: btw te voldoen door de medecontractant (art. 51, §2 W.btw).",
    "fr": "Autoliquidation : TVA due par le cocontractant (art. 51, §2 C.TVA).",
}


DUTCH = {"name": "Bakkerij de Vries", "street": "Kerkstraat 5", "postal_code": "1012 AB", "city": "Amsterdam",
         "country": "NL", "vat_number": "NL004495445B01"}  # fmt: skip
SWISS = {"street": "Bahnhofstrasse 3", "postal_code": "8001", "city": "Zürich", "country": "CH", "vat_number": ""}
CONTRACTOR = {"name": "Bouwbedrijf Claes", "street": "Stationsstraat 1", "postal_code": "9000", "city": "Gent",
              "country": "BE", "vat_number": "BE0456789034"}  # fmt: skip


@pytest.mark.parametrize(
    ("regime", "language", "customer", "mention"),
    [
        ("eu", "en", DUTCH, EU_MENTION["en"]),
        ("eu", "nl", DUTCH, EU_MENTION["nl"]),
        ("export", "en", {**SWISS, "name": "Bäckerei Keller"}, EXPORT_MENTION["en"]),
        ("export", "fr", {**SWISS, "name": "Boulangerie Favre"}, EXPORT_MENTION["fr"]),
        ("be_rc", "en", CONTRACTOR, REVERSE_CHARGE_MENTION["en"]),
        ("be_rc", "nl", CONTRACTOR, REVERSE_CHARGE_MENTION["nl"]),
        ("be_rc", "fr", CONTRACTOR, REVERSE_CHARGE_MENTION["fr"]),
    ],
)
def test_a_zero_rated_invoice_says_why_in_the_customers_language(
    assistant, oven, company_settings, regime, language, customer, mention
):
    company = CompanyFactory(vat_regime=regime, language=language, **customer)

    invoice = sold_without_order(company, assistant, oven)

    pdf = stored(invoice.pdf)
    text, paragraphs = words(pdf), blocks(pdf)

    assert mention in text
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("1000.00"), 0, D("1000.00"))
    assert re.search(r"OVEN-60 .* 1 \w+ 1\.000,00 € 0 ?% 1\.000,00 €", text)  # the line at 0 %
    assert {"en": "VAT 0 % on", "nl": "Btw 0 % op", "fr": "TVA 0 % sur"}[language] + " 1.000,00 € 0,00 €" in text
    address = f"{customer['name']} BV\n{customer['street']}\n{customer['postal_code']} {customer['city']}"
    if customer["country"] != "BE":
        address += f"\n{customer['country']}"
    if customer["vat_number"]:  # the customer's VAT number (in its own member state) is on the invoice
        address += f"\n{ {'en': 'VAT', 'nl': 'Btw', 'fr': 'TVA'}[language] } {customer['vat_number']}"
    assert address in paragraphs
    other_mentions = {*EU_MENTION.values(), *EXPORT_MENTION.values(), *REVERSE_CHARGE_MENTION.values()} - {mention}
    assert not [other for other in other_mentions if other in text]


def test_a_private_customer_pays_vat_and_reads_no_b2b_mentions(assistant, oven, company_settings):
    person = CompanyFactory(name="Sofie Claes", legal_form="", vat_regime="private", vat_number="", language="en")
    invoice = invoice_free_create(company=person, actor=assistant)
    invoice_update(invoice=invoice, actor=assistant,
                   contact=ContactFactory(company=person, first_name="Sofie", last_name="Claes"))  # fmt: skip
    document_line_save(document=invoice, actor=assistant, product=oven, quantity="1")
    invoice = invoice_issue(invoice=invoice, actor=assistant)

    pdf = stored(invoice.pdf)
    text = words(pdf)

    assert "Sofie Claes\nAttn. Sofie Claes\nStationsstraat 1\n9000 Gent\n" in blocks(pdf)
    assert "VAT 21 % on 1.200,00 € 252,00 € Total incl. VAT 1.452,00 €" in text
    assert re.findall(r"BE\d{10}", text) == ["BE0403170701"]  # ours only: a person has no VAT number
    assert "Late payment" not in text and "law of 2 August 2002" not in text
    assert "exempt" not in text and "Reverse charge" not in text
    assert invoice.structured_reference_display in text


def test_the_epc_qr_code_pays_the_invoice_with_its_structured_communication(dutch_invoice):
    invoice = dutch_invoice

    [code] = qr_codes(stored(invoice.pdf))

    lines = code.split(b"\n")
    assert lines[:3] == [b"BCD", b"002", b"1"]  # version 002, character set 1: UTF-8
    lines = code.decode("utf-8").split("\n")
    service, bic, name, iban, amount, purpose, reference = lines[3:10]
    assert (service, bic, name, iban) == ("SCT", "KREDBEBB", "Vandenbroucke Technics", "BE73735012345660")
    # "EUR" and the amount with at most two decimals (EPC069-12 writes EUR12.3, without trailing zeros).
    assert re.fullmatch(r"EUR\d+(\.\d{1,2})?", amount) and D(amount[3:]) == invoice.total == D("2885.72")
    assert purpose == ""
    assert reference == invoice.structured_reference and len(reference) == 12
    assert lines[10:] in ([], [""])  # a structured reference, so no free text


def test_a_draft_preview_says_it_is_no_invoice_and_the_issued_one_does_not(customer, assistant, oven):
    customer.invoice_email, customer.language = "invoices@example.com", "en"
    customer.save()
    draft = invoice_free_create(company=customer, actor=assistant)
    invoice_update(invoice=draft, actor=assistant, customer_reference="PO-2026-0042")
    document_line_save(document=draft, actor=assistant, product=oven, quantity="1")

    preview = invoice_archived_pdf(draft)
    issued = invoice_issue(invoice=draft, actor=assistant)

    assert "DRAFT – not a valid invoice" in words(preview)
    assert "+++ ___/____/_____ +++" in words(preview) and qr_codes(preview) == []  # nothing to pay yet
    assert "DRAFT" not in words(stored(issued.pdf))

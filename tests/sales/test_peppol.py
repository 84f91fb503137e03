"""Peppol BIS Billing 3.0: every UBL file we issue passes what an access point checks (UBL 2.1 XSD, the CEN
EN 16931 rules and the PEPPOL-EN16931 rules), and says what the PDF says."""

import base64
from decimal import Decimal

import pytest
from lxml import etree

from orderdesk.models import OutboxMessage
from orderdesk.templatetags.orderdesk import money
from sales.services.invoicing import credit_note_create, invoice_free_create, invoice_issue, invoice_update
from sales.services.lines import document_line_save
from sales.services.peppol import CUSTOMIZATION_ID, PROFILE_ID
from tests.factories import CompanyFactory, ContactFactory, ProductFactory, _vat_category
from tests.pdf_tools import pdf_text
from tests.peppol_tools import ubl_errors
from tests.sales.test_invoices import issued_invoice, stored

pytestmark = pytest.mark.django_db
D = Decimal
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def xml_of(invoice):
    return etree.fromstring(stored(invoice.ubl))


def one(root, path: str) -> str:
    [found] = root.xpath(path, namespaces=NS)
    return found if isinstance(found, str) else found.text


def every(root, path: str) -> list[str]:
    return [found if isinstance(found, str) else found.text for found in root.xpath(path, namespaces=NS)]


def endpoint(root, party: str) -> tuple[str, str]:
    [element] = root.xpath(f"cac:{party}/cac:Party/cbc:EndpointID", namespaces=NS)
    return element.get("schemeID"), element.text


def tax_categories(root) -> list[tuple[str, str, str, str]]:
    """(category, rate, exemption reason code, taxable amount) per VAT subtotal."""
    return [
        (
            one(subtotal, "cac:TaxCategory/cbc:ID"),
            one(subtotal, "cac:TaxCategory/cbc:Percent"),
            "".join(every(subtotal, "cac:TaxCategory/cbc:TaxExemptionReasonCode")),
            one(subtotal, "cbc:TaxableAmount"),
        )
        for subtotal in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    ]


@pytest.fixture
def bread_flour(db):
    return ProductFactory(
        sku="FLOUR-25", name_nl="Broodmeel 25 kg", list_price=D("40.00"), cost_price=D("25.00"), on_hand=D("100"),
        vat_category=_vat_category("reduced"),
    )  # fmt: skip


@pytest.fixture
def b2b_customer(customer):
    customer.enterprise_number = "0417497106"
    customer.invoice_email = "boekhouding@bakkerij-peeters.be"
    customer.save()
    return customer


def sold_without_order(company, actor, product, quantity="1", reference="PO-2026-0042"):
    company.invoice_email = company.invoice_email or "invoices@example.com"
    company.save()
    invoice = invoice_free_create(company=company, actor=actor)
    invoice_update(invoice=invoice, actor=actor, customer_reference=reference)
    document_line_save(document=invoice, actor=actor, product=product, quantity=quantity)
    return invoice_issue(invoice=invoice, actor=actor)


# --- Belgian B2B ---------------------------------------------------------------------------------------------------


def test_a_belgian_b2b_invoice_with_two_rates_and_discounts_is_valid_and_agrees_with_its_pdf(
    b2b_customer, assistant, oven, bread_flour
):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "2", "10"), (bread_flour, "7"), discount_percent="5")
    xml = stored(invoice.ubl)
    root = etree.fromstring(xml)

    assert ubl_errors(xml) == []
    assert etree.QName(root).localname == "Invoice"
    assert (one(root, "cbc:CustomizationID"), one(root, "cbc:ProfileID")) == (CUSTOMIZATION_ID, PROFILE_ID)
    assert (one(root, "cbc:ID"), one(root, "cbc:InvoiceTypeCode")) == (invoice.number, "380")
    assert (one(root, "cbc:IssueDate"), one(root, "cbc:DueDate")) == (
        invoice.issue_date.isoformat(), invoice.due_date.isoformat())  # fmt: skip
    # Our order is the sales order reference; the customer gave no purchase order number: "NA" (EN 16931 binding).
    assert one(root, "cac:OrderReference/cbc:SalesOrderID") == invoice.order.number
    assert one(root, "cac:OrderReference/cbc:ID") == "NA"
    # The buyer's reference is the person the invoice is for ("Attn." on the PDF), never one of our own numbers.
    assert every(root, "cbc:BuyerReference") == [str(invoice.contact)] == ["Jan Peeters"]
    # Both rates, the line discount and the 5 % on the whole invoice per rate.
    assert tax_categories(root) == [("S", "21.00", "", "2052.00"), ("S", "6.00", "", "266.00")]
    assert every(root, "cac:AllowanceCharge/cbc:Amount") == ["108.00", "14.00"]
    assert every(root, "cac:InvoiceLine/cac:AllowanceCharge/cbc:Amount") == ["240.00"]
    # The amounts of the UBL are those of the invoice and of its PDF.
    total = "cac:LegalMonetaryTotal/cbc:"
    amounts = [one(root, f"{total}TaxExclusiveAmount"), one(root, "cac:TaxTotal/cbc:TaxAmount"),
               one(root, f"{total}TaxInclusiveAmount"), one(root, f"{total}PayableAmount")]  # fmt: skip
    assert [D(amount) for amount in amounts] == [invoice.net_total, invoice.vat_total, invoice.total, invoice.total]
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("2318.00"), D("446.88"), D("2764.88"))
    text = " ".join(pdf_text(stored(invoice.pdf)).split())
    for amount in (invoice.net_total, invoice.vat_total - D("15.96"), D("15.96"), invoice.total):
        assert money(amount).replace("\xa0", " ") in text
    # Both parties by their enterprise number (0208, 10 digits).
    assert endpoint(root, "AccountingSupplierParty") == ("0208", "0403170701")
    assert endpoint(root, "AccountingCustomerParty") == ("0208", "0417497106")
    assert one(root, "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID") == "BE0417497106"
    # Paid by transfer with the structured communication, to our IBAN.
    assert one(root, "cac:PaymentMeans/cbc:PaymentID") == invoice.structured_reference
    assert one(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "BE73735012345660"
    # The PDF travels inside, byte for byte the archived one.
    [embedded] = root.xpath("cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
                            namespaces=NS)  # fmt: skip
    assert embedded.get("mimeCode") == "application/pdf"
    assert base64.b64decode(embedded.text) == stored(invoice.pdf)


def test_the_validator_catches_an_invoice_without_buyer_or_order_reference(customer, assistant, oven):
    invoice = sold_without_order(customer, assistant, oven)  # no order: the customer's reference
    root = xml_of(invoice)
    assert ubl_errors(etree.tostring(root)) == []
    assert one(root, "cbc:BuyerReference") == "PO-2026-0042" and not every(root, "cac:OrderReference")
    # A Belgian company known by its VAT number only is still addressed by its enterprise number.
    assert (customer.enterprise_number, customer.vat_number) == ("", "BE0417497106")
    assert endpoint(root, "AccountingCustomerParty") == ("0208", "0417497106")

    for path in ("cbc:BuyerReference", "cac:OrderReference"):
        for element in root.xpath(path, namespaces=NS):
            root.remove(element)

    errors = ubl_errors(etree.tostring(root))
    assert [error for error in errors if error.startswith("PEPPOL-EN16931-R003:")], errors


# --- zero-rated regimes and private customers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "customer", "category", "reason", "buyer_endpoint"),
    [
        ("eu", {"country": "NL", "vat_number": "NL004495445B01"}, "K", "VATEX-EU-IC", ("9944", "NL004495445B01")),
        # A Swiss company that told us its Peppol id (Swiss UID, scheme 0183).
        ("export", {"country": "CH", "vat_number": "", "peppol_id": "0183:CHE109322551"}, "G", "VATEX-EU-G",
         ("0183", "CHE109322551")),
        ("be_rc", {"country": "BE", "vat_number": "BE0456789034"}, "AE", "VATEX-EU-AE", ("0208", "0456789034")),
    ],
)  # fmt: skip
def test_a_zero_rated_invoice_names_its_vat_category_and_exemption(
    assistant, oven, company_settings, regime, customer, category, reason, buyer_endpoint
):
    company = CompanyFactory(name="Klant", vat_regime=regime, language="en", **customer)

    invoice = sold_without_order(company, assistant, oven)

    xml = stored(invoice.ubl)
    assert ubl_errors(xml) == []
    root = etree.fromstring(xml)
    assert tax_categories(root) == [(category, "0.00", reason, "1200.00")]
    assert one(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason")  # the PDF's mention
    assert every(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == [category]
    assert D(one(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) == invoice.total == D("1200.00")
    assert endpoint(root, "AccountingCustomerParty") == buyer_endpoint
    assert one(root, "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode") == (
        customer["country"])  # fmt: skip


def test_a_private_customer_gets_the_pdf_alone_peppol_has_no_address_for_a_person(assistant, oven, company_settings):
    person = CompanyFactory(name="Sofie Claes", legal_form="", vat_regime="private", vat_number="", language="nl")
    invoice = invoice_free_create(company=person, actor=assistant)
    invoice_update(invoice=invoice, actor=assistant,
                   contact=ContactFactory(company=person, email="sofie.claes@example.be"))  # fmt: skip
    document_line_save(document=invoice, actor=assistant, product=oven, quantity="1")
    invoice = invoice_issue(invoice=invoice, actor=assistant)

    # Belgian e-invoicing is B2B only and Peppol's address schemes have none for a person: no UBL, no transmission.
    assert not invoice.ubl and not invoice.ubl_sha256 and not invoice.transmissions.exists()
    mail = OutboxMessage.objects.get(subject__contains=invoice.number)
    assert [attachment.filename for attachment in mail.attachments.all()] == [f"{invoice.number}.pdf"]
    assert invoice.channel == "email"


# --- credit notes --------------------------------------------------------------------------------------------------


def test_a_full_credit_note_is_a_valid_peppol_credit_note_referring_to_the_invoice(
    b2b_customer, assistant, oven, bread_flour
):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1", "10"), (bread_flour, "2"), discount_percent="5")

    note = invoice_issue(
        invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Order cancelled"), actor=assistant
    )

    xml = stored(note.ubl)
    assert ubl_errors(xml) == []
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "CreditNote"
    assert (one(root, "cbc:ID"), one(root, "cbc:CreditNoteTypeCode")) == (note.number, "381")
    assert one(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == invoice.number
    assert one(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == (
        invoice.issue_date.isoformat())  # fmt: skip
    assert one(root, "cbc:Note") == "Order cancelled"
    assert every(root, "cac:CreditNoteLine/cbc:CreditedQuantity") == ["1", "2"]
    assert D(one(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) == note.total == invoice.total
    assert endpoint(root, "AccountingCustomerParty") == ("0208", "0417497106")


def test_a_partial_credit_note_for_an_amount_is_valid(b2b_customer, assistant, oven, bread_flour):
    invoice = issued_invoice(b2b_customer, assistant, (oven, "1"), (bread_flour, "10"))

    note = invoice_issue(
        invoice=credit_note_create(invoice=invoice, actor=assistant, reason="Two bags torn", amount="80",
                                   vat_rate="6"),
        actor=assistant,
    )  # fmt: skip

    xml = stored(note.ubl)
    assert ubl_errors(xml) == []
    root = etree.fromstring(xml)
    assert one(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == invoice.number
    assert tax_categories(root) == [("S", "6.00", "", "80.00")]
    assert D(one(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) == note.total == D("84.80")

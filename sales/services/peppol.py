"""Peppol BIS Billing 3.0: the UBL 2.1 file of an invoice or credit note, and its transmission.

The UBL is built from the same frozen data as the PDF (lines, totals per VAT category and rate, parties,
references), in the document's language, so the two always say the same. What the official rules (EN 16931,
PEPPOL BIS 3.0) would refuse is refused before: `invoice_problems` says what to correct, and the texts lose the
characters XML cannot carry. Transmission goes through a backend named in settings.PEPPOL_BACKEND (see
sales.access_points and sales.services.peppol_delivery).
"""

import base64
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from orderdesk.identifiers import peppol_endpoint
from orderdesk.money import ZERO
from orderdesk.text import text_clean
from sales.models import Invoice
from sales.selectors.invoices import invoice_parties, invoice_vat_regime
from sales.services.totals import document_totals, line_net
from sales.services.vat import EXEMPTION_CODES, exemption_mention, line_vat_category

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ROOT_NS = {
    Invoice.Kind.INVOICE: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    Invoice.Kind.CREDIT_NOTE: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
# UN/ECE Recommendation 20 unit codes for our catalog units.
UNIT_CODES = {
    "piece": "C62",
    "set": "SET",
    "box": "XBX",
    "m": "MTR",
    "m2": "MTK",
    "kg": "KGM",
    "l": "LTR",
    "hour": "HUR",
}
# An item's name is a short label; the whole text of the line goes in its description.
ITEM_NAME_LENGTH = 100
# EN 16931 UBL binding: a sales order reference (BT-14) needs a purchase order reference (BT-13); without one the
# purchase order reference is "NA" (not applicable).
NO_PURCHASE_ORDER = "NA"


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _add(parent, tag: str, text=None, **attributes):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, _q(prefix, name), {key: str(value) for key, value in attributes.items()})
    if text is not None:
        element.text = text_clean(str(text))
    return element


def _amount(parent, tag: str, value: Decimal):
    return _add(parent, tag, f"{value:.2f}", currencyID="EUR")


def _quantity_text(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _tax_category(parent, tag: str, *, regime: str, category: str, rate: Decimal, with_reason: bool) -> None:
    element = _add(parent, tag)
    _add(element, "cbc:ID", category)
    _add(element, "cbc:Percent", f"{rate:.2f}")
    if with_reason and category in EXEMPTION_CODES:
        _add(element, "cbc:TaxExemptionReasonCode", EXEMPTION_CODES[category])
        _add(element, "cbc:TaxExemptionReason", exemption_mention(regime, category))
    _add(_add(element, "cac:TaxScheme"), "cbc:ID", "VAT")


def endpoint_for(party: dict) -> tuple[str, str] | None:
    """(scheme, identifier) of a party's Peppol address: its registered id, its enterprise number (0208) or the
    VAT-number scheme of its country. None for a private person or a foreign company without one: Peppol has no
    address for them (and Belgian e-invoicing is B2B only), so they get the PDF alone."""
    return peppol_endpoint(
        peppol_id=party.get("peppol_id", ""),
        enterprise_number=party.get("enterprise_number", ""),
        vat_number=party.get("vat_number", ""),
        country=party.get("country") or "BE",
    )


def _party(parent, tag: str, party: dict) -> None:
    element = _add(_add(parent, tag), "cac:Party")
    scheme, identifier = endpoint_for(party)
    _add(element, "cbc:EndpointID", identifier, schemeID=scheme)
    _add(_add(element, "cac:PartyName"), "cbc:Name", party["name"])
    address = _add(element, "cac:PostalAddress")
    if party.get("street"):
        _add(address, "cbc:StreetName", party["street"])
    if party.get("city"):
        _add(address, "cbc:CityName", party["city"])
    if party.get("postal_code"):
        _add(address, "cbc:PostalZone", party["postal_code"])
    _add(_add(address, "cac:Country"), "cbc:IdentificationCode", party.get("country") or "BE")
    if party.get("vat_number"):
        tax_scheme = _add(element, "cac:PartyTaxScheme")
        _add(tax_scheme, "cbc:CompanyID", party["vat_number"])
        _add(_add(tax_scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(element, "cac:PartyLegalEntity")
    legal_name = " ".join(filter(None, [party["name"], party.get("legal_form", "")])) if "legal_form" in party else (
        party["name"])  # fmt: skip
    _add(legal, "cbc:RegistrationName", legal_name)
    if party.get("enterprise_number") and (party.get("country") or "BE") == "BE":
        _add(legal, "cbc:CompanyID", party["enterprise_number"], schemeID="0208")
    if party.get("contact") or party.get("email"):
        contact = _add(element, "cac:Contact")
        if party.get("contact"):
            _add(contact, "cbc:Name", party["contact"])
        if party.get("email"):
            _add(contact, "cbc:ElectronicMail", party["email"])


def invoice_ubl(invoice: Invoice, *, lines=None, pdf: bytes | None = None) -> bytes:
    """The UBL 2.1 document (Invoice or CreditNote) of an issued (or issuing) invoice, PDF embedded, its texts in
    the document's language. Both parties need a Peppol address (see `endpoint_for`)."""
    lines = list(invoice.lines.select_related("product")) if lines is None else lines
    with translation.override(invoice.language):
        root = _document(invoice, lines=lines, pdf=pdf)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _document(invoice: Invoice, *, lines, pdf: bytes | None):
    regime = invoice_vat_regime(invoice)
    totals = document_totals(lines=lines, discount_percent=invoice.discount_percent, regime=regime)
    parties = invoice_parties(invoice)
    credit = invoice.is_credit_note
    root = etree.Element(etree.QName(ROOT_NS[invoice.kind], "CreditNote" if credit else "Invoice"), nsmap={
        None: ROOT_NS[invoice.kind], **NS})  # fmt: skip
    _add(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
    _add(root, "cbc:ProfileID", PROFILE_ID)
    _add(root, "cbc:ID", invoice.number)
    _add(root, "cbc:IssueDate", invoice.issue_date.isoformat())
    if not credit and invoice.due_date:
        _add(root, "cbc:DueDate", invoice.due_date.isoformat())
    _add(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", "381" if credit else "380")
    # One note at most (PEPPOL-EN16931-R002): what the PDF prints, the reason for a credit and the note.
    note = "\n\n".join(text for text in (invoice.credit_reason_text if credit else "", invoice.notes) if text.strip())
    if note:
        _add(root, "cbc:Note", note)
    _add(root, "cbc:DocumentCurrencyCode", "EUR")
    # The customer's own reference, as the PDF prints it ("Your reference"), else the person the document is for
    # ("Attn."), the buyer's routing; our order as the sales order reference. PEPPOL-EN16931-R003 wants a buyer or
    # an order reference: without any of them, `invoice_problems` asks for the customer's reference.
    buyer_reference = buyer_reference_of(invoice, parties["buyer"])
    if buyer_reference:
        _add(root, "cbc:BuyerReference", buyer_reference)
    if invoice.order is not None:
        order_reference = _add(root, "cac:OrderReference")
        _add(order_reference, "cbc:ID", invoice.customer_reference or NO_PURCHASE_ORDER)
        _add(order_reference, "cbc:SalesOrderID", invoice.order.number)
    if credit and invoice.credited_invoice is not None:
        reference = _add(_add(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _add(reference, "cbc:ID", invoice.credited_invoice.number)
        _add(reference, "cbc:IssueDate", invoice.credited_invoice.issue_date.isoformat())
    if pdf is not None:
        document = _add(root, "cac:AdditionalDocumentReference")
        _add(document, "cbc:ID", invoice.number)
        _add(document, "cbc:DocumentDescription", "PDF")
        _add(
            _add(document, "cac:Attachment"), "cbc:EmbeddedDocumentBinaryObject", base64.b64encode(pdf).decode(),
            mimeCode="application/pdf", filename=f"{invoice.number}.pdf",
        )  # fmt: skip
    _party(root, "cac:AccountingSupplierParty", parties["seller"])
    _party(root, "cac:AccountingCustomerParty", parties["buyer"])
    delivery = _add(root, "cac:Delivery")
    _add(delivery, "cbc:ActualDeliveryDate", (invoice.supply_date or invoice.issue_date).isoformat())
    location = _add(_add(delivery, "cac:DeliveryLocation"), "cac:Address")
    _add(_add(location, "cac:Country"), "cbc:IdentificationCode", parties["buyer"].get("country") or "BE")
    if not credit:
        means = _add(root, "cac:PaymentMeans")
        _add(means, "cbc:PaymentMeansCode", "30", name="Credit transfer")
        if invoice.structured_reference:
            _add(means, "cbc:PaymentID", invoice.structured_reference)
        account = _add(means, "cac:PayeeFinancialAccount")
        _add(account, "cbc:ID", parties["seller"]["iban"])
        _add(account, "cbc:Name", parties["seller"]["name"])
        if parties["seller"].get("bic"):
            _add(_add(account, "cac:FinancialInstitutionBranch"), "cbc:ID", parties["seller"]["bic"])
        _add(_add(root, "cac:PaymentTerms"), "cbc:Note",
             _("Payment within %(days)s days") % {"days": invoice.payment_days})  # fmt: skip
    for row in totals.per_rate:
        if row.discount:
            allowance = _add(root, "cac:AllowanceCharge")
            _add(allowance, "cbc:ChargeIndicator", "false")
            _add(allowance, "cbc:AllowanceChargeReasonCode", "95")
            _add(allowance, "cbc:AllowanceChargeReason", _("Discount"))
            _add(allowance, "cbc:MultiplierFactorNumeric", f"{invoice.discount_percent:.2f}")
            _amount(allowance, "cbc:Amount", row.discount)
            _amount(allowance, "cbc:BaseAmount", row.lines_net)
            _tax_category(allowance, "cac:TaxCategory", regime=regime, category=row.category, rate=row.rate,
                          with_reason=False)  # fmt: skip
    tax_total = _add(root, "cac:TaxTotal")
    _amount(tax_total, "cbc:TaxAmount", totals.vat)
    for row in totals.per_rate:
        subtotal = _add(tax_total, "cac:TaxSubtotal")
        _amount(subtotal, "cbc:TaxableAmount", row.base)
        _amount(subtotal, "cbc:TaxAmount", row.vat)
        _tax_category(subtotal, "cac:TaxCategory", regime=regime, category=row.category, rate=row.rate,
                      with_reason=True)  # fmt: skip
    monetary = _add(root, "cac:LegalMonetaryTotal")
    _amount(monetary, "cbc:LineExtensionAmount", totals.lines_net)
    _amount(monetary, "cbc:TaxExclusiveAmount", totals.net)
    _amount(monetary, "cbc:TaxInclusiveAmount", totals.total)
    if totals.discount:
        _amount(monetary, "cbc:AllowanceTotalAmount", totals.discount)
    _amount(monetary, "cbc:PayableAmount", totals.total)
    for number, line in enumerate(lines, start=1):
        _line(root, line, number=number, credit=credit, regime=regime)
    return root


def buyer_reference_of(invoice: Invoice, buyer: dict) -> str:
    """What the UBL gives as the buyer's reference (BT-10): the customer's reference, else the contact the PDF
    addresses ("Attn."); never one of our own numbers."""
    return invoice.customer_reference or buyer.get("contact", "")


def item_texts(line) -> tuple[str, str]:
    """(name, description) of a line's item: its first line as the name (at most 100 characters), and its whole
    text as the description whenever the name does not say all the PDF says."""
    text = text_clean(line.description).strip()
    first = text.partition("\n")[0].strip()
    name = first if len(first) <= ITEM_NAME_LENGTH else first[: ITEM_NAME_LENGTH - 1].rstrip() + "…"
    return name or line.sku, text if text != name else ""


def _line(root, line, *, number: int, credit: bool, regime: str) -> None:
    element = _add(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
    _add(element, "cbc:ID", number)
    _add(element, "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity", _quantity_text(line.quantity),
         unitCode=UNIT_CODES.get(line.unit, "C62"))  # fmt: skip
    _amount(element, "cbc:LineExtensionAmount", line.net_amount)
    if line.discount_percent:
        gross = line_net(quantity=line.quantity, unit_price=line.unit_price, discount_percent=ZERO)
        allowance = _add(element, "cac:AllowanceCharge")
        _add(allowance, "cbc:ChargeIndicator", "false")
        _add(allowance, "cbc:AllowanceChargeReasonCode", "95")
        _add(allowance, "cbc:MultiplierFactorNumeric", f"{line.discount_percent:.2f}")
        _amount(allowance, "cbc:Amount", gross - line.net_amount)
        _amount(allowance, "cbc:BaseAmount", gross)
    item = _add(element, "cac:Item")
    name, description = item_texts(line)
    if description:
        _add(item, "cbc:Description", description)
    _add(item, "cbc:Name", name)
    if line.sku:
        _add(_add(item, "cac:SellersItemIdentification"), "cbc:ID", line.sku)
    _tax_category(item, "cac:ClassifiedTaxCategory", regime=regime, category=line_vat_category(regime, line),
                  rate=line.vat_rate, with_reason=False)  # fmt: skip
    _amount(_add(element, "cac:Price"), "cbc:PriceAmount", line.unit_price)


# --- transmission ------------------------------------------------------------------------------------------------
# The transmission lives in sales.access_points (the backends) and sales.services.peppol_delivery (send and follow
# up); these names stay importable from here, and settings name "sales.services.peppol.StoreBackend".
from sales.access_points import StoreBackend  # noqa: E402, F401
from sales.services.peppol_delivery import transmission_queue, transmission_run  # noqa: E402, F401

"""Peppol BIS Billing 3.0: the UBL 2.1 file of an invoice or credit note, and its transmission.

The UBL is built from the same frozen data as the PDF (lines, totals per VAT rate, parties), so the two
always agree. Transmission goes through a backend named in settings.PEPPOL_BACKEND; the default keeps the
file with the invoice, ready to download or to hand to an access point, and says so in its status.
"""

import base64
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from lxml import etree

from customers.models import VatRegime
from orderdesk.money import ZERO
from sales.models import Invoice, PeppolTransmission
from sales.services.totals import document_totals
from sales.states import TransmissionStatus

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
# Zero-rated regimes: the VAT category and exemption reason code of EN 16931 (VATEX code list).
EXEMPT_CATEGORIES = {
    VatRegime.INTRA_EU: ("K", "VATEX-EU-IC"),
    VatRegime.NON_EU: ("G", "VATEX-EU-G"),
    VatRegime.REVERSE_CHARGE: ("AE", "VATEX-EU-AE"),
}
# Electronic address schemes (EAS) for companies outside Belgium, by the country of their VAT number.
VAT_ENDPOINT_SCHEMES = {
    "NL": "9944",
    "DE": "9930",
    "FR": "9957",
    "LU": "9938",
    "AT": "9914",
    "ES": "9920",
    "IT": "9906",
    "IE": "9935",
    "PT": "9946",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _add(parent, tag: str, text=None, **attributes):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, _q(prefix, name), {key: str(value) for key, value in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def _amount(parent, tag: str, value: Decimal):
    return _add(parent, tag, f"{value:.2f}", currencyID="EUR")


def _quantity_text(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def tax_category(regime: str, rate: Decimal) -> tuple[str, str]:
    """(VAT category code, exemption reason code) of a line at `rate` under the invoice's regime."""
    if regime in EXEMPT_CATEGORIES:
        return EXEMPT_CATEGORIES[regime]
    return ("S", "") if rate > 0 else ("Z", "")


def _tax_category(parent, tag: str, *, regime: str, rate: Decimal, with_reason: bool) -> None:
    from sales.services.documents import vat_mention

    code, reason = tax_category(regime, rate)
    category = _add(parent, tag)
    _add(category, "cbc:ID", code)
    _add(category, "cbc:Percent", f"{rate:.2f}")
    if with_reason and reason:
        _add(category, "cbc:TaxExemptionReasonCode", reason)
        _add(category, "cbc:TaxExemptionReason", vat_mention(regime))
    _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def endpoint_for(party: dict) -> tuple[str, str] | None:
    """(scheme, identifier) of a party's Peppol address: its registered id, its enterprise number (0208) or a
    VAT-number scheme of its country. None for a private person or a foreign company without one: Peppol has no
    address for them (and Belgian e-invoicing is B2B only), so they get the PDF alone."""
    peppol_id = party.get("peppol_id", "")
    if ":" in peppol_id:
        scheme, identifier = peppol_id.split(":", 1)
        return scheme, identifier
    if party.get("enterprise_number") and party.get("country", "BE") == "BE":
        return "0208", party["enterprise_number"]
    vat_number = party.get("vat_number", "")
    if vat_number.startswith("BE"):  # a Belgian VAT number is BE + the enterprise number
        return "0208", vat_number[2:]
    if vat_number[:2] in VAT_ENDPOINT_SCHEMES:
        return VAT_ENDPOINT_SCHEMES[vat_number[:2]], vat_number
    return None


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
    if party.get("email"):
        _add(_add(element, "cac:Contact"), "cbc:ElectronicMail", party["email"])


def invoice_ubl(invoice: Invoice, *, lines=None, pdf: bytes | None = None) -> bytes:
    """The UBL 2.1 document (Invoice or CreditNote) of an issued (or issuing) invoice, PDF embedded.
    Both parties need a Peppol address (see `endpoint_for`)."""
    from sales.services.invoicing import invoice_parties

    lines = list(invoice.lines.select_related("product")) if lines is None else lines
    totals = document_totals(lines=lines, discount_percent=invoice.discount_percent)
    parties = invoice_parties(invoice)
    regime = invoice.vat_regime or invoice.company.vat_regime
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
    if credit and invoice.credit_reason:
        _add(root, "cbc:Note", invoice.credit_reason)
    elif invoice.notes:
        _add(root, "cbc:Note", invoice.notes)
    _add(root, "cbc:DocumentCurrencyCode", "EUR")
    # PEPPOL-EN16931-R003: a buyer reference or an order reference is mandatory.
    _add(root, "cbc:BuyerReference", invoice.customer_reference or (invoice.order.number if invoice.order else "")
         or invoice.number)  # fmt: skip
    if invoice.order is not None:
        _add(_add(root, "cac:OrderReference"), "cbc:ID", invoice.order.number)
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
            _tax_category(allowance, "cac:TaxCategory", regime=regime, rate=row.rate, with_reason=False)
    tax_total = _add(root, "cac:TaxTotal")
    _amount(tax_total, "cbc:TaxAmount", totals.vat)
    for row in totals.per_rate:
        subtotal = _add(tax_total, "cac:TaxSubtotal")
        _amount(subtotal, "cbc:TaxableAmount", row.base)
        _amount(subtotal, "cbc:TaxAmount", row.vat)
        _tax_category(subtotal, "cac:TaxCategory", regime=regime, rate=row.rate, with_reason=True)
    monetary = _add(root, "cac:LegalMonetaryTotal")
    _amount(monetary, "cbc:LineExtensionAmount", totals.lines_net)
    _amount(monetary, "cbc:TaxExclusiveAmount", totals.net)
    _amount(monetary, "cbc:TaxInclusiveAmount", totals.total)
    if totals.discount:
        _amount(monetary, "cbc:AllowanceTotalAmount", totals.discount)
    _amount(monetary, "cbc:PayableAmount", totals.total)
    for number, line in enumerate(lines, start=1):
        _line(root, line, number=number, credit=credit, regime=regime)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _line(root, line, *, number: int, credit: bool, regime: str) -> None:
    element = _add(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
    _add(element, "cbc:ID", number)
    _add(element, "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity", _quantity_text(line.quantity),
         unitCode=UNIT_CODES.get(line.unit, "C62"))  # fmt: skip
    _amount(element, "cbc:LineExtensionAmount", line.net_amount)
    gross = line.net_amount
    if line.discount_percent:
        from sales.services.totals import line_net

        gross = line_net(quantity=line.quantity, unit_price=line.unit_price, discount_percent=ZERO)
        allowance = _add(element, "cac:AllowanceCharge")
        _add(allowance, "cbc:ChargeIndicator", "false")
        _add(allowance, "cbc:AllowanceChargeReasonCode", "95")
        _add(allowance, "cbc:MultiplierFactorNumeric", f"{line.discount_percent:.2f}")
        _amount(allowance, "cbc:Amount", gross - line.net_amount)
        _amount(allowance, "cbc:BaseAmount", gross)
    item = _add(element, "cac:Item")
    description, _newline, more = line.description.partition("\n")
    if more.strip():
        _add(item, "cbc:Description", line.description)
    _add(item, "cbc:Name", description[:100] or line.sku)
    if line.sku:
        _add(_add(item, "cac:SellersItemIdentification"), "cbc:ID", line.sku)
    _tax_category(item, "cac:ClassifiedTaxCategory", regime=regime, rate=line.vat_rate, with_reason=False)
    _amount(_add(element, "cac:Price"), "cbc:PriceAmount", line.unit_price)


# --- transmission ------------------------------------------------------------------------------------------------


class StoreBackend:
    """The default: no access point yet. The UBL stays with the invoice, to download or upload by hand."""

    def transmit(self, *, invoice: Invoice, ubl: bytes) -> tuple[str, str]:
        return TransmissionStatus.STORED, _("Kept with the invoice: download the UBL file to send it over Peppol.")


def transmission_queue(*, invoice: Invoice) -> PeppolTransmission:
    """Queue the Peppol transmission of an issued document; the worker runs it after the commit."""
    from sales.tasks import peppol_transmit_task

    transmission = PeppolTransmission.objects.create(invoice=invoice, backend=settings.PEPPOL_BACKEND)
    transaction.on_commit(lambda: peppol_transmit_task.delay(transmission.pk))
    return transmission


@transaction.atomic
def transmission_run(*, transmission_id: int) -> PeppolTransmission:
    """Hand the UBL to the backend once; a transmission already done is left alone (safe to run twice)."""
    transmission = (
        PeppolTransmission.objects.select_for_update(of=("self",)).select_related("invoice").get(pk=transmission_id)
    )
    if transmission.status not in {TransmissionStatus.QUEUED, TransmissionStatus.FAILED}:
        return transmission
    invoice = transmission.invoice
    backend = import_string(transmission.backend)()
    transmission.attempts += 1
    try:
        with invoice.ubl.open("rb") as handle:
            status, detail = backend.transmit(invoice=invoice, ubl=handle.read())
    except Exception as error:  # a backend's failure is recorded and shown, not lost in a log
        status, detail = TransmissionStatus.FAILED, str(error)[:1000]
    transmission.status, transmission.detail = status, detail
    transmission.save(update_fields=["status", "detail", "attempts", "updated_at"])
    return transmission

"""Zero-rated goods (VAT category Z, 0 %) next to the standard rate on a Belgian B2B invoice: the invoice's
amounts, the PDF the customer reads (in their language, Dutch here) and the Peppol UBL, validated as an access
point does."""

import re
from decimal import Decimal

import pytest
from lxml import etree

from sales.services.lines import document_line_save
from tests.factories import ProductFactory, _vat_category
from tests.pdf_tools import pdf_text
from tests.peppol_tools import ubl_errors

pytestmark = pytest.mark.django_db
D = Decimal
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def texts(root, path: str) -> list[str]:
    return [element.text for element in root.xpath(path, namespaces=NS)]


@pytest.fixture
def newspapers(db):
    """Daily newspapers: zero-rated in Belgium."""
    return ProductFactory(sku="KRANT-30", name_nl="Dagbladen, pak van 30", list_price=D("45.00"),
                          cost_price=D("30.00"), on_hand=D("50"), vat_category=_vat_category("zero"))  # fmt: skip


def test_zero_rated_goods_are_category_z_on_the_pdf_and_in_a_valid_ubl(b2b_customer, assistant, oven, newspapers):
    from sales.services.invoicing import invoice_free_create, invoice_issue

    invoice = invoice_free_create(company=b2b_customer, actor=assistant, customer_reference="PO-2026-0042")
    document_line_save(document=invoice, actor=assistant, product=oven, quantity="1")
    document_line_save(document=invoice, actor=assistant, product=newspapers, quantity="2")
    invoice = invoice_issue(invoice=invoice, actor=assistant)

    # 1.200,00 at 21 % and 90,00 at 0 %: VAT only on the oven.
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (D("1290.00"), D("252.00"), D("1542.00"))
    assert [line.vat_rate for line in invoice.lines.order_by("position")] == [D("21.00"), D("0.00")]

    text = " ".join(pdf_text(read(invoice.pdf)).split())
    assert re.search(r"KRANT-30 Dagbladen, pak van 30 2 \w+ 45,00 € 0 ?% 90,00 €", text)  # the line at 0 %
    assert "Btw 21 % op 1.200,00 € 252,00 €" in text and "Btw 0 % op 90,00 € 0,00 €" in text
    assert "Totaal incl. btw 1.542,00 €" in text
    # Zero-rated goods are no exemption: the invoice carries none of the regimes' mentions.
    assert "art. 39" not in text and "art. 51" not in text

    xml = read(invoice.ubl)
    assert ubl_errors(xml) == []
    root = etree.fromstring(xml)
    subtotals = [
        (
            texts(subtotal, "cac:TaxCategory/cbc:ID"),
            texts(subtotal, "cac:TaxCategory/cbc:Percent"),
            texts(subtotal, "cbc:TaxableAmount"),
            texts(subtotal, "cbc:TaxAmount"),
            texts(subtotal, "cac:TaxCategory/cbc:TaxExemptionReasonCode"),
        )
        for subtotal in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    ]
    assert subtotals == [
        (["S"], ["21.00"], ["1200.00"], ["252.00"], []),
        (["Z"], ["0.00"], ["90.00"], ["0.00"], []),
    ]
    assert texts(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == ["S", "Z"]
    assert texts(root, "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") == ["21.00", "0.00"]
    assert texts(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["1542.00"]

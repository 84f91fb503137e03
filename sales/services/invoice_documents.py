"""The customer's side of invoices and credit notes: the PDF (with the EPC QR code to pay) and the e-mail.

Rendered in the document's language. An issued document's PDF is rendered once, at issue, from the frozen
parties; afterwards it is served from storage, byte for byte.
"""

from decimal import Decimal

import segno.helpers
from django.utils import translation
from django.utils.translation import gettext as _

from customers.models import VatRegime
from orderdesk.mail import Attachment, MailComposition
from orderdesk.models import CompanySettings
from orderdesk.pdf import qr_data_uri, render_pdf
from sales.models import Invoice
from sales.selectors.invoices import invoice_parties, invoice_vat_regime
from sales.services.documents import _line_rows, _mail_document
from sales.services.totals import document_totals
from sales.services.vat import vat_mentions

# EPC069-12: amounts from 0.01 to 999,999,999.99 EUR.
EPC_MAX_AMOUNT = Decimal("999999999.99")


def credit_note_mention() -> str:
    """Credit notes that refund VAT say so (RD no. 1 art. 5)."""
    return _("VAT to be repaid to the State insofar as it was initially deducted.")


def epc_qr_payload(*, seller: dict, amount: Decimal, structured_reference: str) -> segno.QRCode:
    """The EPC QR code of a credit transfer: our IBAN, the amount and the OGM as structured reference."""
    return segno.helpers.make_epc_qr(
        name=seller["name"][:70],
        iban=seller["iban"],
        amount=amount,
        reference=structured_reference,
        bic=seller["bic"] or None,
        encoding="utf-8",
    )


def invoice_context(invoice: Invoice, *, lines=None) -> dict:
    lines = list(invoice.lines.select_related("product")) if lines is None else lines
    parties = invoice_parties(invoice)
    seller = CompanySettings(**parties["seller"])
    seller.logo = CompanySettings.load().logo
    regime = invoice_vat_regime(invoice)
    totals = document_totals(lines=lines, discount_percent=invoice.discount_percent, regime=regime)
    amount_to_pay = invoice.total - invoice.amount_credited if not invoice.is_credit_note else Decimal(0)
    qr = None
    if invoice.structured_reference and seller.iban and 0 < amount_to_pay <= EPC_MAX_AMOUNT:
        qr = epc_qr_payload(
            seller=parties["seller"], amount=amount_to_pay, structured_reference=invoice.structured_reference
        )
        qr = qr_data_uri(qr)
    with translation.override(invoice.language):
        mention = vat_mentions(regime, [row.category for row in totals.per_rate])
        refund = credit_note_mention() if invoice.is_credit_note and invoice.vat_total else ""
    return {
        "company": seller,
        "invoice": invoice,
        "draft": not invoice.number,  # a preview; at issue the number is set before the PDF is made
        "buyer": parties["buyer"],
        "is_private": regime == VatRegime.PRIVATE,
        "rows": _line_rows(lines, invoice.language),
        "totals": totals,
        "vat_mention": mention,
        "refund_mention": refund,
        "deliveries": [link.delivery for link in invoice.invoice_deliveries.select_related("delivery")]
        if invoice.pk
        else [],
        "amount_to_pay": amount_to_pay,
        "qr": qr,
        "language": invoice.language,
    }


def invoice_pdf(invoice: Invoice, *, lines=None) -> bytes:
    return render_pdf("documents/invoice.html", invoice_context(invoice, lines=lines), language=invoice.language)


def invoice_archived_pdf(invoice: Invoice) -> bytes:
    """The PDF the customer received (issued), or a preview marked as draft."""
    if invoice.pdf:
        with invoice.pdf.open("rb") as handle:
            return handle.read()
    return invoice_pdf(invoice)


def invoice_pdf_name(invoice: Invoice) -> str:
    if invoice.number:
        return f"{invoice.number}.pdf"
    if invoice.is_credit_note:
        return _("draft-credit-note-%(id)s.pdf") % {"id": invoice.pk}
    return _("draft-invoice-%(id)s.pdf") % {"id": invoice.pk}


def invoice_mail_context(invoice: Invoice, *, ubl_attached: bool) -> dict:
    return {"invoice": invoice, "contact": invoice.contact, "ubl_attached": ubl_attached}


def invoice_mail_default(invoice: Invoice, *, number: str, sequence: int, today, ubl_attached: bool) -> tuple[str, str]:
    """The subject and text of the mail a draft gets when it is issued today as `number` (the `sequence`-th of
    its series): with the due date and structured communication it will have then."""
    import datetime

    from orderdesk.identifiers import structured_reference_for
    from sales.selectors.invoices import invoice_channel
    from sales.services.documents import _previewed, _with, mail_texts

    values = {"number": number, "issue_date": today, "channel": invoice_channel(invoice)}
    if not invoice.is_credit_note:
        values["due_date"] = today + datetime.timedelta(days=invoice.payment_days)
        values["structured_reference"] = structured_reference_for(year=today.year, sequence=sequence)
    return mail_texts(subject_template="sales/mail/invoice_subject.txt", body_template="sales/mail/invoice.txt",
                      context={**invoice_mail_context(_with(invoice, **values), ubl_attached=ubl_attached),
                               "contact": _previewed(invoice.contact)},
                      language=invoice.language)  # fmt: skip


def invoice_mail(*, invoice: Invoice, pdf: bytes, ubl: bytes | None, to: list[str], actor,
                 composition: MailComposition | None = None) -> None:  # fmt: skip
    attachments = [Attachment(f"{invoice.number}.pdf", pdf, "application/pdf")]
    if ubl is not None:
        attachments.append(Attachment(f"{invoice.number}.xml", ubl, "application/xml"))
    _mail_document(
        document=invoice,
        to=to,
        subject_template="sales/mail/invoice_subject.txt",
        body_template="sales/mail/invoice.txt",
        context=invoice_mail_context(invoice, ubl_attached=ubl is not None),
        attachments=attachments,
        actor=actor,
        composition=composition,
    )

"""The customer-facing side of sales documents: one context builder and one template per PDF, and the e-mails.

Everything here renders in the document's language (the customer's), never the user's.
"""

import copy as copy_module
import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customers.models import VatRegime
from orderdesk.exceptions import DomainError
from orderdesk.mail import PERSONAL_LINK, Attachment, MailComposition, mail_queue, render_text
from orderdesk.models import OutboxMessage
from orderdesk.pdf import render_pdf
from sales.models import DeliveryNote, Invoice, Order, Quote, QuoteRevision, SupplierOrder
from sales.services.totals import document_totals
from sales.states import InvoiceStatus, OrderStatus, QuoteStatus

QUOTE_LINK_SALT = "sales.quote-link"
# A PDF of a document in these states is a preview: it carries the DRAFT marking.
QUOTE_BEFORE_SENT = {QuoteStatus.DRAFT, QuoteStatus.AWAITING_APPROVAL, QuoteStatus.APPROVED}
ORDER_BEFORE_CONFIRMED = {OrderStatus.DRAFT, OrderStatus.ON_HOLD}


def vat_mention(regime: str) -> str:
    """The legal mention a zero-rated quote or order carries (in the active language); invoices say it per VAT
    category (sales.services.vat)."""
    from sales.services.vat import EXPORT, INTRA_COMMUNITY, REVERSE_CHARGE, exemption_mention

    category = {VatRegime.INTRA_EU: INTRA_COMMUNITY, VatRegime.NON_EU: EXPORT, VatRegime.REVERSE_CHARGE: REVERSE_CHARGE}
    return exemption_mention(regime, category.get(regime, ""))


def _customer_block(document) -> dict:
    from orderdesk.models import CompanySettings

    return {
        "customer": document.company,
        "contact": document.contact,
        "language": document.language,
        "general_conditions": CompanySettings.load().terms_for(document.language),
        "issued_on": timezone.localdate(),
    }


def _line_rows(lines, language: str) -> list[dict]:
    rows = []
    for line in lines:
        fallback = False
        if line.product_id and line.description == line.product.name_nl and language != "nl":
            # The catalog had no translation when the line was added: say so instead of hiding it.
            fallback = line.product.text("name", language)[1]
        rows.append({"line": line, "fallback": fallback})
    return rows


# --- quotes ------------------------------------------------------------------------------------------------------


def quote_context(quote: Quote) -> dict:
    lines = list(quote.lines.select_related("product"))
    return {
        **_customer_block(quote),
        "quote": quote,
        "draft": quote.status in QUOTE_BEFORE_SENT,
        "rows": _line_rows(lines, quote.language),
        "totals": document_totals(lines=lines, discount_percent=quote.discount_percent),
        "vat_mention": _in_language(quote.language, vat_mention, quote.company.vat_regime),
        "issued_on": timezone.localtime(quote.sent_at).date() if quote.sent_at else timezone.localdate(),
    }


def quote_pdf(quote: Quote) -> bytes:
    return render_pdf("documents/quote.html", quote_context(quote), language=quote.language)


def quote_link_expires(valid_until: datetime.date) -> datetime.date:
    """The last day a link opens: some weeks after the quote's validity, so the customer can still read it."""
    return valid_until + datetime.timedelta(days=settings.QUOTE_LINK_DAYS_AFTER_VALIDITY)


def quote_link_token(quote: Quote) -> str:
    """The signed part of the customer's link: which quote, which revision and until when; nothing to change."""
    # Made from the quote alone (no signing time), so the link on the quote's page is the very link the customer
    # received. Revocation and a newer revision are read from the quote; the expiry travels in the link.
    data = {"quote": quote.pk, "revision": quote.revision, "expires": quote_link_expires(quote.valid_until).isoformat()}
    return signing.Signer(salt=QUOTE_LINK_SALT).sign_object(data)


def quote_link_url(quote: Quote) -> str:
    return settings.SITE_URL + reverse("quote-public", args=[quote_link_token(quote)])


def quote_link_read(token: str) -> tuple[int, int, datetime.date | None]:
    """(quote id, revision, last day) from a link; a changed or made-up token is refused."""
    try:
        data = signing.Signer(salt=QUOTE_LINK_SALT).unsign_object(token)
        expires = datetime.date.fromisoformat(data["expires"]) if data.get("expires") else None
        return int(data["quote"]), int(data["revision"]), expires
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        raise DomainError(_("This link is not valid. Ask us for a new one.")) from None


def quote_revision_context(revision: QuoteRevision) -> dict:
    """What the customer's link shows: the revision exactly as it was sent, never later changes to the draft."""
    quote, content = revision.quote, revision.content
    lines = [
        SimpleNamespace(
            description=line["description"],
            sku=line["sku"],
            quantity=Decimal(line["quantity"]),
            unit_price=Decimal(line["unit_price"]),
            discount_percent=Decimal(line["discount_percent"]),
            vat_rate=Decimal(line["vat_rate"]),
            net_amount=Decimal(line["net_amount"]),
        )
        for line in content["lines"]
    ]
    reference = quote.number if revision.revision == 1 else f"{quote.number} rev {revision.revision}"
    return {
        **_customer_block(quote),
        "quote": quote,
        "reference": reference,
        "valid_until": datetime.date.fromisoformat(content["valid_until"]),
        "terms": SimpleNamespace(**content["terms"]),
        "rows": [{"line": line, "fallback": False} for line in lines],
        "totals": document_totals(lines=lines, discount_percent=Decimal(content["discount_percent"])),
        "vat_mention": _in_language(quote.language, vat_mention, quote.company.vat_regime),
        "issued_on": timezone.localtime(revision.sent_at).date(),
    }


def quote_revision_freeze(*, quote: Quote, actor, pdf: bytes) -> QuoteRevision:
    """Keep what the customer receives: the lines and totals as data, and the PDF with its hash."""
    content = {
        "valid_until": quote.valid_until.isoformat(),
        "discount_percent": str(quote.discount_percent),
        "net_total": str(quote.net_total),
        "vat_total": str(quote.vat_total),
        "total": str(quote.total),
        "terms": {
            name: getattr(quote, name)
            for name in ("delivery_terms", "payment_terms", "warranty_terms", "return_terms", "introduction")
        },  # fmt: skip
        "lines": [
            {
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price),
                "discount_percent": str(line.discount_percent),
                "vat_rate": str(line.vat_rate),
                "net_amount": str(line.net_amount),
            }
            for line in quote.lines.all()
        ],
    }
    revision = QuoteRevision(
        quote=quote,
        revision=quote.revision,
        content=content,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        sent_by=actor,
        sent_at=timezone.now(),
    )
    revision.pdf.save(f"{quote.number}-rev{quote.revision}.pdf", _content_file(pdf), save=False)
    revision.save()
    return revision


def quote_mail_context(quote: Quote) -> dict:
    return {"quote": quote, "link": quote_link_url(quote), "contact": quote.contact}


def quote_pdf_name(quote: Quote) -> str:
    """The PDF's file name: the number (and revision), or for a draft never numbered "draft-quote-12.pdf"."""
    if not quote.number:
        return _("draft-quote-%(id)s.pdf") % {"id": quote.pk}
    return f"{quote.reference.replace(' ', '-')}.pdf"


def order_pdf_name(order: Order) -> str:
    return f"{order.number}.pdf" if order.number else _("draft-order-%(id)s.pdf") % {"id": order.pk}


def quote_mail_default(quote: Quote, *, number: str) -> tuple[str, str]:
    """The subject and text the quote mail gets when the quote is sent under `number`."""
    return mail_texts(subject_template="sales/mail/quote_subject.txt", body_template="sales/mail/quote.txt",
                      context={**quote_mail_context(_with(quote, number=number)), "contact": _previewed(quote.contact)},
                      language=quote.language)  # fmt: skip


def quote_mail(*, quote: Quote, pdf: bytes, to: list[str], actor, composition: MailComposition | None = None) -> None:
    _mail_document(
        document=quote,
        to=to,
        subject_template="sales/mail/quote_subject.txt",
        body_template="sales/mail/quote.txt",
        context=quote_mail_context(quote),
        attachments=[Attachment(quote_pdf_name(quote), pdf, "application/pdf")],
        actor=actor,
        audience=OutboxMessage.Audience.HANDLERS,  # the customer's signed link: not for who only reads quotes
        composition=composition,
    )


# --- orders, deliveries, supplier orders -----------------------------------------------------------------------


def order_context(order: Order) -> dict:
    lines = list(order.lines.select_related("product"))
    return {
        **_customer_block(order),
        "order": order,
        "draft": order.status in ORDER_BEFORE_CONFIRMED,
        "rows": _line_rows(lines, order.language),
        "totals": document_totals(lines=lines, discount_percent=order.discount_percent),
        "vat_mention": _in_language(order.language, vat_mention, order.company.vat_regime),
        "delivery_address": order_delivery_address(order),
    }


def order_confirmation_pdf(order: Order) -> bytes:
    return render_pdf("documents/order_confirmation.html", order_context(order), language=order.language)


def order_delivery_address(order: Order) -> str:
    address = order.delivery_address
    if address is not None:
        lines = [address.label, address.street, f"{address.postal_code} {address.city}"]
        if address.country != "BE":
            lines.append(str(address.country))
        if address.instructions:
            lines.append(address.instructions)
        return "\n".join(line for line in lines if line)
    company = order.company
    lines = [company.display_name, company.street, f"{company.postal_code} {company.city}".strip()]
    if company.country != "BE":
        lines.append(str(company.country))
    return "\n".join(line for line in lines if line)


def order_mail_default(order: Order, *, number: str) -> tuple[str, str]:
    """The subject and text of the confirmation mail when the order is confirmed under `number`."""
    return mail_texts(subject_template="sales/mail/order_subject.txt", body_template="sales/mail/order.txt",
                      context={"order": _with(order, number=number), "contact": _previewed(order.contact),
                               "change": ""},
                      language=order.language)  # fmt: skip


def order_confirmation_mail(*, order: Order, to: list[str], actor, change: str = "",
                            composition: MailComposition | None = None) -> None:  # fmt: skip
    pdf = order_confirmation_pdf(order)
    _mail_document(
        document=order,
        to=to,
        subject_template="sales/mail/order_subject.txt",
        body_template="sales/mail/order.txt",
        context={"order": order, "contact": order.contact, "change": change},
        attachments=[Attachment(f"{order.number}.pdf", pdf, "application/pdf")],
        actor=actor,
        composition=composition,
    )


def delivery_context(note: DeliveryNote) -> dict:
    order = note.order
    lines = list(note.lines.select_related("order_line__product"))
    usage = []
    for line in lines:
        product = line.order_line.product
        if product is not None:
            text, fallback = product.text("usage", order.language)
            if text:
                usage.append({"product": product, "name": product.name_in(order.language), "text": text,
                              "fallback": fallback})  # fmt: skip
    return {**_customer_block(order), "note": note, "order": order, "lines": lines, "usage": usage}


def delivery_note_pdf(note: DeliveryNote) -> bytes:
    return render_pdf("documents/delivery_note.html", delivery_context(note), language=note.order.language)


def delivery_mail_default(order: Order, *, number: str, quantities: dict[int, Decimal]) -> tuple[str, str]:
    """The subject and text of the delivery mail when the note `number` ships `quantities` ({order line id: quantity})
    of `order`: what is still to deliver after it, as the note will say."""
    lines = []
    for line in order.lines.all():
        if line.pk in quantities:
            remaining = line.quantity_open - quantities[line.pk]
            lines.append(SimpleNamespace(order_line=line, quantity=quantities[line.pk], quantity_remaining=remaining))
    note = SimpleNamespace(number=number, shipped_on=timezone.localdate(), lines=SimpleNamespace(all=lambda: lines))
    return mail_texts(subject_template="sales/mail/delivery_subject.txt", body_template="sales/mail/delivery.txt",
                      context={"note": note, "order": order, "contact": _previewed(order.contact)},
                      language=order.language)  # fmt: skip


def delivery_mail(*, note: DeliveryNote, to: list[str], actor, composition: MailComposition | None = None) -> None:
    order = note.order
    attachments = [Attachment(f"{note.number}.pdf", delivery_note_pdf(note), "application/pdf")]
    # The product documents (manuals, datasheets) in the customer's language, or without a language.
    seen = set()
    for line in note.lines.select_related("order_line__product"):
        product = line.order_line.product
        if product is None or product.pk in seen:
            continue
        seen.add(product.pk)
        for document in product.documents.filter(language__in=[order.language, ""]):
            with document.file.open("rb") as handle:
                name = document.original_name or document.file.name.rsplit("/", 1)[-1]  # stored under a random name
                attachments.append(Attachment(name, handle.read()))
    _mail_document(
        document=note,
        to=to,
        subject_template="sales/mail/delivery_subject.txt",
        body_template="sales/mail/delivery.txt",
        context={"note": note, "order": order, "contact": order.contact},
        attachments=attachments,
        actor=actor,
        language=order.language,
        composition=composition,
    )


def supplier_order_pdf(supplier_order: SupplierOrder) -> bytes:
    lines = list(supplier_order.lines.select_related("product"))
    # Purchase orders go to Belgian suppliers in the company's own language.
    return render_pdf(
        "documents/supplier_order.html", {"supplier_order": supplier_order, "lines": lines}, language="nl"
    )


# --- by number, for reprints -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedDocument:
    number: str
    language: str
    pdf: bytes


def document_pdf_by_number(number: str, *, language: str | None = None) -> RenderedDocument:
    """Any document's PDF as it would be sent, found by its number ("Q2026-000001 rev 2" names a revision).

    Issued invoices and credit notes, like sent revisions, are the archived PDF byte for byte: `language` does
    not apply to them."""
    number = number.strip()
    if not number:  # drafts have no number: an empty one must not find one
        raise DomainError(_("No document has the number %(number)s.") % {"number": '""'})
    base, _sep, revision = number.partition(" rev ")
    quote = Quote.objects.filter(number=base).first()
    if quote is not None:
        if revision and int(revision) != quote.revision:
            frozen = quote.revisions.filter(revision=int(revision)).first()
            if frozen is None:
                message = _("%(number)s has no revision %(revision)s.")
                raise DomainError(message % {"number": base, "revision": revision})
            with frozen.pdf.open("rb") as handle:
                return RenderedDocument(number, quote.language, handle.read())
        return _rendered(number, quote, quote_pdf, language)
    order = Order.objects.filter(number=number).first()
    if order is not None:
        return _rendered(number, order, order_confirmation_pdf, language)
    note = DeliveryNote.objects.filter(number=number).select_related("order").first()
    if note is not None:
        return _rendered(number, note, delivery_note_pdf, language, owner=note.order)
    supplier_order = SupplierOrder.objects.filter(number=number).first()
    if supplier_order is not None:
        return RenderedDocument(number, "nl", supplier_order_pdf(supplier_order))
    # An issued invoice or credit note exists only as it was archived at issue, in its own language; a draft has
    # no number, so it is never found here.
    invoice = Invoice.objects.filter(number=number).exclude(status=InvoiceStatus.DRAFT).first()
    if invoice is not None:
        with invoice.pdf.open("rb") as handle:
            return RenderedDocument(number, invoice.language, handle.read())
    raise DomainError(_("No document has the number %(number)s.") % {"number": number})


def _rendered(number, document, render, language, owner=None) -> RenderedDocument:
    owner = owner or document
    if language:
        owner.language = language
    return RenderedDocument(number, owner.language, render(document))


# --- helpers -----------------------------------------------------------------------------------------------------


def _in_language(language: str, function, *args):
    with translation.override(language):
        return function(*args)


def _content_file(content: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(content)


def _with(document, **values):
    """A copy of a document as it will be once issued (its provisional number...), to render a mail before."""
    copy = copy_module.copy(document)
    for name, value in values.items():
        setattr(copy, name, value)
    return copy


def _previewed(contact):
    """The contact as a mail shown before it leaves sees them: its personal portal link, made (written) only when the
    mail really leaves, shows as the placeholder `PERSONAL_LINK`."""
    return _with(contact, link_preview=True) if contact is not None else None


def _personal_link_filled(body: str, contact) -> str:
    """A composed text with the placeholder kept: the contact's link in its place (made now), or without the
    placeholder's line when they can have none any more."""
    if PERSONAL_LINK not in body:
        return body
    url = render_text("sales/mail/_personal_link.txt", {"contact": contact}).strip()
    if url:
        return body.replace(PERSONAL_LINK, url)
    return "\n".join(line for line in body.split("\n") if PERSONAL_LINK not in line)


def mail_texts(*, subject_template: str, body_template: str, context: dict, language: str) -> tuple[str, str]:
    """The default subject and body of a document mail, in the customer's language."""
    from orderdesk.models import CompanySettings

    context = {**context, "company": CompanySettings.load()}
    with translation.override(language):
        return render_text(subject_template, context).strip(), render_text(body_template, context)


def _mail_document(*, document, to, subject_template, body_template, context, attachments, actor, language=None,
                   audience: str = "documents", composition: MailComposition | None = None):  # fmt: skip
    """Queue a document mail: the default texts, or what the user wrote in the composer (`composition`)."""
    language = language or document.language
    subject, body = mail_texts(subject_template=subject_template, body_template=body_template, context=context,
                               language=language)  # fmt: skip
    cc = []
    if composition is not None:
        composition = composition.renumbered(composition.number_shown, document.number)
        to = composition.to if composition.to is not None else to
        cc = composition.cc if composition.cc is not None else cc
        subject = composition.subject if composition.subject is not None else subject
        if composition.body is not None:
            body = _personal_link_filled(composition.body, context.get("contact"))
        if not to:
            raise ValidationError({"to": _("Give at least one address to send the e-mail to.")})
        if not subject.strip():
            raise ValidationError({"subject": _("The e-mail needs a subject.")})
    mail_queue(
        to=to,
        subject=subject,
        body=body,
        language=language,
        cc=cc,
        attachments=attachments,
        related=document,
        actor=actor,
        audience=audience,
    )


def document_recipients(document) -> list[str]:
    """Where a document goes: the contact on it, else the company's general address."""
    contact, company = document.contact, document.company
    address = (contact.email if contact is not None and contact.email else "") or company.email
    if not address:
        raise DomainError(
            _("%(company)s has no e-mail address: add one to the contact or the company first.")
            % {"company": company.name}
        )
    return [address]

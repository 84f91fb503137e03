"""What the customer's page reads: only this customer's documents, and only what a customer may see."""

import datetime
from decimal import Decimal

import segno.helpers
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from complaints.models import Complaint
from complaints.states import COMPLAINT_OPEN
from customers.models import Company
from orderdesk.models import CompanySettings
from portal.models import PortalAccess, PortalRequest
from sales.models import DeliveryLine, DeliveryNote, Invoice, Order, OrderLine, ProductDocument, Quote
from sales.services.customer_statements import statement_context
from sales.services.invoice_documents import EPC_MAX_AMOUNT, epc_qr_payload
from sales.states import InvoiceStatus, OrderStatus, QuoteStatus

LIST_SIZE = 30


def portal_quotes(company: Company) -> QuerySet[Quote]:
    """Open quotes (sent, waiting for an answer) first, then the recently answered ones."""
    return Quote.objects.filter(company=company, revisions__isnull=False).exclude(number="").distinct()


def portal_open_quotes(company: Company) -> QuerySet[Quote]:
    return portal_quotes(company).filter(status=QuoteStatus.SENT).order_by("valid_until", "pk")


def portal_orders(company: Company) -> QuerySet[Order]:
    return (
        Order.objects.filter(company=company)
        .exclude(status__in=[OrderStatus.DRAFT, OrderStatus.CANCELLED])
        .exclude(number="")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("product", "order")))
        .order_by("-created_at", "-pk")
    )


def portal_deliveries(company: Company) -> QuerySet[DeliveryNote]:
    return (
        DeliveryNote.objects.filter(order__company=company)
        .select_related("order")
        .prefetch_related(
            Prefetch("lines", queryset=DeliveryLine.objects.select_related("order_line__product")),
        )
        .order_by("-shipped_on", "-pk")
    )


def portal_invoices(company: Company) -> QuerySet[Invoice]:
    """Issued invoices and credit notes (never a draft)."""
    return Invoice.objects.filter(company=company).exclude(status=InvoiceStatus.DRAFT).exclude(number="")


def portal_complaints(company: Company) -> QuerySet[Complaint]:
    return Complaint.objects.filter(company=company).order_by("-received_at", "-pk")


def usage_documents(note: DeliveryNote, language: str) -> list[ProductDocument]:
    """The product documents (manuals, data sheets) of what was delivered, in the customer's language or none."""
    product_ids = {line.order_line.product_id for line in note.lines.all() if line.order_line.product_id}
    return list(ProductDocument.objects.filter(product_id__in=product_ids, language__in=[language, ""]))


def statement_qr(*, items: list, balance: Decimal) -> str | None:
    """One EPC QR code to pay the whole open total: with the invoice's structured communication when a single
    invoice is open, else the invoice numbers as text."""
    seller = CompanySettings.load()
    if not seller.iban or not (0 < balance <= EPC_MAX_AMOUNT):
        return None
    seller_data = {"name": seller.name or "", "iban": seller.iban, "bic": seller.bic}
    invoices = [item for item in items if not item.is_credit_note and item.signed_open > 0]
    if len(invoices) == 1 and invoices[0].structured_reference and len(items) == 1:
        qr = epc_qr_payload(seller=seller_data, amount=balance, structured_reference=invoices[0].structured_reference)
    else:
        text = " ".join(item.number for item in items)[:140]
        qr = segno.helpers.make_epc_qr(name=seller_data["name"][:70], iban=seller.iban, amount=balance, text=text,
                                       bic=seller.bic or None, encoding="utf-8")  # fmt: skip
    return qr.svg_data_uri(scale=3, border=2)


def portal_page(*, access: PortalAccess, today: datetime.date) -> dict:
    company = access.company
    statement = statement_context(company=company, today=today)
    language = access.contact.language
    deliveries = list(portal_deliveries(company)[:LIST_SIZE])
    for note in deliveries:
        note.usage_documents = usage_documents(note, language)
    return {
        "open_quotes": list(portal_open_quotes(company)),
        "answered_quotes": list(
            portal_quotes(company)
            .filter(status__in=[QuoteStatus.ACCEPTED, QuoteStatus.ORDERED, QuoteStatus.DECLINED])
            .order_by("-answered_at", "-pk")[:5]
        ),  # fmt: skip
        "orders": list(portal_orders(company)[:LIST_SIZE]),
        "deliveries": deliveries,
        "invoices": list(portal_invoices(company).order_by("-issue_date", "-pk")[:LIST_SIZE]),
        "statement": statement,
        "statement_qr": statement_qr(items=statement["items"], balance=statement["balance"]),
        "complaints": list(portal_complaints(company)[:LIST_SIZE]),
        "promises_waiting": set(
            PortalRequest.objects.filter(
                company=company, kind=PortalRequest.Kind.PROMISE, state=PortalRequest.State.OPEN
            ).values_list("document_id", flat=True)
        ),  # fmt: skip
    }


# --- for the assistant ---------------------------------------------------------------------------------------------


def portal_last_used(company: Company) -> datetime.datetime | None:
    return (
        PortalAccess.objects.filter(company=company, last_used_at__isnull=False)
        .order_by("-last_used_at")
        .values_list("last_used_at", flat=True)
        .first()
    )


def portal_requests_for(company: Company) -> QuerySet[PortalRequest]:
    return (
        PortalRequest.objects.filter(company=company)
        .select_related("contact", "complaint", "task", "handled_by")
        .prefetch_related("photos")
        .order_by("-created_at", "-pk")
    )


def portal_work_for(user) -> QuerySet[PortalRequest]:
    """What came from the portal for this user: open questions and payment dates, problems whose complaint is still
    open, and quote answers of the last week."""
    week_ago = timezone.now() - datetime.timedelta(days=7)
    mine = Q(task__assignee=user) | Q(complaint__assignee=user) | Q(company__owner=user)
    waiting = (
        Q(state=PortalRequest.State.OPEN, kind__in=[PortalRequest.Kind.QUESTION, PortalRequest.Kind.PROMISE])
        | Q(kind=PortalRequest.Kind.PROBLEM, complaint__status__in=COMPLAINT_OPEN)
        | Q(kind__in=[PortalRequest.Kind.QUOTE_ACCEPTED, PortalRequest.Kind.QUOTE_DECLINED], created_at__gte=week_ago)
    )
    return PortalRequest.objects.filter(mine, waiting).select_related("company", "complaint").order_by("-created_at")

"""The state machines of the sales documents: the states and, per state, where a document may go next.

Every change goes through the document's `<doc>_transition` in the services, which checks these tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    QUOTED = "quoted", _("Quoted")
    CLOSED = "closed", _("Closed without quote")


PRICE_REQUEST_TRANSITIONS = {
    PriceRequestStatus.OPEN: {PriceRequestStatus.QUOTED, PriceRequestStatus.CLOSED},
    PriceRequestStatus.CLOSED: {PriceRequestStatus.OPEN},
}


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    ORDERED = "ordered", _("Ordered")
    CANCELLED = "cancelled", _("Cancelled")


QUOTE_EDITABLE = {QuoteStatus.DRAFT}
QUOTE_TRANSITIONS = {
    QuoteStatus.DRAFT: {QuoteStatus.AWAITING_APPROVAL, QuoteStatus.SENT, QuoteStatus.CANCELLED},
    # A refusal sends the quote back to draft with the manager's comment.
    QuoteStatus.AWAITING_APPROVAL: {QuoteStatus.APPROVED, QuoteStatus.DRAFT, QuoteStatus.CANCELLED},
    QuoteStatus.APPROVED: {QuoteStatus.SENT, QuoteStatus.DRAFT, QuoteStatus.CANCELLED},
    # Back to draft from a sent, declined or expired quote is a new revision.
    QuoteStatus.SENT: {
        QuoteStatus.ACCEPTED,
        QuoteStatus.DECLINED,
        QuoteStatus.EXPIRED,
        QuoteStatus.DRAFT,
        QuoteStatus.CANCELLED,
    },
    QuoteStatus.DECLINED: {QuoteStatus.DRAFT},
    QuoteStatus.EXPIRED: {QuoteStatus.DRAFT},
    QuoteStatus.ACCEPTED: {QuoteStatus.ORDERED, QuoteStatus.CANCELLED},
}


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ON_HOLD = "on_hold", _("On hold")
    CONFIRMED = "confirmed", _("Confirmed")
    PARTIALLY_DELIVERED = "partially_delivered", _("Partially delivered")
    DELIVERED = "delivered", _("Delivered")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


ORDER_EDITABLE = {OrderStatus.DRAFT}
# Orders whose goods are promised to the customer: they hold reservations and count in the credit exposure.
ORDER_OPEN = {OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_DELIVERED}
# Orders a draft invoice can be made of.
ORDER_INVOICEABLE = {OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_DELIVERED, OrderStatus.DELIVERED}
ORDER_TRANSITIONS = {
    OrderStatus.DRAFT: {OrderStatus.ON_HOLD, OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.ON_HOLD: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    # An order of services only is invoiced without a delivery.
    OrderStatus.CONFIRMED: {
        OrderStatus.PARTIALLY_DELIVERED,
        OrderStatus.DELIVERED,
        OrderStatus.INVOICED,
        OrderStatus.CANCELLED,
    },
    OrderStatus.PARTIALLY_DELIVERED: {OrderStatus.DELIVERED},
    OrderStatus.DELIVERED: {OrderStatus.INVOICED},
}


class DeliveryStatus(models.TextChoices):
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")


DELIVERY_TRANSITIONS = {DeliveryStatus.SHIPPED: {DeliveryStatus.DELIVERED}}


class SupplierOrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    PARTIALLY_RECEIVED = "partially_received", _("Partially received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


SUPPLIER_ORDER_TRANSITIONS = {
    SupplierOrderStatus.ORDERED: {
        SupplierOrderStatus.PARTIALLY_RECEIVED,
        SupplierOrderStatus.RECEIVED,
        SupplierOrderStatus.CANCELLED,
    },
    SupplierOrderStatus.PARTIALLY_RECEIVED: {SupplierOrderStatus.RECEIVED},
}


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    CREDITED = "credited", _("Credited")


INVOICE_EDITABLE = {InvoiceStatus.DRAFT}
# Issued invoices (and credit notes) with money still to receive (or to refund).
INVOICE_OPEN = {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID}
_SETTLED = {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID, InvoiceStatus.CREDITED}
# After issue the status only follows the money (payments and credit notes), both ways: a payment can be
# reversed. Nothing goes back to draft.
INVOICE_TRANSITIONS = {
    InvoiceStatus.DRAFT: {InvoiceStatus.ISSUED},
    **{status: _SETTLED - {status} for status in _SETTLED},
}


class HandOver(models.TextChoices):
    """Who takes over an unpaid invoice when reminders are done."""

    ACCOUNTING = "accounting", _("Accounting")
    COLLECTIONS = "collections", _("Collection agency")
    LEGAL = "legal", _("Legal (lawyer or bailiff)")


class TransmissionStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    STORED = "stored", _("Stored, ready to download")
    SENT = "sent", _("Sent to the access point")
    DELIVERED = "delivered", _("Delivered to the customer")
    FAILED = "failed", _("Failed")
    SENDING = "sending", _("Sending")


# The customer's Invoice Response (Peppol BIS Invoice Response 3.0, UNCL 4343 subset): what the buyer's software
# answered about an invoice we sent. RE needs the assistant; PD says the customer considers it paid.
class InvoiceResponse(models.TextChoices):
    AB = "AB", _("Received by the customer")
    IP = "IP", _("In process at the customer")
    UQ = "UQ", _("Under query by the customer")
    CA = "CA", _("Conditionally accepted")
    RE = "RE", _("Rejected by the customer")
    AP = "AP", _("Accepted by the customer")
    PD = "PD", _("Paid, says the customer")


class PeppolReach(models.TextChoices):
    """Whether a Peppol id is reachable on the network for our documents (BIS Billing 3.0 invoice and credit note)."""

    REACHABLE = "reachable", _("Registered on Peppol, receives invoices and credit notes")
    PARTIAL = "partial", _("Registered on Peppol, but not for BIS Billing 3.0 invoices and credit notes")
    NOT_REGISTERED = "unregistered", _("Not registered on Peppol")
    UNKNOWN = "unknown", _("Unknown: the access point could not be asked")


# Groups of statuses the dashboard counts and the lists behind its figures filter on: one definition for both.
QUOTE_STAGES = {
    "open": [QuoteStatus.DRAFT, QuoteStatus.AWAITING_APPROVAL, QuoteStatus.APPROVED, QuoteStatus.SENT],
    "pipeline": [QuoteStatus.AWAITING_APPROVAL, QuoteStatus.APPROVED, QuoteStatus.SENT],
    "won": [QuoteStatus.ACCEPTED, QuoteStatus.ORDERED],
    "lost": [QuoteStatus.DECLINED, QuoteStatus.EXPIRED],
}
ORDER_STAGES = {
    "open": [OrderStatus.DRAFT, OrderStatus.ON_HOLD, OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_DELIVERED],
    "booked": [OrderStatus.ON_HOLD, OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_DELIVERED, OrderStatus.DELIVERED,
               OrderStatus.INVOICED],
}  # fmt: skip

from .bank import BankLine, BankStatement, CompanyBankAccount
from .catalog import (
    Category,
    IncomingStock,
    MarketNote,
    Product,
    ProductDocument,
    ProductNote,
    ProductSpec,
    VatCategory,
    VatRate,
)
from .deliveries import DeliveryLine, DeliveryNote
from .exports import InvoiceExport, InvoiceExportChunk, InvoiceExportStatus
from .invoices import Invoice, InvoiceDelivery, InvoiceLine, PeppolTransmission
from .orders import Order, OrderLine
from .payments import Payment, PaymentAllocation
from .peppol import PeppolEvent, PeppolParticipant, PeppolWebhookCall
from .pricing import DiscountAuthority, PriceList, PriceListItem, Promotion, QuantityBreak
from .purchasing import SupplierOrder, SupplierOrderLine
from .quotes import PriceRequest, Quote, QuoteLine, QuoteRevision
from .reminders import LatePaymentRate, PaymentPromise, Reminder, ReminderLevel, ReminderRun

__all__ = [
    "BankLine",
    "BankStatement",
    "Category",
    "CompanyBankAccount",
    "DeliveryLine",
    "DeliveryNote",
    "DiscountAuthority",
    "IncomingStock",
    "Invoice",
    "InvoiceDelivery",
    "InvoiceExport",
    "InvoiceExportChunk",
    "InvoiceExportStatus",
    "InvoiceLine",
    "LatePaymentRate",
    "MarketNote",
    "Order",
    "OrderLine",
    "Payment",
    "PaymentAllocation",
    "PaymentPromise",
    "PeppolEvent",
    "PeppolParticipant",
    "PeppolTransmission",
    "PeppolWebhookCall",
    "PriceList",
    "PriceListItem",
    "PriceRequest",
    "Product",
    "ProductDocument",
    "ProductNote",
    "ProductSpec",
    "Promotion",
    "QuantityBreak",
    "Quote",
    "QuoteLine",
    "QuoteRevision",
    "Reminder",
    "ReminderLevel",
    "ReminderRun",
    "SupplierOrder",
    "SupplierOrderLine",
    "VatCategory",
    "VatRate",
]

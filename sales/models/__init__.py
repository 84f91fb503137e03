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
from .invoices import Invoice, InvoiceDelivery, InvoiceLine, PeppolTransmission
from .orders import Order, OrderLine
from .payments import Payment, PaymentAllocation
from .pricing import DiscountAuthority, PriceList, PriceListItem, Promotion, QuantityBreak
from .purchasing import SupplierOrder, SupplierOrderLine
from .quotes import PriceRequest, Quote, QuoteLine, QuoteRevision

__all__ = [
    "Category",
    "DeliveryLine",
    "DeliveryNote",
    "DiscountAuthority",
    "IncomingStock",
    "Invoice",
    "InvoiceDelivery",
    "InvoiceLine",
    "MarketNote",
    "Order",
    "OrderLine",
    "Payment",
    "PaymentAllocation",
    "PeppolTransmission",
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
    "SupplierOrder",
    "SupplierOrderLine",
    "VatCategory",
    "VatRate",
]

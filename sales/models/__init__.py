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
from .pricing import DiscountAuthority, PriceList, PriceListItem, Promotion, QuantityBreak

__all__ = [
    "Category",
    "DiscountAuthority",
    "IncomingStock",
    "MarketNote",
    "PriceList",
    "PriceListItem",
    "Product",
    "ProductDocument",
    "ProductNote",
    "ProductSpec",
    "Promotion",
    "QuantityBreak",
    "VatCategory",
    "VatRate",
]

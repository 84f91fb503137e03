"""The price check on the phone: what this customer pays for a quantity of a product, in total, whether it is there,
and what could replace it. The same answers as the product page and the line editor (`price_for`,
`availability_for`)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from customers.models import Company
from orderdesk.exceptions import DomainError
from sales.models import Product, Quote
from sales.services.availability import Availability, availability_for
from sales.services.pricing import PriceAnswer, price_for
from sales.services.totals import line_net
from sales.states import QuoteStatus

OPEN_QUOTES = 5


@dataclass
class PriceCheck:
    product: Product
    quantity: Decimal
    customer: Company | None
    price: PriceAnswer | None
    price_error: str
    availability: Availability
    substitutes: list[dict] = field(default_factory=list)  # {"product", "availability", "price" (or None)}

    @property
    def total(self) -> Decimal | None:
        """Quantity × the customer's price, excl. VAT, rounded as a quote line is."""
        if self.price is None:
            return None
        return line_net(quantity=self.quantity, unit_price=self.price.unit_price, discount_percent=0)


def price_or_none(*, product: Product, quantity: Decimal, today: datetime.date, customer) -> PriceAnswer | None:
    """The customer's price, or None when the catalog cannot give one (no list price yet)."""
    try:
        return price_for(product=product, quantity=quantity, date=today, customer=customer)
    except DomainError:
        return None


def price_check(*, product: Product, quantity: Decimal, customer: Company | None, today: datetime.date) -> PriceCheck:
    price, price_error = None, ""
    try:
        price = price_for(product=product, quantity=quantity, date=today, customer=customer)
    except DomainError as error:
        price_error = str(error)
    substitutes = [
        {
            "product": substitute,
            "availability": availability_for(product=substitute, quantity=quantity, today=today),
            "price": price_or_none(product=substitute, quantity=quantity, today=today, customer=customer),
        }
        for substitute in product.substitutes.filter(is_active=True).prefetch_related("incoming")
    ]
    return PriceCheck(
        product=product, quantity=quantity, customer=customer, price=price, price_error=price_error,
        availability=availability_for(product=product, quantity=quantity, today=today), substitutes=substitutes,
    )  # fmt: skip


def quotes_open_for(*, company: Company) -> QuerySet[Quote]:
    """The customer's draft quotes a line can still go on, the newest first."""
    return Quote.objects.filter(company=company, status=QuoteStatus.DRAFT).order_by("-created_at", "-pk")[:OPEN_QUOTES]

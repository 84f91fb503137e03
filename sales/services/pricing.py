"""The one price answer: what a customer pays for a quantity of a product on a date, and why.

Precedence, from the list price:
1. the list price, or the best quantity break reached;
2. a running promotion (product or category; when several overlap, the one best for the customer);
3. the customer's price list (fixed price or discount on the list price, from a quantity on).
The customer gets the lowest of (1) to (3); the steps explain the choice in the user's language.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError
from orderdesk.money import percentage_of, quantize
from orderdesk.stored_texts import Quantity, stored_text, stored_text_render
from sales import texts
from sales.models import PriceListItem, Product, Promotion, VatRate


@dataclass
class PriceAnswer:
    unit_price: Decimal
    list_price: Decimal
    vat_rate: Decimal
    source: str  # "list", "quantity_break", "promotion", "price_list"
    # The steps as stored texts: a line keeps them and shows them in the language of whoever reads it.
    step_data: list[dict] = field(default_factory=list)

    @property
    def steps(self) -> list[str]:
        return [stored_text_render(step) for step in self.step_data]

    @property
    def explanation_data(self) -> dict:
        return stored_text(texts.PRICE_EXPLANATION, steps=self.step_data)

    @property
    def discount_percent(self) -> Decimal:
        """The reduction on the list price, for the discount-authority check."""
        if not self.list_price:
            return Decimal("0.00")
        return quantize((self.list_price - self.unit_price) / self.list_price * 100)

    @property
    def explanation(self) -> str:
        return " → ".join(self.steps)


def vat_rate_on(*, product: Product, date: datetime.date) -> Decimal:
    """The Belgian VAT rate of the product's category on that date (rates are dated data)."""
    rate = (
        VatRate.objects.filter(category_id=product.vat_category_id, valid_from__lte=date)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise DomainError(_("No VAT rate is known for %(category)s on %(date)s.") % {
            "category": product.vat_category, "date": date.strftime("%d/%m/%Y")})  # fmt: skip
    return rate


def _promotion_price(promotion: Promotion, list_price: Decimal) -> Decimal:
    if promotion.unit_price is not None:
        return promotion.unit_price
    return list_price - percentage_of(list_price, promotion.discount_percent)


def _promotion_step(promotion: Promotion) -> dict:
    if promotion.unit_price is not None:
        return stored_text(texts.PRICE_PROMOTION, name=promotion.name, price=promotion.unit_price)
    return stored_text(texts.PRICE_PROMOTION_PERCENT, name=promotion.name,
                       percent=f"{promotion.discount_percent.normalize():f}".replace(".", ","))  # fmt: skip


def price_for(*, product: Product, quantity: Decimal, date: datetime.date, customer=None) -> PriceAnswer:
    """What this customer (or any customer, when None) pays per unit for this quantity on this date."""
    if product.list_price is None:
        raise DomainError(_("%(sku)s has no list price yet; ask a manager to set one.") % {"sku": product.sku})
    quantity = Decimal(quantity)
    list_price = product.list_price
    best, source = list_price, "list"
    steps = [stored_text(texts.PRICE_LIST, price=list_price)]

    quantity_break = product.quantity_breaks.filter(min_quantity__lte=quantity).order_by("-min_quantity").first()
    if quantity_break and quantity_break.unit_price < best:
        best, source = quantity_break.unit_price, "quantity_break"
        steps.append(
            stored_text(texts.PRICE_QUANTITY_BREAK, quantity=Quantity(quantity_break.min_quantity), price=best)
        )

    promotions = Promotion.objects.filter(
        Q(product=product) | Q(category_id=product.category_id), starts_on__lte=date, ends_on__gte=date
    ).order_by("-starts_on", "pk")
    offers = sorted(((_promotion_price(p, list_price), p) for p in promotions), key=lambda offer: offer[0])
    if offers and offers[0][0] < best:
        best, source = offers[0][0], "promotion"
        steps.append(_promotion_step(offers[0][1]))

    price_list = getattr(customer, "price_list", None) if customer is not None else None
    if price_list is not None and _list_valid(price_list, date):
        item = (
            PriceListItem.objects.filter(price_list=price_list, product=product, min_quantity__lte=quantity)
            .order_by("-min_quantity")
            .first()
        )
        if item is not None:
            agreed = item.unit_price if item.unit_price is not None else (
                list_price - percentage_of(list_price, item.discount_percent))  # fmt: skip
            if agreed < best:
                best, source = agreed, "price_list"
                steps.append(stored_text(texts.PRICE_LIST_AGREED, name=price_list.name, price=quantize(agreed)))
            else:
                steps.append(stored_text(texts.PRICE_LIST_NOT_LOWER, name=price_list.name, price=quantize(agreed)))
    return PriceAnswer(
        unit_price=quantize(max(best, Decimal(0))),
        list_price=list_price,
        vat_rate=vat_rate_on(product=product, date=date),
        source=source,
        step_data=steps,
    )


def _list_valid(price_list, date: datetime.date) -> bool:
    return (price_list.valid_from is None or price_list.valid_from <= date) and (
        price_list.valid_until is None or date <= price_list.valid_until
    )

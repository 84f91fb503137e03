"""Amounts of sales documents: the one calculation for quotes, orders and invoices (EN 16931).

A line's net is quantity × unit price minus the line discount, rounded per line. A discount on the whole
document applies per VAT rate to the sum of the line nets; VAT is computed per rate on that base.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from orderdesk.money import ZERO, percentage_of, quantize, to_decimal
from sales.services.vat import line_vat_category


@dataclass(frozen=True)
class VatBreakdown:
    rate: Decimal
    lines_net: Decimal  # the sum of the line nets at this rate (and category)
    discount: Decimal  # the document discount on them
    base: Decimal  # taxable base: lines_net − discount
    vat: Decimal
    category: str = ""  # the EN 16931 VAT category (S, Z, K, AE, G), given the document's VAT regime


@dataclass(frozen=True)
class Totals:
    lines_net: Decimal
    discount: Decimal
    net: Decimal
    vat: Decimal
    total: Decimal
    per_rate: list[VatBreakdown]

    @property
    def split_rates(self) -> set[Decimal]:
        """Rates that appear in more than one VAT category (goods and services to the EU, both at 0 %)."""
        rates = [row.rate for row in self.per_rate]
        return {rate for rate in rates if rates.count(rate) > 1}


def line_net(*, quantity, unit_price, discount_percent) -> Decimal:
    gross = quantize(to_decimal(quantity) * to_decimal(unit_price))
    return gross - percentage_of(gross, discount_percent or 0)


def effective_unit_price(*, unit_price, line_discount_percent, document_discount_percent) -> Decimal:
    """What one unit really costs the customer after both discounts: what the discount authority judges."""
    hundred = Decimal(100)
    factor = (hundred - to_decimal(line_discount_percent or 0)) * (hundred - to_decimal(document_discount_percent or 0))
    return quantize(to_decimal(unit_price) * factor / (hundred * hundred))


def document_totals(*, lines, discount_percent=ZERO, regime: str = "") -> Totals:
    """Totals of any sales document from its lines (objects with net_amount and vat_rate).

    Given the document's VAT regime, the breakdown is per VAT category and rate, as EN 16931 wants it (goods and
    services to an EU business are both at 0 % but in two categories); without, per rate."""
    nets: dict[tuple[Decimal, str], Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        category = line_vat_category(regime, line) if regime else ""
        nets[(to_decimal(line.vat_rate), category)] += to_decimal(line.net_amount)
    per_rate = []
    for rate, category in sorted(nets, key=lambda key: (-key[0], key[1])):
        lines_net = nets[(rate, category)]
        discount = percentage_of(lines_net, discount_percent or 0)
        base = lines_net - discount
        per_rate.append(VatBreakdown(rate, lines_net, discount, base, percentage_of(base, rate), category))
    net = sum((row.base for row in per_rate), ZERO)
    vat = sum((row.vat for row in per_rate), ZERO)
    return Totals(
        lines_net=sum((row.lines_net for row in per_rate), ZERO),
        discount=sum((row.discount for row in per_rate), ZERO),
        net=net,
        vat=vat,
        total=net + vat,
        per_rate=per_rate,
    )

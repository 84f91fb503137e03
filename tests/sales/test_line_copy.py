"""One way to carry a line from one document to the next: what the customer was offered, with what differs."""

from decimal import Decimal

from sales.models import InvoiceLine, OrderLine, QuoteLine
from sales.services.lines import line_copy


def _quote_line() -> QuoteLine:
    return QuoteLine(
        position=2, sku="OVEN-60", description="Heteluchtoven 60 l", quantity=Decimal("3"), unit="piece",
        list_price=Decimal("1200.00"), unit_price=Decimal("1100.00"), discount_percent=Decimal("10.00"),
        vat_rate=Decimal("21.00"), net_amount=Decimal("2970.00"), price_explanation="quantity price",
    )  # fmt: skip


def test_a_copy_says_what_the_source_says():
    copy = line_copy(_quote_line(), to_model=OrderLine)

    assert isinstance(copy, OrderLine) and copy.pk is None
    assert (copy.position, copy.sku, copy.description, copy.quantity, copy.unit_price, copy.discount_percent,
            copy.vat_rate, copy.net_amount, copy.price_explanation) == (
        2, "OVEN-60", "Heteluchtoven 60 l", Decimal("3"), Decimal("1100.00"), Decimal("10.00"), Decimal("21.00"),
        Decimal("2970.00"), "quantity price",
    )  # fmt: skip


def test_another_quantity_gets_its_own_amount_and_overrides_set_the_links():
    source = _quote_line()
    copy = line_copy(source, to_model=InvoiceLine, quantity=Decimal("1"), position=1, credited_line_id=7)

    assert (copy.quantity, copy.net_amount, copy.position, copy.credited_line_id) == (
        Decimal("1"), Decimal("990.00"), 1, 7,
    )  # fmt: skip

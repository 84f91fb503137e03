from decimal import Decimal

import pytest
from django import forms

from orderdesk.forms import AmountField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.234,56", "1234.56"),
        ("1234,5", "1234.50"),
        ("1234.56", "1234.56"),
        ("1.234", "1234.00"),
        ("12 345 €", "12345.00"),
    ],
)
def test_amounts_are_read_the_way_belgians_type_them(typed, value):
    assert AmountField(max_digits=14, decimal_places=2).clean(typed) == Decimal(value)


def test_a_quantity_keeps_its_decimal_point():
    assert AmountField(max_digits=12, decimal_places=3).clean("1.234") == Decimal("1.234")


def test_nonsense_is_refused():
    with pytest.raises(forms.ValidationError):
        AmountField(max_digits=14, decimal_places=2).clean("twaalf")

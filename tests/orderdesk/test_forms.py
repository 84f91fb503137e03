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


def test_a_quantity_and_a_price_read_a_point_before_three_digits_the_same_way():
    assert AmountField(max_digits=12, decimal_places=3).clean("1.234") == Decimal("1234")
    assert AmountField(max_digits=14, decimal_places=2).clean("1.234") == Decimal("1234")
    assert AmountField(max_digits=12, decimal_places=3).clean("1.5") == Decimal("1.5")


@pytest.mark.parametrize("typed", ["NaN", "1e400", "Infinity", "9" * 30, "1,2,3", "a\x00b"])
def test_what_is_not_a_number_the_field_can_hold_is_a_form_error(typed):
    with pytest.raises(forms.ValidationError):
        AmountField(max_digits=12, decimal_places=3).clean(typed)


def test_the_field_says_the_rule_in_its_help():
    field = AmountField(max_digits=12, decimal_places=3, help_text="Per piece.")
    assert str(field.help_text).startswith("Per piece. ")
    assert "1.234" in str(field.help_text)


def test_nonsense_is_refused():
    with pytest.raises(forms.ValidationError):
        AmountField(max_digits=14, decimal_places=2).clean("twaalf")

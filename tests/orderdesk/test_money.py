from decimal import Decimal

import pytest
from django.utils import translation

from orderdesk.money import percentage_of, quantize
from orderdesk.templatetags.orderdesk import money


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.005", "1.01"), ("1.004", "1.00"), ("2.675", "2.68"), ("-1.005", "-1.01"), ("0.125", "0.13"), ("10", "10.00")],
)
def test_quantize_rounds_half_up_to_the_cent(value, expected):
    assert quantize(value) == Decimal(expected)


def test_money_never_passes_through_float():
    with pytest.raises(TypeError):
        quantize(0.1)


def test_percentage_is_rounded_once():
    assert percentage_of(Decimal("99.99"), Decimal("21")) == Decimal("21.00")
    assert percentage_of(Decimal("0.05"), Decimal("21")) == Decimal("0.01")


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_amounts_use_the_belgian_format_in_every_language(language):
    with translation.override(language):
        assert money(Decimal("1234.5")) == "1.234,50\u00a0€"
        assert money(Decimal("-1234567.891")) == "-1.234.567,89\u00a0€"

"""Money: Decimal only, EUR, two decimals, half-up. The one place that rounds."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 14


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money never passes through float; use a str or Decimal.")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def quantize(value) -> Decimal:
    """Round to the cent, half up (1.005 -> 1.01)."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percentage_of(amount, percent) -> Decimal:
    return quantize(to_decimal(amount) * to_decimal(percent) / Decimal(100))


class MoneyField(models.DecimalField):
    """A DecimalField with the precision every amount in Order Desk uses."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

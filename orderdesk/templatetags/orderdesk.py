from decimal import Decimal

from django import template
from django.utils.formats import number_format

from orderdesk.money import quantize

register = template.Library()


@register.filter
def money(value) -> str:
    """1234.5 -> '1.234,50 €' (Belgian format in every language)."""
    if value in (None, ""):
        return ""
    amount = quantize(value if isinstance(value, Decimal) else Decimal(str(value)))
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)}\u00a0€"


@register.filter
def amount(value) -> str:
    """A number with Belgian grouping and two decimals, without the currency sign."""
    if value in (None, ""):
        return ""
    return number_format(quantize(value), decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def quantity(value) -> str:
    """A quantity or percentage without trailing zeros, with a decimal comma: 2, 1,5, 0,25."""
    if value in (None, ""):
        return ""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")

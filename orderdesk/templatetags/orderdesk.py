from decimal import Decimal

from django import template
from django.utils.formats import number_format

from orderdesk.money import quantize
from orderdesk.numbers import NumberError, parse_number
from orderdesk.stored_texts import stored_or_typed

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
    """A quantity or percentage without trailing zeros, with a decimal comma: 2, 1,5, 0,25. Text (what a form
    field shows) is read by the Belgian rule first; text that is no number is shown as it is."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except NumberError:
            return value
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",")


@register.filter
def duration_short(value) -> str:
    """A duration in the largest sensible unit: '5 h', '2,5 days'."""
    from django.utils.translation import gettext

    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 48:
        return gettext("%(hours)s h") % {"hours": f"{hours:.0f}"}
    return gettext("%(days)s days") % {"days": f"{hours / 24:.1f}".replace(".", ",")}


@register.filter
def stored_text(value, typed: str = "") -> str:
    """A text the system stored as a code (orderdesk.stored_texts) in the reader's language; without one, `typed`
    (what a person wrote, or an older row's text): {{ row.reason_data|stored_text:row.reason }}."""
    return stored_or_typed(value, typed or "")

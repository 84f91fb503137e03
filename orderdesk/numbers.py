"""Numbers as people type them in Belgium: one rule for every form field, every query string and every CSV import.

* A comma is the decimal separator: 1234,56 and 0,5.
* A point followed by groups of exactly three digits separates the thousands: 1.234 is 1234, 1.234.567 is 1234567,
  1.234,5 is 1234,5. A quantity and a price read "1.234" the same way.
* Any other point is the decimal point, the way a calculator or an English file writes it: 1.5, 0.250, 1234.567.
* 1,234.56 (commas between thousands, then a decimal point) is read the English way: 1234,56.
* Spaces (also the non-breaking ones Excel writes) and a euro sign are ignored; a minus sign may lead.
* Nothing else is a number: no NaN, no infinity, no exponent (1e400), no letters.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NUMBER_HELP = gettext_lazy("Belgian notation: 1.234,56 or 1234,56 (1.234 is 1234; 1.5 is 1,5).")

_IGNORED = re.compile(r"[\s\u00a0\u202f€]")
_FORMS = (
    (re.compile(r"\d+"), lambda text: text),
    (re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+"), lambda text: text.replace(".", "")),
    (re.compile(r"\d*\.\d+"), lambda text: text),
    (re.compile(r"(?:[1-9]\d{0,2}(?:\.\d{3})+|\d*),\d+"), lambda text: text.replace(".", "").replace(",", ".")),
    (re.compile(r"[1-9]\d{0,2}(?:,\d{3})+\.\d+"), lambda text: text.replace(",", "")),
)
MAX_LENGTH = 60  # more characters than any amount or quantity we keep


class NumberError(ValueError):
    """The text is not a number by the Belgian rule; ``message`` says so in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _not_a_number(text: str) -> NumberError:
    shown = text if len(text) <= 20 else text[:20] + "…"
    return NumberError(
        _("%(value)s is not a number; write it like 1234,56 or 1.234,56.") % {"value": shown.replace("\x00", "")}
    )


def parse_number(text: str) -> Decimal:
    """The Decimal a Belgian means by ``text`` (see the module's rule), or NumberError."""
    if len(text) > MAX_LENGTH:
        raise _not_a_number(text)
    value = _IGNORED.sub("", text)
    sign = ""
    if value[:1] in "-+" and value:
        sign, value = ("-" if value[0] == "-" else ""), value[1:]
    for pattern, plain in _FORMS:
        if pattern.fullmatch(value):
            digits = plain(value)
            if digits.startswith("."):
                digits = "0" + digits
            try:
                return Decimal(sign + digits)
            except InvalidOperation:  # pragma: no cover - the patterns only let digits through
                break
    raise _not_a_number(text.strip())


def to_number(value, *, max_digits: int | None = None, decimal_places: int | None = None) -> Decimal:
    """A Decimal from what a view or a service was given: a Decimal or int as it is, text by the Belgian rule.

    With ``max_digits`` and ``decimal_places`` (the column's), a number the column cannot hold is refused."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        number = parse_number(str(value))
    if not number.is_finite():
        raise _not_a_number(str(value))
    _sign, digits, exponent = number.as_tuple()
    if not any(digits):
        digits, exponent = (), 0
    while exponent < 0 and digits[-1] == 0:  # 1.2500 has two decimals
        digits, exponent = digits[:-1], exponent + 1
    places = max(0, -exponent)
    if decimal_places is not None and places > decimal_places:
        raise NumberError(
            _("%(value)s has too many decimals; at most %(places)s.")
            % {"value": format_number(number), "places": decimal_places}
        )
    if max_digits is not None and len(digits) - places + max(0, exponent) > max_digits - (decimal_places or 0):
        raise NumberError(_("%(value)s is too large.") % {"value": format_number(number)})
    return number


def format_number(value: Decimal, *, grouped: bool = False, decimal_places: int | None = None) -> str:
    """Belgian text for a number that `parse_number` reads back as the same number: 1234,56, or with ``grouped``
    1.234,56. With ``decimal_places`` exactly that many decimals; without, as few as the value needs."""
    value = Decimal(value)
    text = f"{value:f}" if decimal_places is None else f"{value:.{decimal_places}f}"
    if decimal_places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _point, decimals = text.partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + decimals if decimals else "")

"""Texts the system writes for people and keeps (a bank suggestion's reason, a history entry, a credit note's
reason): stored as a code and its parameters, rendered in the language of whoever reads them.

A row written while the assistant works in Dutch reads in French for a French colleague, and a credit note's
reason reads in the customer's language on the customer's PDF. Each app declares its codes next to the code
that writes them (`stored_text_register`); `stored_text(code, **params)` gives the JSON value a JSONField keeps;
`stored_text_render(value)` turns it into text. Amounts are Belgian in every language (1.234,56 €), dates too
(06/12/2026). A plain string (a row written before texts were stored as codes, or typed by a person) is shown
as it is.
"""

import datetime
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise

from orderdesk.money import quantize
from orderdesk.numbers import format_number

_MESSAGES: dict = {}


class Percent(Decimal):
    """A parameter shown as a percentage (14,5 %) rather than an amount."""


class Quantity(Decimal):
    """A parameter shown as a plain number without trailing zeros (1,5)."""


def stored_text_register(code: str, message) -> str:
    """Declare `code`: a `gettext_lazy` message with `%(name)s` placeholders, or, for a text built from data (an
    approval's problems), a function of the stored parameters that returns the text in the active language.
    Returns the code."""
    _MESSAGES[code] = message
    return code


def _param_store(value):
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Percent):
        return {"type": "percent", "value": str(value)}
    if isinstance(value, Quantity):
        return {"type": "quantity", "value": str(value)}
    if isinstance(value, Decimal):
        return {"type": "money", "value": str(value)}
    if isinstance(value, datetime.datetime):
        return {"type": "datetime", "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, dict) and "code" in value:  # a stored text inside another one
        return value
    if isinstance(value, (list, dict)):  # data for a function that writes the text (kept as it is: JSON already)
        return value
    raise TypeError(f"A stored text cannot keep a {type(value).__name__} parameter; pass a str, int, Decimal or date.")


def stored_text(code: str, **params) -> dict:
    """The JSON value that keeps a system text: its code and its parameters (Decimal and dates with their type)."""
    if code not in _MESSAGES:
        raise KeyError(f"Unknown stored text code {code!r}: declare it with stored_text_register.")
    return {"code": code, "params": {name: _param_store(value) for name, value in params.items()}}


def _param_text(value) -> str:
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    if "code" in value:
        return stored_text_render(value)
    kind, raw = value.get("type"), value.get("value", "")
    try:
        if kind == "money":
            amount = number_format(quantize(Decimal(raw)), decimal_pos=2, use_l10n=True, force_grouping=True)
            return f"{amount}\u00a0€"
        if kind == "percent":
            return f"{format_number(Decimal(raw), grouped=True)}\u00a0%"
        if kind == "quantity":
            return format_number(Decimal(raw), grouped=True)
        if kind == "date":
            return date_format(datetime.date.fromisoformat(raw), "SHORT_DATE_FORMAT")
        if kind == "datetime":
            moment = datetime.datetime.fromisoformat(raw)
            moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return date_format(moment, "SHORT_DATETIME_FORMAT")
    except (ArithmeticError, ValueError, TypeError):
        pass
    return str(raw)


def stored_text_render(value, language: str | None = None) -> str:
    """The text of a stored value (or a list of them) in `language`, by default the active one; a plain string as
    it is."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    if language:
        with translation.override(language):
            return stored_text_render(value)
    if isinstance(value, list):  # several reasons: read one after the other
        return "; ".join(text for text in (stored_text_render(item) for item in value) if text)
    if not isinstance(value, dict) or "code" not in value:
        return str(value)
    message = _MESSAGES.get(value["code"])
    if callable(message) and not isinstance(message, (str, Promise)):
        return message(value.get("params") or {})
    params = {name: _param_text(param) for name, param in (value.get("params") or {}).items()}
    if message is None:  # a code no app declares any more: better its parameters than nothing
        return " · ".join([value["code"], *params.values()])
    try:
        return str(message) % params
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return str(message)


def stored_or_typed(data, text: str = "") -> str:
    """What a row shows: the stored system text when there is one, else the text a person typed (or an old row)."""
    return stored_text_render(data) if data else text

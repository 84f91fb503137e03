"""Reading what a page is given in its query string or in a form field it reads by hand: a value that cannot be used
(not a number, an impossible date, an id no row can have, a NUL character) is ignored, so the page shows its default
or asks again, never a 500. One reader per kind of value, used by every view."""

import datetime
from decimal import Decimal

import django_filters
from django import forms

from orderdesk.numbers import NumberError, parse_number

MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL and SQLite can hold


def text_param(value: str | None) -> str:
    """The text stripped; a NUL character (no keyboard types it, PostgreSQL refuses it) is left out."""
    return (value or "").replace("\x00", "").strip()


EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def date_param(value: str | None) -> datetime.date | None:
    """An ISO date (2026-11-30) between 1900 and 2199, or None when empty or not such a date (a page that adds a day
    to 9999-12-31 would fail)."""
    try:
        day = datetime.date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None
    return day if day is not None and EARLIEST_DATE <= day <= LATEST_DATE else None


def id_param(value: str | None) -> int | None:
    """A row id (1 or more, digits only), or None."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def int_param(value: str | None, *, minimum: int, maximum: int) -> int | None:
    """A whole number between minimum and maximum, or None."""
    value = (value or "").strip()
    sign, digits = ("-", value[1:]) if value.startswith("-") else ("", value)
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        return None
    number = int(sign + digits)
    return number if minimum <= number <= maximum else None


def decimal_param(value: str | None, *, minimum: Decimal, maximum: Decimal) -> Decimal | None:
    """A number written the Belgian way (orderdesk.numbers) between minimum and maximum, or None."""
    try:
        number = parse_number(value or "")
    except NumberError:
        return None
    return number if minimum <= number <= maximum else None


class IdFilter(django_filters.NumberFilter):
    """A list filter on a row id from a link (a customer, an account owner, a category): a value no id can be
    ("abc", 1.5, 30 digits) is ignored, as a malformed filter is, instead of reaching the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def object_param(queryset, value: str | None):
    """The row of ``queryset`` whose id is ``value``, or None when the value is not an id or no such row is there."""
    pk = id_param(value)
    return queryset.filter(pk=pk).first() if pk is not None else None

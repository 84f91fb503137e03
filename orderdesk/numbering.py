"""Gapless document numbers: one counter row per series per year, locked by the issuing transaction.

A number is taken inside the transaction that issues the document. If that transaction rolls back,
so does the counter, and the next issue gets the same number: no gap, no duplicate.
"""

from django.conf import settings
from django.db import transaction

from orderdesk.models import SequenceCounter


def number_next(*, series: str, year: int) -> int:
    """The next value of the series; must run inside the issuing transaction."""
    if series not in settings.NUMBER_FORMATS:
        raise ValueError(f"Unknown number series {series!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next() must run inside the transaction that issues the document.")
    # Create the row once without racing; ignore_conflicts keeps a concurrent creator's row.
    SequenceCounter.objects.bulk_create([SequenceCounter(series=series, year=year)], ignore_conflicts=True)
    counter = SequenceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def number_format(*, series: str, year: int, value: int) -> str:
    return settings.NUMBER_FORMATS[series].format(year=year, seq=value)


def document_number_next(*, series: str, year: int) -> str:
    """The next formatted number, e.g. F2026-000123."""
    return number_format(series=series, year=year, value=number_next(series=series, year=year))


def number_peek(*, series: str, year: int) -> int:
    """The value the next issue of the series would get, read without taking it (no lock, no write): for a
    confirmation that says "will get F2026-000124". Provisional: an issue in between takes it first."""
    if series not in settings.NUMBER_FORMATS:
        raise ValueError(f"Unknown number series {series!r}")
    last = SequenceCounter.objects.filter(series=series, year=year).values_list("last_value", flat=True).first()
    return (last or 0) + 1


def document_number_peek(*, series: str, year: int) -> str:
    """The next formatted number, read without taking it (see number_peek)."""
    return number_format(series=series, year=year, value=number_peek(series=series, year=year))

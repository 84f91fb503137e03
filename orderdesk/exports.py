"""Cells of the files we export (CSV and XLSX), safe to open in a spreadsheet.

A cell whose text starts with "=", "+", "-", "@", a tab or a carriage return is a formula to Excel and
LibreOffice: a customer's name like `=HYPERLINK("http://evil", "Click")` would run on the reader's machine.
Such text gets a leading apostrophe in CSV, and is stored as plain text (with Excel's quote prefix) in XLSX.
Numbers stay numbers, including a negative amount written as text ("-12,50"). Our own imports strip the
apostrophe again, so an exported file still reads back as it is.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d[\d .]*([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?%?$")
_PLAIN = (bool, int, float, Decimal, datetime.date, datetime.datetime, datetime.time)


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not _NUMBER.match(text)


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should receive it: numbers and dates as they are, formula-like text quoted."""
    if value is None or isinstance(value, _PLAIN):
        return value
    text = str(value)
    return "'" + text if is_formula(text) else text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def safe_rows(rows: Iterable[Iterable[Any]]) -> Iterable[list[Any]]:
    return (safe_row(row) for row in rows)


def unquote_cell(text: str) -> str:
    """What an import reads from a cell we exported: the apostrophe that quoted a formula-like text removed."""
    if text.startswith("'") and is_formula(text[1:]):
        return text[1:]
    return text


def xlsx_append(sheet, row: Sequence[Any]) -> None:
    """Append a row to an openpyxl sheet: formula-like text stays text (openpyxl would store it as a formula)."""
    values = [value if value is None or isinstance(value, _PLAIN) else str(value) for value in row]
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str) and is_formula(value):
            cell.value = value
            cell.data_type = "s"
            cell.quotePrefix = True


class SafeCsvWriter:
    """csv.writer whose every cell goes through safe_cell."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(stream, **kwargs) -> SafeCsvWriter:
    """The CSV writer every export uses (same arguments as csv.writer)."""
    return SafeCsvWriter(stream, **kwargs)

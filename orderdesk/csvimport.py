"""Reading and writing the CSV files people exchange with Excel: shared by every import and export.

* Files are read as UTF-8 with or without a byte-order mark; an Excel workbook or another encoding gets a clear
  message instead of garbled accents.
* Cells are separated by ";" (what Excel writes on Belgian computers) or ","; detected from the file.
* Column names are matched by ``header_key``: not case-sensitive, spaces, hyphens and accents do not matter.
* Numbers follow the one Belgian rule of `orderdesk.numbers`: "1234,56" and "1.234,56"; a point before three
  digits separates the thousands ("1.234" is 1234), any other point is the decimal point ("1.5", "1234.56").
* Files written here use ";", a byte-order mark (so Excel keeps the accents) and decimal commas without
  thousands separators ("1234,56"), so an exported file imports again as it is.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from orderdesk.exceptions import DomainError
from orderdesk.exports import safe_row, safe_rows, unquote_cell
from orderdesk.numbers import NumberError, parse_number

DEFAULT_DELIMITER = ";"
DELIMITERS = ";,"
SNIFF_SAMPLE = 16 * 1024
BOM = "\ufeff"
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    """A column of an import file: its English name, what it holds, and the other names it may have in the file."""

    name: str
    help: str = ""
    nl: tuple[str, ...] = ()
    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    contact: bool = False  # the companies file: the column belongs to the row's contact


def column_header(column: Column, language: str) -> str:
    """The name of a column in a file for one language."""
    names = {"nl": column.nl, "fr": column.fr}.get(language)
    return names[0] if names else column.name


@dataclass(frozen=True)
class RowError:
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


class ImportHasErrors(DomainError):
    """The file has errors: nothing was imported. Carries the preview with the errors per row."""

    def __init__(self, preview):
        self.preview = preview
        super().__init__(_("The file has errors, so nothing was imported. Fix the file and upload it again."))


class CellError(ValueError):
    """A cell's text cannot be read as what the column holds; the message is for the user (translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def header_key(text: str) -> str:
    """'Numéro d'entreprise ' -> 'numero_d_entreprise': how a column name is matched."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def alias_map(columns: Iterable) -> dict[str, str]:
    """header_key of every name a column may have in a file -> the column's name.

    A column is anything with ``name`` and the tuples of other names ``en``, ``nl`` and ``fr``."""
    names = {}
    for column in columns:
        for alias in (column.name, *column.en, *column.nl, *column.fr):
            names[header_key(alias)] = column.name
    return names


def decode(content: bytes) -> tuple[str | None, str]:
    """(the text, "") or (None, why the file cannot be read)."""
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None, _(
            "This is an Excel workbook, not a CSV file. In Excel choose Save as > CSV UTF-8 and upload that."
        )
    try:
        return content.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, _(
            "This file is not in UTF-8, so accented letters would be garbled. "
            "In Excel choose Save as > CSV UTF-8 (comma delimited) and upload that file."
        )


def sniff_delimiter(text: str) -> str:
    sample = text[:SNIFF_SAMPLE]
    if len(text) > SNIFF_SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = DEFAULT_DELIMITER
    # The header row holds no quoted separators: trust it when the sniffer picked a character it does not contain.
    header = sample.split("\n", 1)[0]
    other = "," if delimiter == ";" else ";"
    if delimiter not in header:
        delimiter = other if other in header else DEFAULT_DELIMITER
    return delimiter


@dataclass
class CsvTable:
    """A file read: which cell holds which column, and the non-empty data rows with the number Excel shows.

    ``file_errors`` says why the file cannot be imported at all; the other fields are then incomplete."""

    delimiter: str = DEFAULT_DELIMITER
    header: dict[str, str] = field(default_factory=dict)  # column -> its name in the file (else the column name)
    positions: dict[str, int] = field(default_factory=dict)  # column -> cell index
    width: int = 0
    data: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number as Excel shows it, cells)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def values(self, record: Sequence[str]) -> dict[str, str]:
        """The row's cell per column of the file, stripped; columns not in the file are left out."""
        return {
            column: unquote_cell(record[position].strip()) if position < len(record) else ""
            for column, position in self.positions.items()
        }

    def has_extra_cells(self, record: Sequence[str]) -> bool:
        return any(cell.strip() for cell in record[self.width :])

    def extra_cells_message(self) -> str:
        return _(
            "This row has more cells than there are column names. A value holding the separator "
            "(%(delimiter)s) must be between double quotes."
        ) % {"delimiter": self.delimiter}


def read_csv(
    content: bytes,
    *,
    columns: Iterable[str],
    aliases: dict[str, str],
    required: Sequence[str],
    max_rows: int,
    missing_message: str,
) -> CsvTable:
    """Read a whole file and match its first row against the columns.

    ``aliases`` maps header_key(name) -> column (see ``alias_map``); ``missing_message`` (translated, with
    %(columns)s) is said when a required column is missing. Empty rows are left out but keep their number."""
    table = CsvTable(header={column: column for column in columns})
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        table.file_errors.append(_("The file is empty."))
        return table
    text, problem = decode(content)
    if text is None:
        table.file_errors.append(problem)
        return table
    problem = control_character_problem(text)
    if problem:
        table.file_errors.append(problem)
        return table
    table.delimiter = sniff_delimiter(text)
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(iter(lines), delimiter=table.delimiter)
    records, starts, start = [], [], 1  # starts: the line each record starts on
    try:
        while True:
            start = reader.line_num + 1
            try:
                records.append(next(reader))
            except StopIteration:
                break
            starts.append(start)
    except csv.Error as error:
        if not quote_left_open("".join(lines[start - 1 :]), table.delimiter):
            table.file_errors.append(_("This file cannot be read as CSV (%(error)s).") % {"error": error})
            return table
        starts.append(start)  # a quote never closed made the cell too long for the reader
    if starts and quote_left_open("".join(lines[starts[-1] - 1 :]), table.delimiter):
        table.file_errors.append(_unclosed_quote_message(starts[-1]))
        return table
    rows = [(number, record) for number, record in enumerate(records, start=1) if any(c.strip() for c in record)]
    if not rows:
        table.file_errors.append(_("The file is empty."))
        return table
    swallowing = _swallowing_record(records[1:], starts[1:], width=len(rows[0][1]), delimiter=table.delimiter)
    if swallowing:
        table.file_errors.append(_unclosed_quote_message(swallowing))
        return table
    (_header_row, header_cells), data = rows[0], rows[1:]

    for position, cell in enumerate(header_cells):
        cell = cell.strip()
        column = aliases.get(header_key(cell))
        if not cell:
            continue
        if column is None:
            table.ignored_columns.append(cell)
        elif column in table.positions:
            table.file_errors.append(
                _("The columns %(first)s and %(second)s both hold %(column)s; keep one of them.")
                % {"first": table.header[column], "second": cell, "column": column}
            )
        else:
            table.positions[column], table.header[column] = position, cell
    missing = [column for column in required if column not in table.positions]
    if missing:
        table.file_errors.append(missing_message % {"columns": ", ".join(missing)})
    if not data:
        table.file_errors.append(_("The file has no rows under the column names."))
    if len(data) > max_rows:
        table.file_errors.append(
            _("The file has %(count)s rows; at most %(max)s can be imported at once. Split it into several files.")
            % {"count": len(data), "max": max_rows}
        )
    table.width = len(header_cells)
    table.data = data
    return table


def _unclosed_quote_message(line: int) -> str:
    return _(
        'Line %(line)s opens a quote (") that is not closed where its cell ends, so the lines after it would be read '
        "as one cell. Close the quote or remove it, and upload the file again."
    ) % {"line": line}


def _swallowing_record(records, starts, *, width: int, delimiter: str) -> int:
    """The line of the first record with a cell that runs over lines holding as many separators as a whole row: a
    quote typed at the start of a cell and closed only by the quote of a later cell swallowed those rows; 0 if
    none. A cell written over several lines on purpose (an address, a note) holds no such lines."""
    enough = max(width - 1, 2)
    for record, start in zip(records, starts, strict=True):
        for cell in record:
            if ("\n" in cell or "\r" in cell) and any(
                line.count(delimiter) >= enough for line in cell.splitlines()[1:]
            ):
                return start
    return 0


def control_character_problem(text: str) -> str:
    """Why a file holding a NUL character cannot be imported (no spreadsheet writes one; the database refuses it),
    naming its line; "" when there is none."""
    position = text.find("\x00")
    if position < 0:
        return ""
    line = len(io.StringIO(text[: position + 1], newline="").readlines())
    return _(
        "Line %(line)s holds a NUL character (an invisible control code), so this is not a CSV file as Excel writes "
        "it. In Excel choose Save as > CSV UTF-8, or remove that character, and upload the file again."
    ) % {"line": line}


def quote_left_open(text: str, delimiter: str) -> bool:
    """Whether ``text`` (one or more records from the start of a record) ends inside a quoted cell: a quote opened
    and never closed, which would swallow every following line into one cell."""
    in_quotes, field_start = False, True
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if in_quotes:
            if char == '"':
                if text[position + 1 : position + 2] == '"':
                    position += 1  # "" is a quote inside the cell
                else:
                    in_quotes = False
        elif char == '"' and field_start:
            in_quotes = True
        field_start = not in_quotes and char in (delimiter, "\n", "\r")
        position += 1
    return in_quotes


def split_list(value: str) -> list[str]:
    """'Horeca | Key account' -> ['Horeca', 'Key account']."""
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


# --- numbers and yes/no ---------------------------------------------------------------------------------------


def parse_decimal(text: str) -> Decimal:
    """A number by the one Belgian rule of `orderdesk.numbers` ("1234,56", "1.234,56", "1.234" is 1234, "1.5" is
    1,5, "€ 12,50"); CellError with the message otherwise."""
    try:
        return parse_number(text.strip())
    except NumberError as error:
        raise CellError(error.message) from None


def parse_amount(text: str, *, decimal_places: int = 2, negative: bool = False) -> Decimal:
    """A number with at most `decimal_places` decimals, not negative unless allowed."""
    value = parse_decimal(text)
    if value < 0 and not negative:
        raise CellError(_("%(value)s is negative; enter 0 or more.") % {"value": text.strip()})
    if -value.as_tuple().exponent > decimal_places:
        rounded = value.quantize(Decimal(1).scaleb(-decimal_places))
        if rounded != value:
            raise CellError(
                _("%(value)s has too many decimals; at most %(places)s.")
                % {"value": text.strip(), "places": decimal_places}
            )
        value = rounded
    return value


def parse_whole_number(text: str, *, maximum: int | None = None) -> int:
    """A whole number of 0 or more ("12"); "12,0" is accepted."""
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise CellError(_("Enter a whole number, e.g. 12."))
    if value < 0:
        raise CellError(_("%(value)s is negative; enter 0 or more.") % {"value": text.strip()})
    if maximum is not None and value > maximum:
        raise CellError(_("Enter at most %(max)s.") % {"max": maximum})
    return int(value)


YES = {"yes", "y", "ja", "oui", "1", "true", "waar", "vrai"}
NO = {"no", "n", "nee", "neen", "non", "0", "false", "onwaar", "faux"}


def parse_yes_no(text: str) -> bool:
    value = text.strip().casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("Write yes or no (ja/nee, oui/non, 1/0)."))


def format_decimal(value: Decimal | None, *, decimal_places: int | None = None) -> str:
    """Belgian decimals without thousands separators: 1234,56. With decimal_places, exactly that many decimals;
    without, as few as the value needs (12,5; 3)."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value.normalize():f}" if decimal_places is None else f"{value:.{decimal_places}f}"
    return text.replace(".", ",")


def format_yes_no(value: bool) -> str:
    return "yes" if value else "no"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A file Excel opens as it is: byte-order mark, ";" between cells, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DEFAULT_DELIMITER, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_rows(rows))
    return (BOM + buffer.getvalue()).encode()

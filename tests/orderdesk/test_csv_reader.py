"""The CSV reader every import shares (orderdesk.csvimport.read_csv): what Excel writes reads back cell for cell;
a quote never closed and a NUL character are refused before the preview, naming the line; no text makes it fail."""

import csv
import io

import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from orderdesk.csvimport import quote_left_open, read_csv

COLUMNS = ["name", "city"]
UNCLOSED = (
    'opens a quote (") that is not closed where its cell ends, so the lines after it would be read as one cell. '
    "Close the quote or remove it, and upload the file again."
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _read(content: bytes):
    return read_csv(content, columns=COLUMNS, aliases={c: c for c in COLUMNS}, required=["name"], max_rows=1000,
                    missing_message="missing: %(columns)s")  # fmt: skip


def _written(rows, delimiter=";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


cells = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=30)
rows = st.lists(st.tuples(cells, cells), max_size=8)


@given(rows, st.sampled_from(";,"))
@settings(deadline=None)
def test_what_excel_writes_reads_back_cell_for_cell(table, delimiter):
    text = _written(table, delimiter)
    read = _read(text.encode())
    assert read.file_errors in ([], ["The file has no rows under the column names."])
    expected = [list(row) for row in table if any(cell.strip() for cell in row)]
    assert [cells for _number, cells in read.data] == expected
    assert not quote_left_open(text, delimiter)


# Rows the writer leaves unquoted: nothing after the stray quote closes it.
unquoted = st.text(st.characters(exclude_characters='\x00";\r\n', exclude_categories=("Cs",)), max_size=20)
quoteless = st.lists(st.tuples(unquoted, unquoted), max_size=8)


@given(rows, quoteless, cells)
@settings(deadline=None)
def test_a_quote_never_closed_is_refused_naming_the_line_it_opens_on(table, after, typed):
    before = _written(table)
    opened_on = len(io.StringIO(before, newline="").readlines()) + 1
    text = before + '"' + typed.replace('"', "") + ";Gent\r\n" + _written(after).split("\r\n", 1)[1]
    read = _read(text.encode())
    assert read.data == []
    assert read.file_errors == [f"Line {opened_on} {UNCLOSED}"]


def test_a_quote_closed_only_by_a_later_cell_is_refused_too():
    text = (
        "name;city;street;vat\r\n"
        "Janssens;Gent;Kouter 1;BE0403170701\r\n"
        '"Peeters;Brugge;Markt 2;\r\n'
        "Claes;Leuven;Ladeuzeplein 3;\r\n"
        '"Maes";Hasselt;"Grote Markt 4";\r\n'
    )
    assert _read(text.encode()).file_errors == [f"Line 3 {UNCLOSED}"]


def test_a_quote_never_closed_in_a_large_file_is_named_too():
    text = 'name;city\r\nJanssens;Gent\r\n"Peeters;Brugge\r\n' + "Claes;Leuven\r\n" * 20_000
    assert _read(text.encode()).file_errors == [f"Line 3 {UNCLOSED}"]


def test_a_quote_inside_a_cell_or_over_two_lines_is_fine():
    text = 'name;city\r\nJan "de Bakker";Gent\r\n"Two\r\nlines; or three";"say ""hi"""\r\n'
    read = _read(text.encode())
    assert read.file_errors == []
    assert [cells for _number, cells in read.data] == [
        ['Jan "de Bakker"', "Gent"],
        ["Two\r\nlines; or three", 'say "hi"'],
    ]


@pytest.mark.parametrize(("text", "line"), [("name;city\nJan\x00s;Gent\n", 2), ("name;city\nA;B\n\nC;D\x00\n", 4)])
def test_a_nul_character_is_refused_naming_its_line(text, line):
    read = _read(text.encode())
    assert read.data == []
    assert read.file_errors[0].startswith(f"Line {line} holds a NUL character")


@given(st.binary(max_size=300))
@example(b'name;city\n"open\n')
@example(b"name;city\n\x00")
@example(b'\xef\xbb\xbfname,city\r\n"a""b",c\r')
@settings(deadline=None)
def test_no_file_makes_the_reader_fail(content):
    read = _read(content)
    assert read.file_errors or read.data is not None
    for _number, record in read.data:
        assert all("\x00" not in cell for cell in record)

"""CSV files a spreadsheet cannot run: hostile cells come back as text with a quote in
front, typed values as they are, and the file reads back cell for cell."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.services.reporting.csv_safe import CONTENT_TYPE, csv_bytes, safe_cell, write_csv

HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    "\uff1d1",  # full-width equals
    "\uff0bSUM(A1)",
    "\u22121+1",  # minus sign
    " =1+1",
    "\n=1+1",
    "\u00a0@SUM(A1)",  # no-break space
]


def _read(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_cell_that_could_run_is_written_as_text(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell
    (_, row) = _read(csv_bytes(["comment"], [[cell]]))
    assert row == ["'" + cell]


@pytest.mark.parametrize(
    "cell",
    ["Very good", "Mum said 'thanks'", "5 stars", "a=b", "email@example.org", "", "  spaced"],
)
def test_ordinary_text_is_left_as_it_is(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_quotes_commas_and_line_breaks_stay_inside_their_cell() -> None:
    cell = 'She said "no, thanks",\r\nthen left'
    content = csv_bytes(["comment", "count"], [[cell, 3]])
    assert _read(content) == [["comment", "count"], [cell, "3"]]
    assert b'"She said ""no, thanks"",\r\nthen left",3\r\n' in content


def test_typed_values_are_written_plainly() -> None:
    assert safe_cell(-5) == "-5"
    assert safe_cell(-2.5) == "-2.5"
    assert safe_cell(Decimal("-0.10")) == "-0.10"
    assert safe_cell(date(2026, 1, 5)) == "2026-01-05"
    assert safe_cell(datetime(2026, 1, 5, 9, 30, tzinfo=UTC)) == "2026-01-05T09:30:00+00:00"
    assert safe_cell(None) == ""
    assert (safe_cell(True), safe_cell(False)) == ("true", "false")


def test_numbers_kept_as_text_are_escaped_like_any_text() -> None:
    assert safe_cell("-5") == "'-5"


def test_other_objects_are_written_as_their_escaped_text() -> None:
    class Sneaky:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Sneaky()) == "'=1+1"


def test_the_header_is_escaped_too_and_lines_end_in_crlf() -> None:
    content = csv_bytes(["=name", "count"], [["Very good", 41], ["Good", 12]])
    assert content == "\ufeff'=name,count\r\nVery good,41\r\nGood,12\r\n".encode()


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        csv_bytes(["answer", "count"], [["Good", 1], ["Poor"]])


def test_writing_to_a_stream_gives_the_same_cells() -> None:
    stream = io.StringIO(newline="")
    write_csv(stream, ["answer"], [["@x"]])
    assert stream.getvalue() == "answer\r\n'@x\r\n"


def test_the_content_type_names_csv_in_utf8() -> None:
    assert CONTENT_TYPE == "text/csv; charset=utf-8"

"""The one way the portal writes a CSV file, so that no cell runs as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
("CSV injection", OWASP). Words a family typed, such as
`=HYPERLINK("http://x","Click")` or `=cmd|' /C calc'!A0`, could then open a
link or a program on the computer of the member of staff who opens the file.
So every cell written here goes through `safe_cell`:

- Text that could start a formula gets a single quote in front (`'=1+1`), the
  OWASP advice; the spreadsheet shows it as text. A cell "could start a
  formula" when its first character is one of `= + - @`, a tab or a carriage
  return, or when that first character is any whitespace (spaces, line ends,
  no-break spaces) followed by one of `= + - @`: some programs trim leading
  spaces before they look, so we do not rely on them keeping them.
- The full-width forms `＝ ＋ － ＠` and the minus sign `−` count as well. Some
  spreadsheets, set up for Chinese or Japanese, turn them into the ASCII
  characters; the quote costs nothing in ordinary text.
- Typed values from our own code are written as they are: `int`, `float` and
  `Decimal` as numbers (so `-5` stays the number -5, which runs nothing), `date`
  and `datetime` in ISO 8601, `None` as an empty cell. Only text is escaped, and
  any other object is written as its text, escaped. A count kept as text
  ("-5") therefore reads `'-5`: store numbers as numbers.
- `bool` is written `true` or `false`, never as a number.

Files are UTF-8 with a byte order mark (so Excel reads the accents right), with
CRLF line ends and quoting by the `csv` module (RFC 4180): quotes, commas and
line breaks inside a cell stay inside it. `tests/test_every_csv_is_safe.py`
fails when any other module of `portal/` imports `csv` or names the CSV
content type: use `write_csv`, `csv_bytes` and `CONTENT_TYPE` from here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TextIO

CONTENT_TYPE = "text/csv; charset=utf-8"

CellValue = str | int | float | Decimal | date | datetime | bool | None

# A formula starts with one of these (ASCII and their full-width forms, and the minus sign).
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\u2212")
# A spreadsheet may run a cell that starts with these even before a formula character.
CONTROL_STARTS = frozenset("\t\r")
ESCAPE = "'"


def could_run(text: str) -> bool:
    """Whether a spreadsheet might read `text` as a formula."""
    if not text:
        return False
    if text[0] in FORMULA_STARTS or text[0] in CONTROL_STARTS:
        return True
    stripped = text.lstrip()
    return stripped != text and stripped[:1] in FORMULA_STARTS


def safe_cell(value: object) -> str:
    """One cell's text, as it is written to the file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    text = str(value)
    return ESCAPE + text if could_run(text) else text


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> None:
    """Write `header` then `rows` to a text stream opened with `newline=""`."""
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_cell(name) for name in header])
    width = len(header)
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(f"row {number} has {len(row)} cells, the header has {width}")
        writer.writerow([safe_cell(value) for value in row])


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> bytes:
    """The whole file: UTF-8 with a byte order mark, ready to send."""
    text = io.StringIO(newline="")
    write_csv(text, header, rows)
    return text.getvalue().encode("utf-8-sig")

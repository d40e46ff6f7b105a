"""Disclosure control for anonymised reports: counts that cannot point at a family.

The rules (issue 13):

- A count of 1 to 7 is shown as `*` (primary suppression).
- Any other count is rounded to the nearest 5: 8 → 10, 12 → 10, 13 → 15. A count
  is whole, so there is never a tie to break. 0 is shown as 0.
- Totals are worked out from the true counts, then rounded or shown as `*` by the
  same rule; they are never the sum of rounded cells. So rounded cells may not add
  up to their rounded total, and the report says so.
- Secondary suppression: a line (a row or a column with its total, or the totals
  with the grand total) with one `*` would let anyone work the hidden count out by
  subtraction. Rounding to 5 narrows that to a few values, not enough to trust. So
  more cells are hidden (the smallest non-zero shown one in the line) until no line
  has a lone `*`. Then an audit reads the shown table as an attacker told which `*`
  are small counts, and hides more beside any hidden count it can still pin down
  (see `suppression`). A cell hidden to protect another is shown as `*` too.
- Percentages are worked out from the rounded count over the rounded total, which
  is given as the denominator; `*` when the count is hidden, and not shown at all
  when the total is hidden or 0.

Worked example, true counts → shown (see also docs/reports.md):

    true       Web Text Paper | Total        shown      Web Text Paper | Total
    Very good   23   19    14 |    56        Very good   25   20    15 |    55
    Good         6   12    18 |    36   →    Good         *    *    20 |    35
    Poor        10   11    31 |    52        Poor         *    *    30 |    50
    Total       39   42    63 |   144        Total       40   40    65 |   145

Good on the web (6) is `*`. Alone in its row it could be worked out from the
total, so Good by text (12, the smallest other count in the row) is hidden too;
that leaves the Web column with a lone `*`, so Poor on the web (10) is hidden,
and then Poor by text (11) for the Poor row. Every line now has two `*` or none.
The rounded total 145 is not 144 rounded from the cells: totals are rounded
from the true counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from portal.services.reporting.suppression import (
    Line,
    category_lines,
    hide_until_safe,
    is_small,
    rounded_to_5,
    table_lines,
)

HIDDEN = "*"


class Protection(StrEnum):
    ZERO = "zero"  # shown as 0
    ROUNDED = "rounded"  # shown to the nearest 5
    SMALL_COUNT = "small_count"  # 1 to 7, hidden
    PROTECTS_ANOTHER = "protects_another"  # hidden so that a small count cannot be worked out


@dataclass(frozen=True)
class ShownCell:
    shown: str
    suppressed: bool
    rounded: int | None
    reason: Protection


@dataclass(frozen=True)
class CountTable:
    """True counts, rows × columns; the totals are worked out from them."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.row_labels) or any(
            len(row) != len(self.column_labels) for row in self.counts
        ):
            raise ValueError("the counts do not match the row and column labels")
        if not self.row_labels or not self.column_labels:
            raise ValueError("a table needs at least one row and one column")
        if any(count < 0 for row in self.counts for count in row):
            raise ValueError("a count cannot be negative")


@dataclass(frozen=True)
class ProtectedTable:
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[ShownCell, ...], ...]
    row_totals: tuple[ShownCell, ...]
    column_totals: tuple[ShownCell, ...]
    grand_total: ShownCell


@dataclass(frozen=True)
class ProtectedCategories:
    labels: tuple[str, ...]
    cells: tuple[ShownCell, ...]
    total: ShownCell


def shown_cell(count: int, *, hidden: bool = False) -> ShownCell:
    """One count as shown: `*`, 0, or rounded to the nearest 5."""
    if is_small(count):
        return ShownCell(HIDDEN, True, None, Protection.SMALL_COUNT)
    if hidden:
        return ShownCell(HIDDEN, True, None, Protection.PROTECTS_ANOTHER)
    if count == 0:
        return ShownCell("0", False, 0, Protection.ZERO)
    rounded = rounded_to_5(count)
    return ShownCell(str(rounded), False, rounded, Protection.ROUNDED)


def protected_counts(
    counts: Sequence[int], lines: Sequence[Line], *, secondary: bool = True
) -> list[ShownCell]:
    """Every cell of a flat table (counts then totals) as shown. `secondary=False`
    leaves out secondary suppression: for tests that show why it is needed."""
    hidden = {cell for cell, count in enumerate(counts) if is_small(count)}
    if secondary:
        hide_until_safe(counts, hidden, lines)
    return [shown_cell(count, hidden=cell in hidden) for cell, count in enumerate(counts)]


def flat_counts(table: CountTable) -> list[int]:
    """The counts row by row, then the row totals, the column totals and the grand total."""
    counts = [count for row in table.counts for count in row]
    row_totals = [sum(row) for row in table.counts]
    column_totals = [sum(column) for column in zip(*table.counts, strict=True)]
    return [*counts, *row_totals, *column_totals, sum(row_totals)]


def protect_table(table: CountTable, *, secondary: bool = True) -> ProtectedTable:
    rows, columns = len(table.row_labels), len(table.column_labels)
    shown = protected_counts(flat_counts(table), table_lines(rows, columns), secondary=secondary)
    counts = rows * columns
    return ProtectedTable(
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=tuple(tuple(shown[r * columns : (r + 1) * columns]) for r in range(rows)),
        row_totals=tuple(shown[counts : counts + rows]),
        column_totals=tuple(shown[counts + rows : counts + rows + columns]),
        grand_total=shown[-1],
    )


def protect_categories(
    labels: Sequence[str], counts: Sequence[int], *, secondary: bool = True
) -> ProtectedCategories:
    """A one-way table, such as the six Friends and Family Test answers, and its total."""
    if len(labels) != len(counts) or not labels:
        raise ValueError("each category needs one count")
    if any(count < 0 for count in counts):
        raise ValueError("a count cannot be negative")
    shown = protected_counts(
        [*counts, sum(counts)], category_lines(len(counts)), secondary=secondary
    )
    return ProtectedCategories(labels=tuple(labels), cells=tuple(shown[:-1]), total=shown[-1])


def percentage(cell: ShownCell, denominator: ShownCell) -> str | None:
    """The rounded count as a whole percentage of the rounded denominator (half up);
    `*` when the count is hidden; None (not shown) when the denominator is hidden or 0."""
    if denominator.suppressed or not denominator.rounded:
        return None
    if cell.suppressed or cell.rounded is None:
        return HIDDEN
    whole = (200 * cell.rounded + denominator.rounded) // (2 * denominator.rounded)
    return f"{whole}%"

"""Secondary suppression for `disclosure`: the table as lines (each a set of cells that
add up to a total), the rule that no line shows a lone `*`, and an audit that reads the
shown table as an attacker would and hides more until no hidden count can be pinned.

Cells are numbered in one flat list (the counts, then the totals); a line is the
numbers of its members and of its total. The audit's attacker is told more than the
page shows, to be safe: which `*` hides a small count (so 1 to 7) and which hides a
larger one to protect it (so 8 or more). Shown figures are known within their rounding
(10 means 8 to 12), a 0 exactly. Interval propagation over the lines, to a fixed
point, gives each hidden cell the range it could have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_SHOWN = 8
LARGEST_HIDDEN = 7
UNBOUNDED = 10**9
MAX_PASSES = 500


@dataclass(frozen=True)
class Line:
    members: tuple[int, ...]
    total: int

    @property
    def cells(self) -> tuple[int, ...]:
        return (*self.members, self.total)


def table_lines(rows: int, columns: int) -> tuple[Line, ...]:
    """The lines of a table with row, column and grand totals, in flat numbering:
    counts row by row, then the row totals, the column totals and the grand total."""
    counts = rows * columns
    row_total = [counts + r for r in range(rows)]
    column_total = [counts + rows + c for c in range(columns)]
    grand = counts + rows + columns
    lines = [
        Line(tuple(r * columns + c for c in range(columns)), row_total[r]) for r in range(rows)
    ]
    lines += [
        Line(tuple(r * columns + c for r in range(rows)), column_total[c]) for c in range(columns)
    ]
    lines.append(Line(tuple(column_total), grand))
    lines.append(Line(tuple(row_total), grand))
    return tuple(lines)


def category_lines(categories: int) -> tuple[Line, ...]:
    """One line: the categories add up to the total (numbered last)."""
    return (Line(tuple(range(categories)), categories),)


def rounded_to_5(count: int) -> int:
    """The nearest multiple of 5 (a count is whole, so there is never a tie)."""
    return 5 * ((count + 2) // 5)


def is_small(count: int) -> bool:
    return 1 <= count <= LARGEST_HIDDEN


def hide_lone_cells(counts: Sequence[int], hidden: set[int], lines: Sequence[Line]) -> None:
    """Hide more cells until no line has exactly one hidden cell: the smallest non-zero
    shown member of the line (its total only when no member will do)."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line.cells) == 1:
                hidden.add(_next_to_hide(counts, hidden, line.members, line.total))
                changed = True


def _next_to_hide(
    counts: Sequence[int], hidden: set[int], members: Sequence[int], total: int
) -> int:
    shown = [cell for cell in members if cell not in hidden and counts[cell] > 0]
    if shown:
        return min(shown, key=lambda cell: (counts[cell], cell))
    return total


def known_range(counts: Sequence[int], hidden: set[int], cell: int) -> tuple[int, int]:
    """What the audit's attacker knows of one cell before reading any line."""
    count = counts[cell]
    if cell in hidden:
        return (1, LARGEST_HIDDEN) if is_small(count) else (SMALLEST_SHOWN, UNBOUNDED)
    if count == 0:
        return (0, 0)
    shown = rounded_to_5(count)
    return (max(SMALLEST_SHOWN, shown - 2), shown + 2)


def feasible_ranges(
    counts: Sequence[int], hidden: set[int], lines: Sequence[Line]
) -> list[tuple[int, int]]:
    """Each cell's range once the lines' sums are applied until nothing narrows."""
    ranges = [known_range(counts, hidden, cell) for cell in range(len(counts))]
    for _ in range(MAX_PASSES):
        narrowed = False
        for line in lines:
            narrowed |= _narrow(ranges, line)
        if not narrowed:
            break
    return ranges


def _narrow(ranges: list[tuple[int, int]], line: Line) -> bool:
    low = sum(ranges[m][0] for m in line.members)
    high = sum(ranges[m][1] for m in line.members)
    total_low, total_high = ranges[line.total]
    bounds = {line.total: (low, high)}
    for member in line.members:
        member_low, member_high = ranges[member]
        bounds[member] = (total_low - (high - member_high), total_high - (low - member_low))
    narrowed = False
    for cell, (new_low, new_high) in bounds.items():
        old_low, old_high = ranges[cell]
        tighter = (max(old_low, new_low), min(old_high, min(new_high, UNBOUNDED)))
        if tighter != (old_low, old_high):
            ranges[cell] = tighter
            narrowed = True
    return narrowed


def pinned_cells(counts: Sequence[int], hidden: set[int], lines: Sequence[Line]) -> list[int]:
    """Hidden cells the audit's attacker narrows to a single value."""
    ranges = feasible_ranges(counts, hidden, lines)
    return [cell for cell in sorted(hidden) if ranges[cell][0] >= ranges[cell][1]]


def hide_until_safe(counts: Sequence[int], hidden: set[int], lines: Sequence[Line]) -> None:
    """Secondary suppression: no lone `*` in a line, then one more cell beside each
    hidden cell the attacker can still pin down, until none can be."""
    hide_lone_cells(counts, hidden, lines)
    while pinned := pinned_cells(counts, hidden, lines):
        extra = _beside(counts, hidden, lines, pinned[0])
        if extra is None:
            return
        hidden.add(extra)
        hide_lone_cells(counts, hidden, lines)


def _beside(
    counts: Sequence[int], hidden: set[int], lines: Sequence[Line], cell: int
) -> int | None:
    near = {other for line in lines if cell in line.cells for other in line.cells}
    for candidates in (near, set(range(len(counts)))):
        shown = [other for other in candidates if other not in hidden and counts[other] > 0]
        if shown:
            return min(shown, key=lambda other: (counts[other], other))
    return None

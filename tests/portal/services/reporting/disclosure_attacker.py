"""An attacker for the disclosure tests, written apart from the portal's own audit:
given only what a protected table shows, it works out the range each hidden count
could have, by interval propagation on the sums of rows, columns and totals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.services.reporting.disclosure import (
    ProtectedCategories,
    ProtectedTable,
    Protection,
    ShownCell,
)

NO_LIMIT = 10**6
Key = tuple[str, int, int]
Reading = Callable[[ShownCell], tuple[int, int]]


def reads_the_page(cell: ShownCell) -> tuple[int, int]:
    """What anyone knows from the page and its rules: `*` is at least 1; a shown
    figure is within 2 of its true count and at least 8; 0 is 0."""
    if cell.suppressed:
        return (1, NO_LIMIT)
    assert cell.rounded is not None
    if cell.rounded == 0:
        return (0, 0)
    return (max(8, cell.rounded - 2), cell.rounded + 2)


def told_the_reasons(cell: ShownCell) -> tuple[int, int]:
    """Stronger: also told which `*` hides a small count (1 to 7) and which a larger one."""
    if cell.reason is Protection.SMALL_COUNT:
        return (1, 7)
    if cell.reason is Protection.PROTECTS_ANOTHER:
        return (8, NO_LIMIT)
    return reads_the_page(cell)


@dataclass(frozen=True)
class Sum:
    parts: tuple[Key, ...]
    whole: Key


def table_cells(table: ProtectedTable) -> dict[Key, ShownCell]:
    cells = {
        ("count", r, c): cell for r, row in enumerate(table.cells) for c, cell in enumerate(row)
    }
    cells.update({("row total", r, 0): cell for r, cell in enumerate(table.row_totals)})
    cells.update({("column total", 0, c): cell for c, cell in enumerate(table.column_totals)})
    cells[("grand total", 0, 0)] = table.grand_total
    return cells


def table_sums(table: ProtectedTable) -> list[Sum]:
    rows, columns = range(len(table.row_labels)), range(len(table.column_labels))
    sums = [Sum(tuple(("count", r, c) for c in columns), ("row total", r, 0)) for r in rows]
    sums += [Sum(tuple(("count", r, c) for r in rows), ("column total", 0, c)) for c in columns]
    sums.append(Sum(tuple(("row total", r, 0) for r in rows), ("grand total", 0, 0)))
    sums.append(Sum(tuple(("column total", 0, c) for c in columns), ("grand total", 0, 0)))
    return sums


def category_cells(categories: ProtectedCategories) -> dict[Key, ShownCell]:
    cells = {("count", 0, c): cell for c, cell in enumerate(categories.cells)}
    cells[("grand total", 0, 0)] = categories.total
    return cells


def category_sums(categories: ProtectedCategories) -> list[Sum]:
    parts = tuple(("count", 0, c) for c in range(len(categories.cells)))
    return [Sum(parts, ("grand total", 0, 0))]


def attack(
    cells: dict[Key, ShownCell], sums: list[Sum], reading: Reading
) -> dict[Key, tuple[int, int]]:
    """The feasible range of every cell, narrowed until a whole pass changes nothing."""
    low = {key: reading(cell)[0] for key, cell in cells.items()}
    high = {key: reading(cell)[1] for key, cell in cells.items()}
    for _ in range(10_000):
        before = (dict(low), dict(high))
        for total in sums:
            parts_low = sum(low[p] for p in total.parts)
            parts_high = sum(high[p] for p in total.parts)
            low[total.whole] = max(low[total.whole], parts_low)
            high[total.whole] = min(high[total.whole], parts_high)
            for part in total.parts:
                others_low = parts_low - low[part]
                others_high = parts_high - high[part]
                low[part] = max(low[part], low[total.whole] - others_high)
                high[part] = min(high[part], high[total.whole] - others_low)
        if (low, high) == before:
            break
    return {key: (low[key], high[key]) for key in cells}

"""Disclosure control: small counts hidden, others rounded to 5, totals from the true
counts, percentages from the rounded figures, and the proof that no hidden count can
be worked out from the totals and the other cells."""

from __future__ import annotations

import random

import pytest

from portal.services.reporting.disclosure import (
    CountTable,
    ProtectedCategories,
    ProtectedTable,
    Protection,
    ShownCell,
    percentage,
    protect_categories,
    protect_table,
    shown_cell,
)
from tests.portal.services.reporting.disclosure_attacker import (
    Key,
    Reading,
    attack,
    category_cells,
    category_sums,
    reads_the_page,
    table_cells,
    table_sums,
    told_the_reasons,
)

FFT = ("Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know")


def _shown(cells: tuple[ShownCell, ...]) -> list[str]:
    return [cell.shown for cell in cells]


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10"), (13, "15"), (17, "15"), (18, "20")],
)
def test_small_counts_are_hidden_and_others_rounded_to_5(count: int, shown: str) -> None:
    assert shown_cell(count).shown == shown


def test_a_cell_says_why_it_is_shown_as_it_is() -> None:
    assert shown_cell(0) == ShownCell("0", False, 0, Protection.ZERO)
    assert shown_cell(3) == ShownCell("*", True, None, Protection.SMALL_COUNT)
    assert shown_cell(13) == ShownCell("15", False, 15, Protection.ROUNDED)
    assert shown_cell(13, hidden=True) == ShownCell("*", True, None, Protection.PROTECTS_ANOTHER)


def test_the_worked_example() -> None:
    table = protect_table(
        CountTable(
            ("Very good", "Good", "Poor"),
            ("Web", "Text", "Paper"),
            ((23, 19, 14), (6, 12, 18), (10, 11, 31)),
        )
    )
    assert [_shown(row) for row in table.cells] == [
        ["25", "20", "15"],
        ["*", "*", "20"],
        ["*", "*", "30"],
    ]
    assert _shown(table.row_totals) == ["55", "35", "50"]
    assert _shown(table.column_totals) == ["40", "40", "65"]
    assert table.grand_total.shown == "145"  # 144 rounded, not the sum of rounded cells
    assert table.cells[1][0].reason is Protection.SMALL_COUNT
    assert table.cells[1][1].reason is Protection.PROTECTS_ANOTHER


def test_the_six_answers_with_their_percentages() -> None:
    answers = protect_categories(FFT, [41, 12, 4, 0, 0, 3])
    assert _shown(answers.cells) == ["40", "10", "*", "0", "0", "*"]
    assert answers.total.shown == "60"
    shares = [percentage(cell, answers.total) for cell in answers.cells]
    assert shares == ["67%", "17%", "*", "0%", "0%", "*"]


def test_no_percentage_when_the_denominator_is_hidden_or_nothing() -> None:
    small = protect_categories(FFT, [3, 2, 0, 0, 0, 0])
    assert small.total.shown == "*"
    assert [percentage(cell, small.total) for cell in small.cells] == [None] * 6
    nothing = protect_categories(FFT, [0] * 6)
    assert _shown(nothing.cells) == ["0"] * 6
    assert [percentage(cell, nothing.total) for cell in nothing.cells] == [None] * 6


def test_percentages_round_half_up() -> None:
    assert percentage(shown_cell(10), shown_cell(80)) == "13%"  # 12.5
    assert percentage(shown_cell(10), shown_cell(30)) == "33%"


def test_a_lone_star_is_joined_by_the_smallest_other_count_in_its_line() -> None:
    answers = protect_categories(FFT, [50, 20, 9, 2, 0, 0])
    assert _shown(answers.cells) == ["50", "20", "*", "*", "0", "0"]
    assert answers.cells[2].reason is Protection.PROTECTS_ANOTHER


def test_the_audit_hides_more_when_two_stars_are_not_enough() -> None:
    # Good (8) is hidden beside Poor (1); but Good is at least 8, so Poor would be
    # at most 22 - 13 - 8 = 1. Very good is hidden as well.
    answers = protect_categories(FFT, [13, 8, 0, 1, 0, 0])
    assert _shown(answers.cells) == ["*", "*", "0", "*", "0", "0"]


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="do not match"):
        CountTable(("a",), ("x", "y"), ((1,),))
    with pytest.raises(ValueError, match="negative"):
        CountTable(("a",), ("x",), ((-1,),))
    with pytest.raises(ValueError, match="one count"):
        protect_categories(FFT, [1, 2])


# The proof: an attacker who sees only the shown table cannot pin down a hidden count.


def _random_count(rng: random.Random) -> int:
    kind = rng.random()
    if kind < 0.25:
        return 0
    if kind < 0.55:
        return rng.randint(1, 7)
    if kind < 0.85:
        return rng.randint(8, 30)
    return rng.randint(31, 200)


def _random_tables(seed: int, how_many: int) -> list[CountTable]:
    rng = random.Random(seed)
    tables = []
    for _ in range(how_many):
        rows, columns = rng.randint(1, 4), rng.randint(1, 5)
        counts = tuple(tuple(_random_count(rng) for _ in range(columns)) for _ in range(rows))
        tables.append(
            CountTable(
                tuple(f"r{r}" for r in range(rows)), tuple(f"c{c}" for c in range(columns)), counts
            )
        )
    return tables


EDGE_TABLES = [
    CountTable(("a",), ("x",), ((3,),)),
    CountTable(("a",), ("x",), ((30,),)),
    CountTable(("a", "b"), ("x", "y"), ((0, 0), (0, 0))),
    CountTable(("a", "b"), ("x", "y"), ((1, 1), (1, 1))),
    CountTable(("a", "b"), ("x", "y"), ((0, 1), (0, 0))),
    CountTable(("a", "b"), ("x", "y"), ((1, 8), (8, 5))),
    CountTable(("a", "b", "c"), ("x",), ((8,), (1,), (13,))),
    CountTable(("a", "b"), ("x", "y", "z"), ((100, 100, 1), (100, 100, 100))),
]


def _true_values(table: CountTable) -> dict[Key, int]:
    values: dict[Key, int] = {
        ("count", r, c): count for r, row in enumerate(table.counts) for c, count in enumerate(row)
    }
    for r, row in enumerate(table.counts):
        values[("row total", r, 0)] = sum(row)
    for c, column in enumerate(zip(*table.counts, strict=True)):
        values[("column total", 0, c)] = sum(column)
    values[("grand total", 0, 0)] = sum(map(sum, table.counts))
    return values


def _exposed(
    cells: dict[Key, ShownCell], ranges: dict[Key, tuple[int, int]], true: dict[Key, int]
) -> list[str]:
    """Hidden cells the attacker pins down; and any range that misses the truth (a
    broken attacker would prove nothing)."""
    found = []
    for key, cell in cells.items():
        low, high = ranges[key]
        assert low <= true[key] <= high, f"{key}: {true[key]} outside {ranges[key]}"
        if cell.reason is Protection.SMALL_COUNT:
            low, high = max(low, 1), min(high, 7)
        if cell.suppressed and high - low + 1 < 2:
            found.append(f"{key} is {true[key]}")
    return found


def _table_exposures(table: CountTable, reading: Reading, *, secondary: bool = True) -> list[str]:
    protected: ProtectedTable = protect_table(table, secondary=secondary)
    cells = table_cells(protected)
    return _exposed(cells, attack(cells, table_sums(protected), reading), _true_values(table))


def _category_exposures(
    counts: list[int], reading: Reading, *, secondary: bool = True
) -> list[str]:
    protected: ProtectedCategories = protect_categories(FFT, counts, secondary=secondary)
    cells = category_cells(protected)
    true = {("count", 0, c): count for c, count in enumerate(counts)}
    true[("grand total", 0, 0)] = sum(counts)
    return _exposed(cells, attack(cells, category_sums(protected), reading), true)


@pytest.mark.parametrize("reading", [reads_the_page, told_the_reasons])
def test_no_hidden_count_in_any_table_can_be_worked_out(reading: Reading) -> None:
    for table in [*EDGE_TABLES, *_random_tables(seed=13, how_many=2500)]:
        assert _table_exposures(table, reading) == [], table.counts


@pytest.mark.parametrize("reading", [reads_the_page, told_the_reasons])
def test_no_hidden_answer_of_the_six_can_be_worked_out(reading: Reading) -> None:
    rng = random.Random(6)
    edge = [[0] * 6, [1] * 6, [7, 0, 0, 0, 0, 0], [13, 8, 0, 1, 0, 0], [8, 1, 13, 0, 0, 0]]
    for counts in [*edge, *([_random_count(rng) for _ in FFT] for _ in range(2500))]:
        assert _category_exposures(counts, reading) == [], counts


def test_without_secondary_suppression_the_attacker_finds_a_lone_hidden_count() -> None:
    # Shown: 15, 10, 0, *, 0, 0 and 20: Poor is at most 22 - 13 - 8 = 1.
    assert _category_exposures([13, 8, 0, 1, 0, 0], reads_the_page, secondary=False) == [
        "('count', 0, 3) is 1"
    ]
    assert _table_exposures(EDGE_TABLES[6], reads_the_page, secondary=False) == [
        "('count', 1, 0) is 1",
        "('row total', 1, 0) is 1",
    ]


def test_without_secondary_suppression_many_random_tables_give_a_count_away() -> None:
    exposed = [
        table
        for table in _random_tables(seed=13, how_many=2500)
        if _table_exposures(table, reads_the_page, secondary=False)
    ]
    assert len(exposed) > 10

"""The caseload a page at a time, and the worklist cut short by kind."""

from __future__ import annotations

from datetime import date

from portal.services.records.caseload import CaseloadRow
from portal.services.records.home_paging import caseload_page, worklist_groups
from portal.services.records.worklist import WorkItem, WorkKind


def _rows(count: int) -> list[CaseloadRow]:
    return [
        CaseloadRow(
            young_person_id=number,
            preferred_name=f"Person {number}",
            legal_name=f"Person {number}",
            date_of_birth=date(2010, 1, 1),
            risk_rating=None,
            keyworker_name=None,
            next_meeting_at=None,
            next_meeting_kind=None,
        )
        for number in range(1, count + 1)
    ]


def test_the_caseload_is_shown_50_young_people_a_page() -> None:
    rows = _rows(120)
    first, last = caseload_page(rows, 1), caseload_page(rows, 3)
    assert (first.page, first.pages, first.total, first.first, first.last) == (1, 3, 120, 1, 50)
    assert [row.young_person_id for row in first.rows] == list(range(1, 51))
    assert (last.first, last.last) == (101, 120)
    assert [row.young_person_id for row in last.rows] == list(range(101, 121))


def test_a_page_past_either_end_shows_the_nearest_page() -> None:
    rows = _rows(51)
    assert caseload_page(rows, 99).page == 2
    assert caseload_page(rows, 0).page == 1
    empty = caseload_page([], 5)
    assert (empty.page, empty.pages, empty.rows, empty.first, empty.last) == (1, 1, [], 0, 0)


def _items(kind: WorkKind, count: int) -> list[WorkItem]:
    return [WorkItem(kind, number, f"Person {number}", None, None) for number in range(count)]


def test_each_kind_of_worklist_line_is_cut_short_unless_shown_in_full() -> None:
    worklist = _items(WorkKind.URGENT, 12) + _items(WorkKind.BIRTHDAY, 3)
    urgent, birthdays = worklist_groups(worklist, cap=10)
    assert (urgent.kind, len(urgent.items), urgent.total, urgent.cut_short) == (
        WorkKind.URGENT,
        10,
        12,
        True,
    )
    assert urgent.items == worklist[:10]  # in the worklist's order
    assert (len(birthdays.items), birthdays.cut_short) == (3, False)
    urgent, _ = worklist_groups(worklist, {WorkKind.URGENT}, cap=10)
    assert (len(urgent.items), urgent.cut_short) == (12, False)
    assert worklist_groups([]) == []

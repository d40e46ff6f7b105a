"""The staff home in pieces a person can read: the caseload a page at a time,
and the worklist with each kind of item cut short after a few lines.

A manager's team can be a few hundred young people and a few thousand
worklist lines. Both lists are still worked out whole (a fixed number of
queries, `worklist.staff_home`), so the counts and the order are the same on
every page; only what is shown is cut. A keyworker's own list is short enough
that nothing is cut.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from portal.services.paging import page_of
from portal.services.records.caseload import CaseloadRow
from portal.services.records.worklist import WorkItem, WorkKind

CASELOAD_PAGE_SIZE = 50
# Lines of one kind shown before "Show all".
WORKLIST_KIND_CAP = 10


@dataclass(frozen=True)
class CaseloadPage:
    rows: Sequence[CaseloadRow]
    page: int
    pages: int
    # Everyone on every page (after the filter).
    total: int
    # The place of the first and the last row shown, counting from 1.
    first: int
    last: int


def caseload_page(
    caseload: Sequence[CaseloadRow], page: int, *, size: int = CASELOAD_PAGE_SIZE
) -> CaseloadPage:
    """Page `page` of `caseload` (the last page for a number past it, the
    first for one before it)."""
    span = page_of(len(caseload), page, size)
    return CaseloadPage(
        rows=caseload[span.offset : span.offset + size],
        page=span.page,
        pages=span.pages,
        total=span.total,
        first=span.first,
        last=span.last,
    )


@dataclass(frozen=True)
class WorkGroup:
    """The lines of one kind, in the worklist's order, and how many there are."""

    kind: WorkKind
    items: Sequence[WorkItem]
    total: int

    @property
    def cut_short(self) -> bool:
        return len(self.items) < self.total


def worklist_groups(
    worklist: Sequence[WorkItem],
    show_all: Collection[WorkKind] = (),
    *,
    cap: int = WORKLIST_KIND_CAP,
) -> list[WorkGroup]:
    """`worklist` (already most urgent first) by kind, each kind cut after
    `cap` lines unless it is in `show_all`."""
    by_kind: dict[WorkKind, list[WorkItem]] = {}
    for item in worklist:
        by_kind.setdefault(item.kind, []).append(item)
    return [
        WorkGroup(kind, items if kind in show_all else items[:cap], len(items))
        for kind, items in by_kind.items()
    ]

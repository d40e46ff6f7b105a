"""Long lists a page at a time, so a page's cost stays the same however long
a young person's history grows: which page, how many pages, which rows it
holds, and which page holds a given row. The list itself is read with LIMIT
and OFFSET by the service that owns it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session


@dataclass(frozen=True)
class PageOf:
    """Page `page` of `pages`, of a list of `total` rows, `size` to a page."""

    page: int
    pages: int
    total: int
    size: int

    @property
    def offset(self) -> int:
        """How many rows come before this page."""
        return (self.page - 1) * self.size

    @property
    def first(self) -> int:
        """The place of the page's first row, counting from 1 (0 for none)."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        """The place of the page's last row, counting from 1 (0 for none)."""
        return min(self.offset + self.size, self.total)


def page_of(total: int, wanted: int, size: int) -> PageOf:
    """Page `wanted` of a list of `total` rows: the last page for a number
    past it, the first for one before it."""
    if size < 1:
        raise ValueError("a page holds at least one row")
    pages = max(1, -(-total // size))
    return PageOf(page=min(max(wanted, 1), pages), pages=pages, total=total, size=size)


def page_holding(rows_before: int, size: int) -> int:
    """The page that holds the row with `rows_before` rows before it."""
    return rows_before // size + 1


def rows_before(
    session: Session,
    where: Sequence[ColumnElement[bool]],
    newest_first_by: tuple[InstrumentedAttribute[datetime], InstrumentedAttribute[int]],
    row: tuple[datetime, int],
) -> int:
    """How many rows matching `where` come before `row` (its time and id) in
    a list ordered newest first by `newest_first_by` (a time, then the id)."""
    when, row_id = newest_first_by
    at, its_id = row
    newer = or_(when > at, (when == at) & (row_id > its_id))
    return session.scalar(select(func.count()).select_from(when.class_).where(*where, newer)) or 0

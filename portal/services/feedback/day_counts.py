"""Keeping the service-wide day counts (`portal.models.feedback_counts`) true.

Anything that changes a day's figures marks what it touched: a response or
a part of one, a theme tag, a request, a meeting whose kind changed. New
and changed rows flushed through the ORM are marked by the listener below,
so no caller can forget; the few changes made with one SQL statement
(closing a request, confirming or removing a theme) mark themselves.

Just before the transaction commits, each marked day is recounted from the
rows themselves, with the SQL the collated view uses for every scope
(`collation_base.Responses`), and its counts replaced. The counts are
therefore exactly what counting the rows would give, and `recount_all`
(`flask --app portal recount-feedback`) can rebuild them at any time. A
reader in the same transaction gets its own changes counted first
(`bring_up_to_date`).

Two transactions changing the same day must not both replace its counts
from what each saw alone. On PostgreSQL the recount takes an advisory lock
for the day before it reads, so the second waits for the first to commit
and then (READ COMMITTED: each statement sees what has been committed)
counts both. On SQLite a transaction that has written holds the database's
one write lock, so nothing else commits in between. The recount is the last
thing a transaction does, so holding a day's lock never waits for another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session, UOWTransaction, attributes, object_session

from portal.models import FeedbackRequest, FeedbackResponse, FeedbackThemeTag, Meeting
from portal.models.feedback_counts import (
    FeedbackDayCount,
    FeedbackRequestDayCount,
    FeedbackThemeDayCount,
)
from portal.services.feedback.day_counts_sql import (
    day_cube,
    day_requests,
    day_themes,
)
from portal.timezones import LONDON

# The first of the two keys of PostgreSQL's advisory locks on days.
_LOCK_CLASS = 1301
_MARKS = "feedback_day_count_marks"
_OFF = "feedback_day_counts_off"


def without_day_counts(session: Session) -> Session:
    """Keep no counts in `session`: for work on a database from before the
    counts existed (migration 0023), such as a test of an older migration."""
    session.info[_OFF] = True
    return session


@dataclass
class _Marks:
    response_ids: set[int] = field(default_factory=set)
    request_ids: set[int] = field(default_factory=set)
    meeting_ids: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.response_ids or self.request_ids or self.meeting_ids)


def _marks(session: Session) -> _Marks:
    marks = session.info.get(_MARKS)
    if marks is None:
        marks = session.info[_MARKS] = _Marks()
    return marks


def mark_response(session: Session, response_id: int) -> None:
    """A response (or a part of one), or its theme tags, changed."""
    _marks(session).response_ids.add(response_id)


def mark_request(session: Session, request_id: int) -> None:
    """A request was made, sent or answered."""
    _marks(session).request_ids.add(request_id)


def london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def bring_up_to_date(session: Session) -> None:
    """Recount every day this transaction changed, so far. Does not commit."""
    session.flush()
    marks = session.info.pop(_MARKS, None)
    if not marks:
        return
    response_days, request_days = _days_of(session, marks)
    for day in sorted(response_days | request_days):
        _lock(session, day)
        recount(session, day, day, responses=day in response_days, requests=day in request_days)


def recount(
    session: Session, first: date, last: date, *, responses: bool = True, requests: bool = True
) -> None:
    """Replace the counts of the days `first` to `last` (a month at most)
    with those the rows give now."""
    if responses:
        _replace(session, FeedbackDayCount, first, last, day_cube(session, first, last))
        _replace(session, FeedbackThemeDayCount, first, last, day_themes(session, first, last))
    if requests:
        _replace(session, FeedbackRequestDayCount, first, last, day_requests(session, first, last))


def recount_all(session: Session) -> int:
    """Rebuild every day's counts from the rows, a month at a time; the
    number of months recounted. Does not commit."""
    session.flush()
    session.info.pop(_MARKS, None)
    for table in (FeedbackDayCount, FeedbackThemeDayCount, FeedbackRequestDayCount):
        session.execute(delete(table))
    earliest = [
        session.scalar(select(func.min(FeedbackResponse.received_at))),
        session.scalar(select(func.min(FeedbackRequest.requested_at))),
    ]
    latest = [
        session.scalar(select(func.max(FeedbackResponse.received_at))),
        session.scalar(select(func.max(FeedbackRequest.requested_at))),
    ]
    known = [moment for moment in earliest if moment is not None]
    if not known:
        return 0
    month = london_day(min(known)).replace(day=1)
    last_day = london_day(max(moment for moment in latest if moment is not None))
    months = 0
    while month <= last_day:
        following = (month + timedelta(days=32)).replace(day=1)
        recount(session, month, following - timedelta(days=1))
        month, months = following, months + 1
    return months


def fill_day_counts_if_missing(session: Session) -> int:
    """Count every day once if there are responses or requests and no counts
    at all (a database from before the counts); the months counted, or 0."""
    if session.scalar(select(FeedbackRequestDayCount.day).limit(1)) is not None:
        return 0
    if session.scalar(select(FeedbackDayCount.id).limit(1)) is not None:
        return 0
    return recount_all(session)


def _replace(
    session: Session, table: type[Any], first: date, last: date, rows: list[dict[str, Any]]
) -> None:
    session.execute(delete(table).where(table.day >= first, table.day <= last))
    if rows:
        session.execute(insert(table), rows)


def _lock(session: Session, day: date) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_CLASS, day.toordinal())))


def _days_of(session: Session, marks: _Marks) -> tuple[set[date], set[date]]:
    """The London days whose response counts and request counts the marks touch."""
    response_days: set[date] = set()
    ids = set(marks.response_ids)
    if marks.meeting_ids:
        ids.update(
            session.scalars(
                select(FeedbackResponse.id).where(
                    FeedbackResponse.meeting_id.in_(marks.meeting_ids)
                )
            )
        )
    if ids:
        # A part counts on its first part's day.
        heads = select(func.coalesce(FeedbackResponse.part_of_id, FeedbackResponse.id)).where(
            FeedbackResponse.id.in_(ids)
        )
        moments = session.scalars(
            select(FeedbackResponse.received_at).where(FeedbackResponse.id.in_(heads))
        )
        response_days = {london_day(moment) for moment in moments}
    request_days: set[date] = set()
    if marks.request_ids:
        moments = session.scalars(
            select(FeedbackRequest.requested_at).where(FeedbackRequest.id.in_(marks.request_ids))
        )
        request_days = {london_day(moment) for moment in moments}
    return response_days, request_days


@event.listens_for(Session, "after_flush")
def _mark_what_was_flushed(session: Session, _flush: UOWTransaction) -> None:
    if session.info.get(_OFF):
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, FeedbackResponse):
            mark_response(session, instance.id)
        elif isinstance(instance, FeedbackThemeTag):
            mark_response(session, instance.response_id)
        elif isinstance(instance, FeedbackRequest):
            mark_request(session, instance.id)
        elif isinstance(instance, Meeting) and _kind_changed(instance):
            _marks(session).meeting_ids.add(instance.id)


def _kind_changed(meeting: Meeting) -> bool:
    return object_session(meeting) is not None and bool(
        attributes.get_history(meeting, "kind").deleted
    )


@event.listens_for(Session, "before_commit")
def _recount_before_commit(session: Session) -> None:
    if session.info.get(_OFF):
        return
    if session.info.get(_MARKS) or session.new or session.dirty or session.deleted:
        bring_up_to_date(session)

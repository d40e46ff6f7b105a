"""The SQL of the service-wide day counts: counting some days' rows (for
`day_counts` to store), and reading the stored counts for a period (for
`collation`). Counting uses `collation_base.Responses`, as the collated
view does for every other scope, so both count by the same rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from portal.models import FeedbackRequest, FeedbackResponse, FeedbackThemeTag, Meeting
from portal.models.feedback_counts import (
    FeedbackDayCount,
    FeedbackRequestDayCount,
    FeedbackThemeDayCount,
)
from portal.services.feedback.collation_base import Responses, day_bounds, index_by
from portal.services.feedback.collation_scope import Scope, ScopeKind
from portal.services.feedback.periods import Period, next_month

SERVICE = Scope(ScopeKind.SERVICE)


def request_was_sent() -> ColumnElement[bool]:
    """A request is sent when a message was queued for it or it has a channel."""
    return or_(FeedbackRequest.message_id.is_not(None), FeedbackRequest.channel.is_not(None))


def _day(period: Period, index: int) -> date:
    return period.first + timedelta(days=index)


def day_cube(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    """The rows of `feedback_day_counts` for the days `first` to `last`."""
    period = Period(first, last)
    responses = Responses(period, SERVICE)
    dims = (
        responses.day_index().label("day"),
        responses.answer.label("fft_answer"),
        FeedbackResponse.channel.label("channel"),
        FeedbackResponse.answered_by.label("answered_by"),
        Meeting.kind.label("meeting_kind"),
    )
    rows = responses.select_from(select(*dims, func.count())).outerjoin(
        Meeting, Meeting.id == FeedbackResponse.meeting_id
    )
    query = rows.group_by(*(dim.element for dim in dims))
    return [
        {
            "day": _day(period, day),
            "fft_answer": answer,
            "channel": channel,
            "answered_by": answered_by,
            "meeting_kind": kind,
            "responses": count,
        }
        for day, answer, channel, answered_by, kind, count in session.execute(query)
    ]


def day_themes(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    """The rows of `feedback_theme_day_counts` for the days `first` to `last`."""
    period = Period(first, last)
    responses = Responses(period, SERVICE)
    day = responses.day_index()
    query = (
        responses.select_from(select(day, FeedbackThemeTag.theme_id, func.count()))
        .join(FeedbackThemeTag, FeedbackThemeTag.response_id == FeedbackResponse.id)
        .group_by(day, FeedbackThemeTag.theme_id)
    )
    return [
        {"day": _day(period, index), "theme_id": theme_id, "responses": count}
        for index, theme_id, count in session.execute(query)
    ]


def day_requests(session: Session, first: date, last: date) -> list[dict[str, Any]]:
    """The rows of `feedback_request_day_counts` for the days `first` to `last`."""
    period = Period(first, last)
    day = index_by(FeedbackRequest.requested_at, day_bounds(period))
    query = (
        select(day, func.count(), func.count(FeedbackRequest.answered_at))
        .where(
            request_was_sent(),
            FeedbackRequest.requested_at >= period.starts_at,
            FeedbackRequest.requested_at < period.ends_at,
        )
        .group_by(day)
    )
    return [
        {"day": _day(period, index), "sent": sent, "answered": answered}
        for index, sent, answered in session.execute(query)
    ]


def _in_period(table: Any, period: Period) -> list[ColumnElement[bool]]:
    return [table.day >= period.first, table.day <= period.last]


def counted_cube(session: Session, period: Period) -> list[tuple[Any, ...]]:
    """(month index, answer, channel, who, kind of meeting, responses) from
    the day counts, as `collation` counts the rows for other scopes."""
    months = period.months()
    month = index_by(FeedbackDayCount.day, [next_month(month) for month in months[:-1]])
    dims = (
        month,
        FeedbackDayCount.fft_answer,
        FeedbackDayCount.channel,
        FeedbackDayCount.answered_by,
        FeedbackDayCount.meeting_kind,
    )
    query = (
        select(*dims, func.sum(FeedbackDayCount.responses))
        .where(*_in_period(FeedbackDayCount, period))
        .group_by(*dims)
    )
    return [tuple(row) for row in session.execute(query)]


def counted_themes(period: Period) -> Select[int, int]:
    """(theme id, responses) from the day counts, as a subquery to join."""
    return (
        select(
            FeedbackThemeDayCount.theme_id.label("theme_id"),
            func.sum(FeedbackThemeDayCount.responses).label("responses"),
        )
        .where(*_in_period(FeedbackThemeDayCount, period))
        .group_by(FeedbackThemeDayCount.theme_id)
    )


def counted_requests(session: Session, period: Period) -> tuple[int, int]:
    """(requests sent, of which answered) from the day counts."""
    row = session.execute(
        select(
            func.coalesce(func.sum(FeedbackRequestDayCount.sent), 0),
            func.coalesce(func.sum(FeedbackRequestDayCount.answered), 0),
        ).where(*_in_period(FeedbackRequestDayCount, period))
    ).one()
    return int(row[0]), int(row[1])

"""The true figures behind the anonymised feedback report for commissioners:
service-wide, for a period, by SQL aggregation (a fixed number of queries
whatever the number of answers).

These are exact counts. They never leave the portal as they are: the report
shows them only through disclosure control (`portal.services.feedback.report`).
Months are months as the clocks in London show them, and an answer belongs
to the moment it arrived.

What counts:
- an **answer** is a response row with one of the six Friends and Family
  Test answers (a text answer in parts has the answer on one part only, so
  each answer counts once);
- a **request sent** is a feedback request in the period that a message was
  queued for; it is **answered** when an answer or comment closed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from portal.models import (
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
)
from portal.timezones import LONDON

ANSWERS: tuple[FftAnswer, ...] = tuple(FftAnswer)


@dataclass(frozen=True)
class Period:
    """From the start of `first_day` to the end of `last_day`, London days."""

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError("the period ends before it starts")

    @property
    def starts(self) -> datetime:
        return london_midnight(self.first_day)

    @property
    def ends(self) -> datetime:
        return london_midnight(date.fromordinal(self.last_day.toordinal() + 1))

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        month = self.first_day.replace(day=1)
        months = []
        while month <= self.last_day:
            months.append(month)
            month = next_month(month)
        return months


def next_month(month: date) -> date:
    if month.month == 12:
        return month.replace(year=month.year + 1, month=1)
    return month.replace(month=month.month + 1)


def london_midnight(day: date) -> datetime:
    """The moment `day` starts in London."""
    return datetime.combine(day, time(0), tzinfo=LONDON)


@dataclass(frozen=True)
class MonthFigures:
    month: date
    answers: dict[FftAnswer, int]
    requests_sent: int
    requests_answered: int


@dataclass(frozen=True)
class ReportData:
    period: Period
    answers: dict[FftAnswer, int]
    months: list[MonthFigures]
    requests_sent: int
    requests_answered: int
    # Active themes in their order, with how many responses carry each.
    themes: list[tuple[str, int]]

    @property
    def total_answers(self) -> int:
        return sum(self.answers.values())


def month_of(column: InstrumentedAttribute[datetime], months: Sequence[date]) -> ColumnElement[int]:
    """The index in `months` of the London month `column` falls in: a CASE over
    the month boundaries, the same on SQLite and PostgreSQL."""
    return case(
        *(
            (column < london_midnight(next_month(month)), index)
            for index, month in enumerate(months)
        ),
        else_=len(months),
    )


def report_data(session: Session, period: Period) -> ReportData:
    """The exact service-wide figures for `period`: three queries."""
    months = period.months()
    answer_counts = _answers_by_month(session, period, months)
    sent, answered = _requests_by_month(session, period, months)
    by_month = [
        MonthFigures(
            month=month,
            answers={answer: answer_counts.get((index, answer), 0) for answer in ANSWERS},
            requests_sent=sent.get(index, 0),
            requests_answered=answered.get(index, 0),
        )
        for index, month in enumerate(months)
    ]
    return ReportData(
        period=period,
        answers={answer: sum(m.answers[answer] for m in by_month) for answer in ANSWERS},
        months=by_month,
        requests_sent=sum(sent.values()),
        requests_answered=sum(answered.values()),
        themes=_themes(session, period),
    )


def _in_period(column: InstrumentedAttribute[datetime], period: Period) -> ColumnElement[bool]:
    return (column >= period.starts) & (column < period.ends)


def _answers_by_month(
    session: Session, period: Period, months: list[date]
) -> dict[tuple[int, FftAnswer], int]:
    month = month_of(FeedbackResponse.received_at, months).label("month")
    query = (
        select(month, FeedbackResponse.fft_answer, func.count())
        .where(
            _in_period(FeedbackResponse.received_at, period),
            FeedbackResponse.fft_answer.is_not(None),
        )
        .group_by(month, FeedbackResponse.fft_answer)
    )
    return {(row[0], row[1]): row[2] for row in session.execute(query) if row[1] is not None}


def _requests_by_month(
    session: Session, period: Period, months: list[date]
) -> tuple[dict[int, int], dict[int, int]]:
    month = month_of(FeedbackRequest.requested_at, months).label("month")
    answered = func.count(FeedbackRequest.answered_at)
    query = (
        select(month, func.count(), answered)
        .where(
            _in_period(FeedbackRequest.requested_at, period),
            FeedbackRequest.message_id.is_not(None),
        )
        .group_by(month)
    )
    rows = session.execute(query).all()
    return {row[0]: row[1] for row in rows}, {row[0]: row[2] for row in rows}


def _themes(session: Session, period: Period) -> list[tuple[str, int]]:
    tagged = (
        select(FeedbackThemeTag.theme_id, func.count(func.distinct(FeedbackThemeTag.response_id)))
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackThemeTag.response_id)
        .where(_in_period(FeedbackResponse.received_at, period))
        .group_by(FeedbackThemeTag.theme_id)
        .subquery()
    )
    query = (
        select(FeedbackTheme.name, func.coalesce(tagged.c[1], 0))
        .outerjoin(tagged, tagged.c.theme_id == FeedbackTheme.id)
        .where(FeedbackTheme.active.is_(True))
        .order_by(FeedbackTheme.display_order, FeedbackTheme.id)
    )
    return [(name, count) for name, count in session.execute(query)]

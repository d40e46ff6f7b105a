"""The true figures behind the anonymised feedback report for commissioners:
service-wide, for a period, read from the day counts kept as answers arrive
(`portal.services.feedback.day_counts`): three queries, whatever the number
of answers, and counted by the rules the collated view uses.

These are exact counts. They never leave the portal as they are: the report
shows them only through disclosure control (`portal.services.feedback.report`).
Months are months as the clocks in London show them.

What counts:
- an **answer** is a response with one of the six Friends and Family Test
  answers, counted on the day its first part came (a text answer in parts
  counts once, with the answer on whichever part has it);
- a **request sent** is a feedback request made in the period that a
  message was queued for; it is **answered** when an answer or comment
  closed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from portal.models import FeedbackTheme, FftAnswer
from portal.models.feedback_counts import (
    FeedbackRequestDayCount,
)
from portal.services.feedback.collation_base import index_by
from portal.services.feedback.day_counts import bring_up_to_date
from portal.services.feedback.day_counts_sql import counted_cube, counted_themes
from portal.services.feedback.periods import Period, next_month

ANSWERS: tuple[FftAnswer, ...] = tuple(FftAnswer)


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


def report_data(session: Session, period: Period) -> ReportData:
    """The exact service-wide figures for `period`: three queries."""
    bring_up_to_date(session)
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


def _month_of(day: Any, months: list[date]) -> ColumnElement[int]:
    """The index in `months` of the month of the `day` column."""
    return index_by(day, [next_month(month) for month in months[:-1]])


def _answers_by_month(
    session: Session, period: Period, months: list[date]
) -> dict[tuple[int, FftAnswer], int]:
    """From the collated view's own reading of the day counts."""
    counts: dict[tuple[int, FftAnswer], int] = {}
    for month, answer, _channel, _who, _kind, responses in counted_cube(session, period):
        if answer is not None:
            key = (month, FftAnswer(answer))
            counts[key] = counts.get(key, 0) + int(responses)
    return counts


def _requests_by_month(
    session: Session, period: Period, months: list[date]
) -> tuple[dict[int, int], dict[int, int]]:
    month = _month_of(FeedbackRequestDayCount.day, months)
    query = (
        select(
            month,
            func.sum(FeedbackRequestDayCount.sent),
            func.sum(FeedbackRequestDayCount.answered),
        )
        .where(
            FeedbackRequestDayCount.day >= period.first,
            FeedbackRequestDayCount.day <= period.last,
        )
        .group_by(month)
    )
    rows = session.execute(query).all()
    return {row[0]: int(row[1]) for row in rows}, {row[0]: int(row[2]) for row in rows}


def _themes(session: Session, period: Period) -> list[tuple[str, int]]:
    """Active themes in their order, with the responses tagged in the period."""
    tagged = counted_themes(period).subquery()
    query = (
        select(FeedbackTheme.name, func.coalesce(tagged.c.responses, 0))
        .outerjoin(tagged, tagged.c.theme_id == FeedbackTheme.id)
        .where(FeedbackTheme.active.is_(True))
        .order_by(FeedbackTheme.display_order, FeedbackTheme.id)
    )
    return [(name, int(count)) for name, count in session.execute(query)]

"""The responses a collated view counts, as SQL to build on.

A response is a `feedback_responses` row with no `part_of_id`. By text, a
response comes in parts (the number, then a comment, or the other way
round): the later parts name the first in `part_of_id`. So a response's
answer is its own `fft_answer` or the one on a part pointing at it; it is
flagged when it or a part is; it has words when it or a part has a comment
or "what could be better". Each response is counted once, on the day its
first part came (`received_at` of the row with no `part_of_id`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from portal.models import (
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackResponse,
    FeedbackThemeTag,
    YoungPerson,
)
from portal.services.feedback.collation_scope import Scope
from portal.services.feedback.periods import Period, london_midnight, next_month

Part = aliased(FeedbackResponse, name="part")


def _parts(period: Period) -> Subquery:
    """For each response with parts: the answer, the flag and the words on its
    parts. A part never comes before its first part, so parts before the
    period are not read."""
    words = or_(Part.comment.is_not(None), Part.improvement.is_not(None))
    return (
        select(
            Part.part_of_id.label("response_id"),
            func.max(Part.fft_answer).label("answer"),
            func.max(case((Part.flagged, 1), else_=0)).label("flagged"),
            func.max(case((words, 1), else_=0)).label("has_words"),
        )
        .where(Part.part_of_id.is_not(None), Part.received_at >= period.starts_at)
        .group_by(Part.part_of_id)
        .subquery("parts")
    )


class Responses:
    """The responses received in `period` about the young people in `scope`."""

    def __init__(self, period: Period, scope: Scope) -> None:
        self.period = period
        self.scope = scope
        self.parts = _parts(period)

    @property
    def answer(self) -> ColumnElement[object]:
        return func.coalesce(FeedbackResponse.fft_answer, self.parts.c.answer)

    @property
    def flagged(self) -> ColumnElement[bool]:
        return or_(FeedbackResponse.flagged.is_(True), self.parts.c.flagged == 1)

    @property
    def has_words(self) -> ColumnElement[bool]:
        own = or_(FeedbackResponse.comment.is_not(None), FeedbackResponse.improvement.is_not(None))
        return or_(own, self.parts.c.has_words == 1)

    @property
    def unread(self) -> ColumnElement[bool]:
        """No keyworker has read it yet: its notice is not seen."""
        return (
            select(FamilyInputNotice.id)
            .where(
                FamilyInputNotice.kind == FamilyInputKind.FEEDBACK,
                FamilyInputNotice.subject_id == FeedbackResponse.id,
                FamilyInputNotice.seen_at.is_(None),
            )
            .exists()
        )

    def tagged(self, theme_id: int) -> ColumnElement[bool]:
        return (
            select(FeedbackThemeTag.id)
            .where(
                FeedbackThemeTag.response_id == FeedbackResponse.id,
                FeedbackThemeTag.theme_id == theme_id,
            )
            .exists()
        )

    def select_from(self, query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
        """`query` (columns of `feedback_responses`, the parts and anything
        joined later) over these responses."""
        query = query.select_from(FeedbackResponse).outerjoin(
            self.parts, self.parts.c.response_id == FeedbackResponse.id
        )
        if not self.scope.is_service:
            query = query.join(
                YoungPerson,
                and_(YoungPerson.id == FeedbackResponse.young_person_id, self.scope.young_people()),
            )
        return query.where(
            FeedbackResponse.part_of_id.is_(None),
            FeedbackResponse.received_at >= self.period.starts_at,
            FeedbackResponse.received_at < self.period.ends_at,
        )

    def month_index(self) -> ColumnElement[int]:
        """Which of `period.months()` the response came in (London months)."""
        months = self.period.months()
        return self.index_by([london_midnight(next_month(month)) for month in months[:-1]])

    def day_index(self) -> ColumnElement[int]:
        """Which day of the period the response came in, from 0 (London days)."""
        return self.index_by(day_bounds(self.period))

    def index_by(self, bounds: Sequence[datetime]) -> ColumnElement[int]:
        """0 for a response before `bounds[0]`, 1 before `bounds[1]`, and so on."""
        return index_by(FeedbackResponse.received_at, bounds)


def day_bounds(period: Period) -> list[datetime]:
    """The London midnight after each day of `period` but the last."""
    days = (period.last - period.first).days
    return [london_midnight(period.first + timedelta(days=day + 1)) for day in range(days)]


def index_by(moment: Any, bounds: Sequence[datetime | date]) -> ColumnElement[int]:
    """0 where `moment` is before `bounds[0]`, 1 before `bounds[1]`, ..., and
    len(bounds) after the last."""
    if not bounds:
        return literal(0)
    return case(
        *((moment < bound, index) for index, bound in enumerate(bounds)),
        else_=len(bounds),
    )

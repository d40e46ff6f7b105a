"""The collated feedback figures for a period and scope, counted in SQL.

Three queries whatever the number of responses: one groups the period's
responses by month, answer, channel, who answered and kind of meeting at
once (a few hundred rows at most, which the breakdowns add up); one counts
the responses tagged with each theme; one counts the requests sent and
answered. For the whole service the three read the day counts kept as
answers arrive (`day_counts`) instead of every response, counted by the same
rules. The comments list is in `collation_comments`.

The rules, once:
- % positive is (very good + good) and % negative is (poor + very poor),
  each over every response with one of the six answers, "don't know"
  included, as NHS England counts the Friends and Family Test. A response
  with only words (no answer) is in the breakdowns, not in the percentages.
- Response rate: of the requests sent in the period, how many were answered
  (at any time since). A request is sent when a message was queued for it
  or it has a channel; one that could not be sent is not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from portal.models import (
    AnsweredBy,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    Meeting,
    MeetingKind,
    YoungPerson,
)
from portal.services.feedback.collation_base import Responses
from portal.services.feedback.collation_scope import Scope
from portal.services.feedback.day_counts import bring_up_to_date
from portal.services.feedback.day_counts_sql import (
    counted_cube,
    counted_requests,
    counted_themes,
    request_was_sent,
)
from portal.services.feedback.periods import Period

POSITIVE = (FftAnswer.VERY_GOOD, FftAnswer.GOOD)
NEGATIVE = (FftAnswer.POOR, FftAnswer.VERY_POOR)


def percent(count: int, denominator: int) -> int | None:
    """A whole-number percentage, halves rounded up; None over nothing."""
    if denominator == 0:
        return None
    exact = Decimal(100 * count) / Decimal(denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Share:
    count: int
    denominator: int

    @property
    def percent(self) -> int | None:
        return percent(self.count, self.denominator)


@dataclass(frozen=True)
class ThemeCount:
    theme_id: int
    name: str
    count: int


@dataclass(frozen=True)
class Collation:
    period: Period
    scope: Scope
    # Every response, with an answer or only words.
    responses: int
    # Each of the six answers, in FftAnswer order.
    answers: Sequence[tuple[FftAnswer, int]]
    # Responses with words and no answer (not in the percentages).
    no_answer: int
    positive: Share
    negative: Share
    by_month: Sequence[tuple[date, int]]
    requests_sent: int
    requests_answered: int
    by_channel: Sequence[tuple[FeedbackChannel, int]]
    # None: not said (answers from before the question was asked).
    by_who: Sequence[tuple[AnsweredBy | None, int]]
    # None: about keyworker support in general, not one meeting.
    by_meeting: Sequence[tuple[MeetingKind | None, int]]
    themes: Sequence[ThemeCount]

    @property
    def answered(self) -> int:
        """The denominator of the percentages."""
        return self.responses - self.no_answer

    @property
    def response_rate(self) -> Share:
        return Share(self.requests_answered, self.requests_sent)


def collate(session: Session, period: Period, scope: Scope) -> Collation:
    """The figures for `period` and `scope`, in three queries."""
    responses = Responses(period, scope)
    if scope.is_service:
        bring_up_to_date(session)
        cube = counted_cube(session, period)
        sent, answered_requests = counted_requests(session, period)
    else:
        cube = _cube(session, responses)
        sent, answered_requests = _requests(session, period, scope)
    answers = Counter[FftAnswer | None]()
    months, channels = Counter[int](), Counter[FeedbackChannel]()
    who, meetings = Counter[AnsweredBy | None](), Counter[MeetingKind | None]()
    for month, answer, channel, answered_by, kind, count in cube:
        answers[answer] += count
        months[month] += count
        channels[channel] += count
        who[answered_by] += count
        meetings[kind] += count
    total = sum(answers.values())
    answered = total - answers[None]
    return Collation(
        period=period,
        scope=scope,
        responses=total,
        answers=[(answer, answers[answer]) for answer in FftAnswer],
        no_answer=answers[None],
        positive=Share(sum(answers[answer] for answer in POSITIVE), answered),
        negative=Share(sum(answers[answer] for answer in NEGATIVE), answered),
        by_month=[(month, months[index]) for index, month in enumerate(period.months())],
        requests_sent=sent,
        requests_answered=answered_requests,
        by_channel=[(channel, channels[channel]) for channel in FeedbackChannel],
        by_who=[(person, who[person]) for person in (*AnsweredBy, None)],
        by_meeting=[(None, meetings[None])] + [(kind, meetings[kind]) for kind in MeetingKind],
        themes=_themes(session, responses),
    )


def _cube(session: Session, responses: Responses) -> list[tuple[Any, ...]]:
    inner = responses.select_from(
        select(
            responses.month_index().label("month"),
            responses.answer.label("answer"),
            FeedbackResponse.channel.label("channel"),
            FeedbackResponse.answered_by.label("answered_by"),
            Meeting.kind.label("kind"),
        )
    ).outerjoin(Meeting, Meeting.id == FeedbackResponse.meeting_id)
    rows = inner.subquery("responses")
    dims = (rows.c.month, rows.c.answer, rows.c.channel, rows.c.answered_by, rows.c.kind)
    return [tuple(row) for row in session.execute(select(*dims, func.count()).group_by(*dims))]


def _themes(session: Session, responses: Responses) -> list[ThemeCount]:
    """Every active theme, and any switched off that tags a response in scope."""
    if responses.scope.is_service:
        counted = counted_themes(responses.period).subquery("tagged")
        joined, theme_id = counted, counted.c.theme_id
        count: ColumnElement[Any] = func.coalesce(func.sum(counted.c.responses), 0)
    else:
        tagged = responses.select_from(
            select(FeedbackThemeTag.theme_id, FeedbackThemeTag.response_id)
        ).join(FeedbackThemeTag, FeedbackThemeTag.response_id == FeedbackResponse.id)
        joined = tagged.subquery("tagged")
        theme_id, count = joined.c.theme_id, func.count(joined.c.response_id)
    query = (
        select(FeedbackTheme.id, FeedbackTheme.name, count)
        .outerjoin(joined, theme_id == FeedbackTheme.id)
        .group_by(
            FeedbackTheme.id, FeedbackTheme.name, FeedbackTheme.display_order, FeedbackTheme.active
        )
        .having(or_(FeedbackTheme.active.is_(True), count > 0))
        .order_by(FeedbackTheme.display_order, FeedbackTheme.name)
    )
    return [ThemeCount(theme, name, int(number)) for theme, name, number in session.execute(query)]


def _requests(session: Session, period: Period, scope: Scope) -> tuple[int, int]:
    query = select(func.count(), func.count(FeedbackRequest.answered_at)).where(
        request_was_sent(),
        FeedbackRequest.requested_at >= period.starts_at,
        FeedbackRequest.requested_at < period.ends_at,
    )
    if not scope.is_service:
        query = query.join(
            YoungPerson,
            and_(YoungPerson.id == FeedbackRequest.young_person_id, scope.young_people()),
        )
    row = session.execute(query).one()
    return int(row[0]), int(row[1])

"""The responses behind the collated figures, one by one: the comments list
(paged, newest first) and the rows of the CSV file, with the same filters.

A fixed number of queries whatever the data: the list is the rows, the
words of their later parts and their themes; the CSV file is the same, with
the last two repeated for each 5,000 rows. Reading them is a look at
records, so only staff who may see the young people in scope get here
(`collation_scope`) and the edge audits it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, aliased

from portal.models import (
    AnsweredBy,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    Meeting,
    MeetingKind,
    YoungPerson,
)
from portal.services.feedback.collation_base import Part, Responses
from portal.services.feedback.collation_scope import Scope
from portal.services.feedback.periods import Period

PAGE_SIZE = 20


@dataclass(frozen=True)
class CommentFilter:
    """Narrows the comments list and the CSV file (not the figures)."""

    answer: FftAnswer | None = None
    theme_id: int | None = None
    channel: FeedbackChannel | None = None
    unread: bool = False
    flagged: bool = False

    def as_detail(self) -> dict[str, Any]:
        """For the audit trail: the filters that were set."""
        return {
            name: value.value if hasattr(value, "value") else value
            for name, value in vars(self).items()
            if value not in (None, False)
        }


@dataclass(frozen=True)
class ResponseRow:
    response_id: int
    young_person_id: int
    preferred_name: str
    received_at: datetime
    answer: FftAnswer | None
    channel: FeedbackChannel
    answered_by: AnsweredBy | None
    # None: about keyworker support in general.
    meeting_kind: MeetingKind | None
    flagged: bool
    unread: bool
    # "What was good?" (or the comment by text), then any from later parts.
    comments: tuple[str, ...]
    improvements: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class CommentPage:
    rows: Sequence[ResponseRow]
    page: int
    has_next: bool


def comments_page(
    session: Session, period: Period, scope: Scope, wanted: CommentFilter, page: int = 1
) -> CommentPage:
    """The responses with words, newest first, `PAGE_SIZE` a page. Three
    queries. There is no count of every match: counting them all means
    reading every response of the period once more, which at a service's
    volume costs more than the rest of the page; one row more than a page
    says whether there is a next one."""
    responses = Responses(period, scope)
    matching = _matching(responses, wanted).where(responses.has_words)
    page = max(page, 1)
    chosen = _ordered(responses, matching).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    rows = _rows(session, chosen)
    return CommentPage(rows[:PAGE_SIZE], page, has_next=len(rows) > PAGE_SIZE)


def responses_for_export(
    session: Session, period: Period, scope: Scope, wanted: CommentFilter
) -> list[ResponseRow]:
    """Every response the filters match, with words or not, newest first:
    one query, and two for each 5,000 responses."""
    responses = Responses(period, scope)
    return _rows(session, _ordered(responses, _matching(responses, wanted)))


def _matching(responses: Responses, wanted: CommentFilter) -> Select[*tuple[Any, ...]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.answer is not None:
        conditions.append(responses.answer == wanted.answer)
    if wanted.channel is not None:
        conditions.append(FeedbackResponse.channel == wanted.channel)
    if wanted.theme_id is not None:
        conditions.append(responses.tagged(wanted.theme_id))
    if wanted.unread:
        conditions.append(responses.unread)
    if wanted.flagged:
        conditions.append(responses.flagged)
    return responses.select_from(select(FeedbackResponse.id)).where(*conditions)


def _ordered(responses: Responses, matching: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    named = aliased(YoungPerson, name="named")
    name = (
        select(named.preferred_name)
        .where(named.id == FeedbackResponse.young_person_id)
        .correlate(FeedbackResponse)
        .scalar_subquery()
    )
    return (
        matching.with_only_columns(
            FeedbackResponse.id,
            FeedbackResponse.young_person_id,
            name,
            FeedbackResponse.received_at,
            responses.answer,
            FeedbackResponse.channel,
            FeedbackResponse.answered_by,
            Meeting.kind,
            responses.flagged,
            responses.unread,
            FeedbackResponse.comment,
            FeedbackResponse.improvement,
        )
        .outerjoin(Meeting, Meeting.id == FeedbackResponse.meeting_id)
        .order_by(FeedbackResponse.received_at.desc(), FeedbackResponse.id.desc())
    )


def _rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[ResponseRow]:
    found = session.execute(query).all()
    ids = [row[0] for row in found]
    words, themes = _words_of_parts(session, ids), _themes_of(session, ids)
    rows = []
    for row in found:
        response_id, comment, improvement = row[0], row[10], row[11]
        later_comments, later_improvements = words.get(response_id, ((), ()))
        rows.append(
            ResponseRow(
                response_id=response_id,
                young_person_id=row[1],
                preferred_name=row[2],
                received_at=row[3],
                answer=FftAnswer(row[4]) if row[4] is not None else None,
                channel=row[5],
                answered_by=row[6],
                meeting_kind=row[7],
                flagged=bool(row[8]),
                unread=bool(row[9]),
                comments=(*([comment] if comment else []), *later_comments),
                improvements=(*([improvement] if improvement else []), *later_improvements),
                themes=tuple(themes.get(response_id, ())),
            )
        )
    return rows


def _in_batches(ids: list[int]) -> list[list[int]]:
    """Ids in lists short enough for any database's parameter limit."""
    size = 5000
    return [ids[start : start + size] for start in range(0, len(ids), size)] or [[]]


def _words_of_parts(
    session: Session, ids: list[int]
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    comments: dict[int, list[str]] = defaultdict(list)
    improvements: dict[int, list[str]] = defaultdict(list)
    for batch in _in_batches(ids):
        query = (
            select(Part.part_of_id, Part.comment, Part.improvement)
            .where(Part.part_of_id.in_(batch))
            .order_by(Part.id)
        )
        for part_of_id, comment, improvement in session.execute(query):
            response_id = int(part_of_id or 0)
            if comment:
                comments[response_id].append(comment)
            if improvement:
                improvements[response_id].append(improvement)
    return {
        response_id: (tuple(comments[response_id]), tuple(improvements[response_id]))
        for response_id in comments.keys() | improvements.keys()
    }


def _themes_of(session: Session, ids: list[int]) -> dict[int, list[str]]:
    themes: dict[int, list[str]] = defaultdict(list)
    for batch in _in_batches(ids):
        query = (
            select(FeedbackThemeTag.response_id, FeedbackTheme.name)
            .join(FeedbackTheme, FeedbackTheme.id == FeedbackThemeTag.theme_id)
            .where(FeedbackThemeTag.response_id.in_(batch))
            .order_by(FeedbackTheme.display_order, FeedbackTheme.name)
        )
        for response_id, name in session.execute(query):
            themes[response_id].append(name)
    return themes

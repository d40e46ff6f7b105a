"""The Feedback page of a young person's record: every response by any
channel, a text answer's parts together, with the notice that says whether
a keyworker has read it, the meeting it is about, the themes confirmed and
suggested, whether the writer lets their words be quoted, and "You said, we
did". Newest first, `PAGE_SIZE` answers to a page: a fixed number of
queries and rows, however many answers a family has given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    Meeting,
    YouSaidWeDid,
)
from portal.services.feedback.quoting import quotable
from portal.services.feedback.suggest import suggested_themes
from portal.services.paging import PageOf, page_holding, page_of, rows_before

# Answers (a first part with its later parts) to a page.
PAGE_SIZE = 20


@dataclass
class FeedbackEntry:
    """One answer: its first part, and any later parts sent by text."""

    response: FeedbackResponse
    parts: list[FeedbackResponse] = field(default_factory=list)
    # The notices of the first part and its later parts (new until read).
    notices: list[FamilyInputNotice] = field(default_factory=list)
    meeting: Meeting | None = None
    tags: list[FeedbackTheme] = field(default_factory=list)
    suggested: list[FeedbackTheme] = field(default_factory=list)
    may_quote: bool = False
    you_said_we_did: list[YouSaidWeDid] = field(default_factory=list)

    @property
    def all_parts(self) -> list[FeedbackResponse]:
        return [self.response, *self.parts]

    @property
    def flagged(self) -> bool:
        return any(part.flagged for part in self.all_parts)

    @property
    def is_new(self) -> bool:
        return any(notice.seen_at is None for notice in self.notices)

    @property
    def fft_answer(self) -> FftAnswer | None:
        return next((p.fft_answer for p in self.all_parts if p.fft_answer is not None), None)

    @property
    def comments(self) -> list[str]:
        return [p.comment for p in self.all_parts if p.comment]

    @property
    def improvements(self) -> list[str]:
        return [p.improvement for p in self.all_parts if p.improvement]


@dataclass(frozen=True)
class RecordFeedback:
    entries: Sequence[FeedbackEntry]
    # Themes in use, for the "Add a theme" list.
    active_themes: Sequence[FeedbackTheme]
    # Which page of the answers `entries` are.
    span: PageOf


def feedback_for_record(
    session: Session,
    young_person_id: int,
    *,
    page: int = 1,
    holding: int | None = None,
    size: int = PAGE_SIZE,
) -> RecordFeedback:
    """Page `page` of the answers about `young_person_id`, newest first; or,
    with `holding`, the page that holds that response (or the answer it is a
    later part of)."""
    is_answer = _answers_about(young_person_id)
    total = session.scalar(select(func.count()).select_from(FeedbackResponse).where(*is_answer))
    if holding is not None:
        page = _page_holding(session, young_person_id, holding, size) or page
    span = page_of(total or 0, page, size)
    firsts = list(
        session.scalars(
            select(FeedbackResponse)
            .options(joinedload(FeedbackResponse.contact))
            .where(*is_answer)
            .order_by(FeedbackResponse.received_at.desc(), FeedbackResponse.id.desc())
            .limit(size)
            .offset(span.offset)
        )
    )
    entries = {response.id: FeedbackEntry(response) for response in firsts}
    later_parts = session.scalars(
        select(FeedbackResponse)
        .options(joinedload(FeedbackResponse.contact))
        .where(FeedbackResponse.part_of_id.in_(list(entries)))
        .order_by(FeedbackResponse.received_at, FeedbackResponse.id)
    )
    for part in later_parts:
        entries[part.part_of_id or 0].parts.append(part)
    themes = list(
        session.scalars(
            select(FeedbackTheme).order_by(FeedbackTheme.display_order, FeedbackTheme.id)
        )
    )
    first_of = {part.id: entry for entry in entries.values() for part in entry.all_parts}
    _add_related(session, young_person_id, entries, first_of, themes)
    return RecordFeedback(
        entries=list(entries.values()),
        active_themes=[t for t in themes if t.active],
        span=span,
    )


def _answers_about(young_person_id: int) -> list[ColumnElement[bool]]:
    """The first parts of the answers about `young_person_id`: one an answer."""
    return [
        FeedbackResponse.young_person_id == young_person_id,
        FeedbackResponse.part_of_id.is_(None),
    ]


def _page_holding(
    session: Session, young_person_id: int, response_id: int, size: int
) -> int | None:
    """The page of the answer `response_id` is (or is a later part of), or
    None when it is not one of this young person's."""
    found = session.get(FeedbackResponse, response_id)
    if found is None or found.young_person_id != young_person_id:
        return None
    first = session.get_one(FeedbackResponse, found.part_of_id or found.id)
    newer = rows_before(
        session,
        _answers_about(young_person_id),
        (FeedbackResponse.received_at, FeedbackResponse.id),
        (first.received_at, first.id),
    )
    return page_holding(newer, size)


def _add_related(
    session: Session,
    young_person_id: int,
    entries: dict[int, FeedbackEntry],
    first_of: dict[int, FeedbackEntry],
    themes: list[FeedbackTheme],
) -> None:
    by_id = {theme.id: theme for theme in themes}
    notices = session.scalars(
        select(FamilyInputNotice).where(
            FamilyInputNotice.young_person_id == young_person_id,
            FamilyInputNotice.kind == FamilyInputKind.FEEDBACK,
            FamilyInputNotice.subject_id.in_(list(first_of)),
        )
    )
    for notice in notices:
        if notice.subject_id in first_of:
            first_of[notice.subject_id].notices.append(notice)
    tags: defaultdict[int, list[FeedbackTheme]] = defaultdict(list)
    for tag in session.scalars(
        select(FeedbackThemeTag).where(
            FeedbackThemeTag.young_person_id == young_person_id,
            FeedbackThemeTag.response_id.in_(list(entries)),
        )
    ):
        tags[tag.response_id].append(by_id[tag.theme_id])
    meeting_ids = {e.response.meeting_id for e in entries.values() if e.response.meeting_id}
    meetings = {
        m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))
    }
    quotable_ids = set(
        session.scalars(
            select(FeedbackResponse.id).where(
                FeedbackResponse.young_person_id == young_person_id,
                FeedbackResponse.id.in_(list(entries)),
                quotable(FeedbackResponse),
            )
        )
    )
    replies: defaultdict[int, list[YouSaidWeDid]] = defaultdict(list)
    for row in session.scalars(
        select(YouSaidWeDid)
        .where(
            YouSaidWeDid.young_person_id == young_person_id,
            YouSaidWeDid.response_id.in_(list(entries)),
        )
        .order_by(YouSaidWeDid.written_at, YouSaidWeDid.id)
    ):
        replies[row.response_id].append(row)
    for first_id, entry in entries.items():
        entry.tags = sorted(tags[first_id], key=lambda t: (t.display_order, t.id))
        tagged = {theme.id for theme in entry.tags}
        words = [*entry.comments, *entry.improvements]
        entry.suggested = [t for t in suggested_themes(words, themes) if t.id not in tagged]
        entry.meeting = meetings.get(entry.response.meeting_id or 0)
        entry.may_quote = first_id in quotable_ids
        entry.you_said_we_did = replies[first_id]

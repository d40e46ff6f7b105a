"""The Feedback page of a young person's record: every response by any
channel, a text answer's parts together, with the notice that says whether
a keyworker has read it, the meeting it is about, the themes confirmed and
suggested, whether the writer lets their words be quoted, and "You said, we
did". A fixed number of queries, however many responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
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


def feedback_for_record(session: Session, young_person_id: int) -> RecordFeedback:
    """Every response about `young_person_id`, newest first."""
    responses = list(
        session.scalars(
            select(FeedbackResponse)
            .options(joinedload(FeedbackResponse.contact))
            .where(FeedbackResponse.young_person_id == young_person_id)
            .order_by(FeedbackResponse.received_at.desc(), FeedbackResponse.id.desc())
        ).unique()
    )
    themes = list(
        session.scalars(
            select(FeedbackTheme).order_by(FeedbackTheme.display_order, FeedbackTheme.id)
        )
    )
    entries: dict[int, FeedbackEntry] = {}
    for response in reversed(responses):
        if response.part_of_id is not None and response.part_of_id in entries:
            entries[response.part_of_id].parts.append(response)
        else:
            entries[response.id] = FeedbackEntry(response)
    first_of = {part.id: entry for entry in entries.values() for part in entry.all_parts}
    _add_related(session, young_person_id, entries, first_of, themes)
    ordered = sorted(
        entries.values(), key=lambda e: (e.response.received_at, e.response.id), reverse=True
    )
    return RecordFeedback(entries=ordered, active_themes=[t for t in themes if t.active])


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
        )
    )
    for notice in notices:
        if notice.subject_id in first_of:
            first_of[notice.subject_id].notices.append(notice)
    tags: defaultdict[int, list[FeedbackTheme]] = defaultdict(list)
    for tag in session.scalars(
        select(FeedbackThemeTag).where(FeedbackThemeTag.young_person_id == young_person_id)
    ):
        tags[tag.response_id].append(by_id[tag.theme_id])
    meeting_ids = {e.response.meeting_id for e in entries.values() if e.response.meeting_id}
    meetings = {
        m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))
    }
    quotable_ids = set(
        session.scalars(
            select(FeedbackResponse.id).where(
                FeedbackResponse.young_person_id == young_person_id, quotable(FeedbackResponse)
            )
        )
    )
    replies: defaultdict[int, list[YouSaidWeDid]] = defaultdict(list)
    for row in session.scalars(
        select(YouSaidWeDid)
        .where(YouSaidWeDid.young_person_id == young_person_id)
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

"""My views before the meeting: a young person's or family member's own
answers before a meeting, like a CETR planner. This module reads them;
`portal.services.meetings.views_before_saving` saves and sends them.

Each contact has their own views for a meeting; nobody else in the family sees
them. The draft is one `MeetingViews` row that changes as the person goes from
page to page, and its `revision` goes up by one with every save (SQLAlchemy's
`version_id_col`). Sending freezes the row; changing the views after that
starts a new draft, copied from the last sent copy, and the sent copy stays
as it was. Views can be written, changed and sent only while the meeting is
planned and has not started.

Every form carries the version of the row it showed (`ViewsState.version`:
the draft's id and revision, or the last sent copy's, or "0" for nothing) and
a digest of the answer it showed (`answer_digest`), so a save can tell what
changed since the form was shown.

Queries: reading the views is one query for the meeting, one for the draft,
one for the last sent copy, `may_change_consent`'s few for the sharing
question and one for its current choice, whatever the data size.

Whether the review panel may see the views is not part of them: it is the
young person's consent choice "share_views_with_panel"
(`portal.services.meetings.panel_sharing`), the same in My choices.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, Meeting, MeetingStatus, MeetingViews, ViewsStatus
from portal.services.access.family_rules import may_change_consent
from portal.services.consent.registry import SHARE_VIEWS_WITH_PANEL
from portal.services.meetings.panel_sharing import PanelChoice, panel_choice

# The questions, in the order they are asked: MeetingViews columns.
ANSWER_FIELDS: tuple[str, ...] = (
    "going_well",
    "not_going_well",
    "want_to_talk_about",
    "who_i_want_there",
    "not_in_front_of_me",
)
MAX_ANSWER_LENGTH = 2000
NO_VERSION = "0"


@dataclass(frozen=True)
class ViewsState:
    """One contact's views for one meeting, as they are now."""

    meeting: Meeting
    draft: MeetingViews | None
    last_sent: MeetingViews | None
    # Planned and not started: the views may still be written and sent.
    is_open: bool
    # May this contact say whether the review panel sees the views?
    may_decide_sharing: bool
    # The young person's current choice about the review panel (a consent choice).
    panel: PanelChoice

    @property
    def current(self) -> MeetingViews | None:
        """What the pages show: the draft, or else the last sent copy."""
        return self.draft or self.last_sent

    @property
    def version(self) -> str:
        return version_of(self.current)

    def answer(self, field: str) -> str | None:
        if field not in ANSWER_FIELDS:
            raise ValueError(f"not a question: {field}")
        current = self.current
        return getattr(current, field) if current is not None else None

    @property
    def answers(self) -> dict[str, str | None]:
        return {field: self.answer(field) for field in ANSWER_FIELDS}

    @property
    def sent_answers(self) -> dict[str, str | None]:
        """The answers of the last sent copy (all None when nothing was sent)."""
        return answers_of(self.last_sent)

    @property
    def share_with_panel(self) -> bool | None:
        return self.panel.share

    @property
    def has_answers(self) -> bool:
        return any(self.answers.values())


def version_of(views: MeetingViews | None) -> str:
    """The version token a form carries: which row, at which revision."""
    return NO_VERSION if views is None else f"{views.id}.{views.revision}"


def answer_digest(answer: str | bool | None) -> str:
    """A short digest of an answer as a form showed it (posted back, so a save
    can tell whether that answer changed since)."""
    if isinstance(answer, bool):
        answer = "yes" if answer else "no"
    return hashlib.sha256((answer or "").encode()).hexdigest()[:32]


def clean_answer(text: str | None) -> str | None:
    """Line breaks as one character; surrounding space gone; empty is None."""
    if text is None:
        return None
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return cleaned or None


def is_open(meeting: Meeting, now: datetime) -> bool:
    return meeting.status is MeetingStatus.PLANNED and meeting.starts_at > now


def views_for_meeting(
    session: Session, contact: Contact, meeting_id: int, *, now: datetime, today: date
) -> ViewsState | None:
    """`contact`'s views for a meeting of their own young person; None when
    there is no such meeting (or it is another young person's)."""
    meeting = session.scalars(
        select(Meeting).where(
            Meeting.id == meeting_id, Meeting.young_person_id == contact.young_person_id
        )
    ).first()
    if meeting is None:
        return None
    return _state(session, contact, meeting, now=now, today=today)


def _state(
    session: Session, contact: Contact, meeting: Meeting, *, now: datetime, today: date
) -> ViewsState:
    mine = (MeetingViews.meeting_id == meeting.id, MeetingViews.contact_id == contact.id)
    draft = session.scalars(
        select(MeetingViews).where(*mine, MeetingViews.status == ViewsStatus.DRAFT)
    ).first()
    last_sent = session.scalars(
        select(MeetingViews)
        .where(*mine, MeetingViews.status == ViewsStatus.SENT)
        .order_by(MeetingViews.sent_at.desc(), MeetingViews.id.desc())
        .limit(1)
    ).first()
    return ViewsState(
        meeting=meeting,
        draft=draft,
        last_sent=last_sent,
        is_open=is_open(meeting, now),
        may_decide_sharing=may_change_consent(
            session, contact, SHARE_VIEWS_WITH_PANEL.code, today
        ).allowed,
        panel=panel_choice(session, contact.young_person_id),
    )


def answers_of(views: MeetingViews | None) -> dict[str, str | None]:
    """The answers of one row, by question (all None for no row)."""
    return {field: getattr(views, field) if views else None for field in ANSWER_FIELDS}

"""My views before the meeting: a young person's or family member's own
answers before a meeting, like a CETR planner.

Each contact has their own views for a meeting; nobody else in the family sees
them. The draft is one `MeetingViews` row that changes as the person goes from
page to page, and its `revision` goes up by one with every save (SQLAlchemy's
`version_id_col`). Sending freezes the row; changing the views after that
starts a new draft, copied from the last sent copy, and the sent copy stays
as it was. Views can be written, changed and sent only while the meeting is
planned and has not started.

Nothing a person wrote is lost or silently overwritten:

- Every form carries the version of the row it showed (`ViewsState.version`:
  the draft's id and revision, or the last sent copy's, or "0" for nothing)
  and a digest of the answer it showed (`answer_digest`).
- If the version is still the same, the answer is saved.
- If not (another phone, another tab, the browser's back button), the answer
  is saved only when that answer has not changed since it was shown (other
  answers changed, and are kept) or already says the same. Otherwise
  `ViewsChanged` carries the newer views and nothing is saved.
- Two saves at the same moment: the version column makes the second one fail
  with `StaleDataError`, and two new drafts at once break the one-draft index;
  both become `ViewsChanged`.
- Sending posts the version that was checked. Sending again (a double click,
  a retry) finds that version already sent and changes nothing.

Queries: reading the views is one query for the meeting, one for the draft,
one for the last sent copy, and `may_change_consent`'s few for the sharing
question, whatever the data size.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from portal.models import (
    Contact,
    FamilyInputKind,
    Meeting,
    MeetingStatus,
    MeetingViews,
    ViewsStatus,
)
from portal.services.access.family_rules import may_change_consent
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff

# The questions, in the order they are asked: MeetingViews columns.
ANSWER_FIELDS: tuple[str, ...] = (
    "going_well",
    "not_going_well",
    "want_to_talk_about",
    "who_i_want_there",
    "not_in_front_of_me",
)
MAX_ANSWER_LENGTH = 2000
SHARE_ITEM_CODE = "share_views_with_panel"
NO_VERSION = "0"

SENT_SUMMARY = "Views before the meeting sent"
SENT_EVENT = "meeting_views.sent"
SAVED_EVENT = "meeting_views.draft_saved"
SHARING_EVENT = "meeting_views.sharing_decided"


class MeetingViewsError(Exception):
    """Nothing was saved."""


class MeetingNotOpen(MeetingViewsError):
    """The meeting has started, happened or was cancelled."""


class ViewsChanged(MeetingViewsError):
    """The views changed since the form was shown; `state` is how they are now."""

    def __init__(self, state: ViewsState) -> None:
        super().__init__("the views changed since the form was shown")
        self.state = state


class NothingToSend(MeetingViewsError):
    """No question has an answer yet."""


class MayNotDecideSharing(MeetingViewsError):
    """This contact may not decide whether the review panel sees the views."""


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
        current = self.current
        return current.share_with_panel if current is not None else None

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
        may_decide_sharing=may_change_consent(session, contact, SHARE_ITEM_CODE, today).allowed,
    )


def _open_state(
    session: Session, contact: Contact, meeting_id: int, now: datetime, today: date
) -> ViewsState:
    state = views_for_meeting(session, contact, meeting_id, now=now, today=today)
    if state is None or not state.is_open:
        raise MeetingNotOpen(meeting_id)
    return state


def _reloaded(
    session: Session, contact: Contact, meeting_id: int, now: datetime, today: date
) -> ViewsState:
    """The state after a failed save, read afresh from the database."""
    session.rollback()
    state = views_for_meeting(session, contact, meeting_id, now=now, today=today)
    assert state is not None  # the meeting was there a moment ago
    return state


def _draft_to_change(session: Session, contact: Contact, state: ViewsState) -> MeetingViews:
    """The draft, or a new one copied from the last sent copy (or empty)."""
    if state.draft is not None:
        return state.draft
    source = state.last_sent
    draft = MeetingViews(
        meeting_id=state.meeting.id,
        contact_id=contact.id,
        status=ViewsStatus.DRAFT,
        share_with_panel=source.share_with_panel if source else None,
        share_decided_by_contact_id=source.share_decided_by_contact_id if source else None,
        **{field: getattr(source, field) if source else None for field in ANSWER_FIELDS},
    )
    session.add(draft)
    return draft


def _may_save(
    state: ViewsState,
    seen_version: str,
    saved: str | bool | None,
    new: str | bool | None,
    seen_digest: str,
) -> bool:
    """Whether saving `new` over what is `saved` now overwrites nothing unseen."""
    if state.version == seen_version:
        return True
    # It already says this, or nobody changed this answer since it was shown.
    return saved == new or answer_digest(saved) == seen_digest


def _flush(session: Session, contact: Contact, meeting_id: int, now: datetime, today: date) -> None:
    """Flush; a clash with another device's save becomes ViewsChanged."""
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        # Another device saved the same draft, or started one, at this moment.
        raise ViewsChanged(_reloaded(session, contact, meeting_id, now, today)) from None


def _commit(
    session: Session, contact: Contact, meeting_id: int, now: datetime, today: date
) -> None:
    _flush(session, contact, meeting_id, now, today)
    session.commit()


def save_answer(
    session: Session,
    contact: Contact,
    meeting_id: int,
    field: str,
    text: str | None,
    *,
    seen_version: str,
    seen_digest: str,
    now: datetime,
    today: date,
) -> ViewsState:
    """Save one answer to the draft (starting one if needed) and commit.

    Raises MeetingNotOpen, or ViewsChanged when this answer changed since the
    form showed it (nothing is saved). An answer that is the same as before
    saves nothing and starts no draft."""
    if field not in ANSWER_FIELDS:
        raise ValueError(f"not a question: {field}")
    answer = clean_answer(text)
    if answer is not None and len(answer) > MAX_ANSWER_LENGTH:
        raise ValueError("answers are checked for length before they are saved")
    state = _open_state(session, contact, meeting_id, now, today)
    saved = state.answer(field)
    if not _may_save(state, seen_version, saved, answer, seen_digest):
        raise ViewsChanged(state)
    if saved == answer:
        return state
    draft = _draft_to_change(session, contact, state)
    setattr(draft, field, answer)
    draft.updated_at = now
    _flush(session, contact, meeting_id, now, today)
    record_event(
        session, SAVED_EVENT, contact=contact, meeting_id=meeting_id, views_id=draft.id, step=field
    )
    _commit(session, contact, meeting_id, now, today)
    return _with_draft(state, draft)


def decide_sharing(
    session: Session,
    contact: Contact,
    meeting_id: int,
    share: bool,
    *,
    seen_version: str,
    seen_digest: str,
    now: datetime,
    today: date,
) -> ViewsState:
    """Record whether the review panel may see the views, and commit.

    Only someone who may decide (`may_change_consent` for
    "share_views_with_panel") may; anyone else gets MayNotDecideSharing and
    the choice stays unmade. Raises MeetingNotOpen or ViewsChanged as
    `save_answer` does."""
    state = _open_state(session, contact, meeting_id, now, today)
    if not state.may_decide_sharing:
        raise MayNotDecideSharing(meeting_id)
    saved = state.share_with_panel
    if not _may_save(state, seen_version, saved, share, seen_digest):
        raise ViewsChanged(state)
    current = state.current
    if saved is share and current is not None and current.share_decided_by_contact_id == contact.id:
        return state
    draft = _draft_to_change(session, contact, state)
    draft.share_with_panel = share
    draft.share_decided_by_contact_id = contact.id
    draft.updated_at = now
    _flush(session, contact, meeting_id, now, today)
    record_event(
        session,
        SHARING_EVENT,
        contact=contact,
        meeting_id=meeting_id,
        views_id=draft.id,
        share_with_panel=share,
    )
    _commit(session, contact, meeting_id, now, today)
    return _with_draft(state, draft)


def send_views(
    session: Session,
    contact: Contact,
    meeting_id: int,
    *,
    seen_version: str,
    now: datetime,
    today: date,
) -> MeetingViews:
    """Send the draft the person checked: it becomes the sent copy, staff get
    a notice, and the audit trail says so; commits. Returns the sent copy.

    With no draft, everything is sent already (a double click, a retry, or
    another device sent it): the last sent copy is returned and nothing
    changes. Raises MeetingNotOpen, NothingToSend, or ViewsChanged when the
    draft changed since it was checked."""
    state = _open_state(session, contact, meeting_id, now, today)
    draft = state.draft
    if draft is None:
        if state.last_sent is not None:
            return state.last_sent
        raise NothingToSend(meeting_id)
    if state.version != seen_version:
        raise ViewsChanged(state)
    if not state.has_answers:
        raise NothingToSend(meeting_id)
    draft.status = ViewsStatus.SENT
    draft.sent_at = now
    draft.updated_at = now
    notify_staff(
        session,
        contact,
        FamilyInputKind.MEETING_VIEWS,
        subject_id=draft.id,
        summary=SENT_SUMMARY,
        meeting_id=meeting_id,
    )
    record_event(
        session,
        SENT_EVENT,
        contact=contact,
        meeting_id=meeting_id,
        views_id=draft.id,
        share_with_panel=draft.share_with_panel,
    )
    _commit(session, contact, meeting_id, now, today)
    return draft


def _with_draft(state: ViewsState, draft: MeetingViews) -> ViewsState:
    return ViewsState(
        meeting=state.meeting,
        draft=draft,
        last_sent=state.last_sent,
        is_open=state.is_open,
        may_decide_sharing=state.may_decide_sharing,
    )


def answers_of(views: MeetingViews | None) -> dict[str, str | None]:
    """The answers of one row, by question (all None for no row)."""
    return {field: getattr(views, field) if views else None for field in ANSWER_FIELDS}

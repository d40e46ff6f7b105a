"""Saving and sending my views before the meeting (see
`portal.services.meetings.views_before` for what they are and how they are read).

Nothing a person wrote is lost or silently overwritten:

- If the version a form carries is still the version saved, the answer is saved.
- If not (another phone, another tab, the browser's back button), the answer
  is saved only when that answer has not changed since it was shown (other
  answers changed, and are kept) or already says the same. Otherwise
  `ViewsChanged` carries the newer views and nothing is saved.
- Two saves at the same moment: the version column makes the second one fail
  with `StaleDataError`, and two new drafts at once break the one-draft index;
  both become `ViewsChanged`. Each save is written in a savepoint, so such a
  clash undoes only the save, and the caller's transaction carries on.
- Sending posts the version that was checked. Sending again (a double click,
  a retry) finds that version already sent and changes nothing.

Everything is added to the caller's transaction; the edge commits it. (On
SQLite the driver ends the transaction when the savepoint is released, so
there a save is committed as the function returns.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from portal.models import ConsentChoice, Contact, FamilyInputKind, MeetingViews, ViewsStatus
from portal.services.consent.decide import DecideOutcome, decide_in_one_step
from portal.services.consent.registry import SHARE_VIEWS_WITH_PANEL
from portal.services.meetings.panel_sharing import PanelChoice
from portal.services.meetings.views_before import (
    ANSWER_FIELDS,
    MAX_ANSWER_LENGTH,
    ViewsState,
    answer_digest,
    clean_answer,
    views_for_meeting,
)
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff
from portal.services.records.urgent_alerts import UrgentSettings

SENT_SUMMARY = "Views before the meeting sent"
SENT_EVENT = "meeting_views.sent"
SAVED_EVENT = "meeting_views.draft_saved"


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


def _open_state(
    session: Session, contact: Contact, meeting_id: int, now: datetime, today: date
) -> ViewsState:
    state = views_for_meeting(session, contact, meeting_id, now=now, today=today)
    if state is None or not state.is_open:
        raise MeetingNotOpen(meeting_id)
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


@contextmanager
def _saving(
    session: Session, contact: Contact, meeting_id: int, now: datetime, today: date
) -> Iterator[None]:
    """Write the block's changes in a savepoint. If another device saved the
    same draft, or started one, at this moment, only the savepoint is undone
    and ViewsChanged carries the views as they are now."""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except (StaleDataError, IntegrityError):
        state = views_for_meeting(session, contact, meeting_id, now=now, today=today)
        assert state is not None  # the meeting was there a moment ago
        raise ViewsChanged(state) from None


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
    """Save one answer to the draft, starting one if needed.

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
    with _saving(session, contact, meeting_id, now, today):
        draft = _draft_to_change(session, contact, state)
        setattr(draft, field, answer)
        draft.updated_at = now
        session.flush()  # a new draft's id, for the audit event
        record_event(
            session,
            SAVED_EVENT,
            contact=contact,
            meeting_id=meeting_id,
            views_id=draft.id,
            step=field,
        )
    return _with_draft(state, draft)


def decide_sharing(
    session: Session,
    contact: Contact,
    meeting_id: int,
    share: bool,
    *,
    seen_digest: str,
    now: datetime,
    today: date,
    ip_address: str | None = None,
    alerts: UrgentSettings | None = None,
) -> ViewsState:
    """Record whether the review panel may see the views: the consent choice
    "share_views_with_panel" (portal.services.meetings.panel_sharing), so My
    choices and the staff record show the same choice, with its history.

    Only someone who may decide (`may_change_consent`) may; anyone else gets
    MayNotDecideSharing and nothing changes. When the choice changed since
    the form showed it (`seen_digest`: in My choices, or on another device)
    to something else, ViewsChanged carries it and nothing is saved. Raises
    MeetingNotOpen as `save_answer` does."""
    state = _open_state(session, contact, meeting_id, now, today)
    if not state.may_decide_sharing:
        raise MayNotDecideSharing(meeting_id)
    saved = state.share_with_panel
    if saved is not share and answer_digest(saved) != seen_digest:
        raise ViewsChanged(state)
    result = decide_in_one_step(
        session,
        contact,
        SHARE_VIEWS_WITH_PANEL.code,
        ConsentChoice.YES if share else ConsentChoice.NO,
        today,
        ip_address=ip_address,
        alerts=alerts,
    )
    if result.outcome is DecideOutcome.NOT_ALLOWED:
        raise MayNotDecideSharing(meeting_id)
    if result.outcome is DecideOutcome.STALE:
        raise ViewsChanged(_open_state(session, contact, meeting_id, now, today))
    return replace(state, panel=PanelChoice.of(result.decision)) if result.decision else state


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
    a notice, and the audit trail says so. Returns the sent copy.

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
    with _saving(session, contact, meeting_id, now, today):
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
            share_with_panel=state.share_with_panel,
        )
    return draft


def _with_draft(state: ViewsState, draft: MeetingViews) -> ViewsState:
    return replace(state, draft=draft)

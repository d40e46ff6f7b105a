"""Feedback a family gave a member of staff by phone or on paper, written
onto the record by that member of staff.

It is filed like any other answer (`portal.services.feedback.filing`): the
same row, the same safeguarding triage over every word written (a flagged
answer is urgent, emails the keyworker and managers, and stays until a
person acknowledges it), the same "From the family" notice and counts. What
differs:

- Only staff who may see the record may write it (`require_visible`), and
  only for one of the young person's own contacts and meetings.
- The channel is what it was given by: phone or paper, never the portal's or
  a text message's (those file themselves).
- It answers the contact's open request about the same thing, if they have
  one (they were asked, and answered another way), so they are not asked
  again while it is open.
- The day they gave it is kept (a paper form can arrive days later): the
  answer counts on that day, at noon London time, or now when it is today.
  It cannot be in the future or more than a year ago.
- Sending the same form twice (a double click, the browser sending it
  again) saves it once: each form carries a one-time token, remembered in
  the member of staff's session once saved, as on the family's form
  (`portal.services.feedback.recording`).
- The member of staff who wrote it down is audited
  (`staff.feedback.entered`), beside the family's own `family.feedback.sent`.

Permission to quote is not asked here: it is the person's own consent
decision, recorded on their behalf on the record's consent page like any
other (`portal.services.consent.on_behalf`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AnsweredBy,
    Contact,
    FeedbackChannel,
    FeedbackRequest,
    FftAnswer,
    Meeting,
    MeetingStatus,
    StaffUser,
)
from portal.services.access.staff import require_visible
from portal.services.feedback.filing import Answer, Filed, answered_by_for, file_response
from portal.services.feedback.recording import COMMENT_MAX_LENGTH, form_already_sent
from portal.services.feedback.requests import open_key
from portal.services.records.audit import record_event
from portal.services.records.urgent_alerts import UrgentSettings
from portal.timezones import LONDON, london_datetime

__all__ = [
    "FEEDBACK_ENTERED",
    "STAFF_ENTRY_CHANNELS",
    "EntryProblem",
    "EntryRefused",
    "TakenFeedback",
    "earliest_day",
    "file_feedback_taken_by_staff",
    "meetings_to_choose",
]

FEEDBACK_ENTERED = "staff.feedback.entered"
STAFF_ENTRY_CHANNELS = (FeedbackChannel.PHONE, FeedbackChannel.PAPER)
# How far back a paper form or a call may be dated.
OLDEST_DAYS = 366
# The held meetings offered, newest first: feedback is about a recent one.
MEETINGS_OFFERED = 20


class EntryProblem(enum.StrEnum):
    NOTHING_GIVEN = "nothing_given"
    TOO_LONG = "too_long"
    NOT_THEIR_CONTACT = "not_their_contact"
    NOT_THEIR_MEETING = "not_their_meeting"
    CHANNEL = "channel"
    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"


class EntryRefused(ValueError):
    def __init__(self, problem: EntryProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class TakenFeedback:
    """What the member of staff wrote down."""

    contact_id: int
    channel: FeedbackChannel
    given_on: date
    answer: FftAnswer | None
    comment: str | None = None
    improvement: str | None = None
    answered_by: AnsweredBy | None = None
    meeting_id: int | None = None
    form_token: str | None = None


def earliest_day(today: date) -> date:
    return today - timedelta(days=OLDEST_DAYS)


def meetings_to_choose(session: Session, young_person_id: int) -> Sequence[Meeting]:
    """The young person's held meetings an answer may be about, newest first."""
    return session.scalars(
        select(Meeting)
        .where(Meeting.young_person_id == young_person_id, Meeting.status == MeetingStatus.HELD)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(MEETINGS_OFFERED)
    ).all()


def _received_at(given_on: date, now: datetime) -> datetime:
    today = now.astimezone(LONDON).date()
    if given_on > today:
        raise EntryRefused(EntryProblem.IN_FUTURE)
    if given_on < earliest_day(today):
        raise EntryRefused(EntryProblem.TOO_OLD)
    return now if given_on == today else london_datetime(given_on, time(12))


def _checked(session: Session, young_person_id: int, taken: TakenFeedback) -> Contact:
    if taken.channel not in STAFF_ENTRY_CHANNELS:
        raise EntryRefused(EntryProblem.CHANNEL)
    if (
        taken.answer is None
        and not (taken.comment or "").strip()
        and not (taken.improvement or "").strip()
    ):
        raise EntryRefused(EntryProblem.NOTHING_GIVEN)
    for text in (taken.comment, taken.improvement):
        if text and len(text) > COMMENT_MAX_LENGTH:
            raise EntryRefused(EntryProblem.TOO_LONG)
    contact = session.get(Contact, taken.contact_id)
    if contact is None or contact.young_person_id != young_person_id:
        raise EntryRefused(EntryProblem.NOT_THEIR_CONTACT)
    if taken.meeting_id is not None:
        meeting = session.get(Meeting, taken.meeting_id)
        if meeting is None or meeting.young_person_id != young_person_id:
            raise EntryRefused(EntryProblem.NOT_THEIR_MEETING)
    return contact


def _open_request_id(session: Session, contact: Contact, meeting_id: int | None) -> int | None:
    return session.scalars(
        select(FeedbackRequest.id).where(
            FeedbackRequest.open_key == open_key(contact.id, meeting_id)
        )
    ).first()


def file_feedback_taken_by_staff(
    session: Session,
    staff_user: StaffUser,
    young_person_id: int,
    taken: TakenFeedback,
    now: datetime,
    *,
    memory: Mapping[str, Any],
    alerts: UrgentSettings | None,
    ip_address: str | None = None,
) -> Filed | None:
    """File what `staff_user` was told, in the caller's transaction; None
    when this form was saved before (its token is in `memory`, which is only
    read: the edge calls `remember_form` after the commit). Raises
    NotVisible when they may not see the record and EntryRefused for
    anything else wrong; nothing is written then."""
    require_visible(session, staff_user, young_person_id)
    contact = _checked(session, young_person_id, taken)
    if form_already_sent(memory, taken.form_token):
        return None
    received_at = _received_at(taken.given_on, now)
    filed = file_response(
        session,
        contact,
        Answer(
            channel=taken.channel,
            fft_answer=taken.answer,
            comment=(taken.comment or "").strip() or None,
            improvement=(taken.improvement or "").strip() or None,
            answered_by=taken.answered_by or answered_by_for(contact),
            meeting_id=taken.meeting_id,
            request_id=_open_request_id(session, contact, taken.meeting_id),
        ),
        received_at,
        alerts=alerts,
        ip_address=ip_address,
    )
    record_event(
        session,
        FEEDBACK_ENTERED,
        staff_user=staff_user,
        young_person_id=young_person_id,
        ip_address=ip_address,
        response_id=filed.response.id,
        contact_id=contact.id,
        channel=taken.channel.value,
        given_on=taken.given_on.isoformat(),
    )
    return filed

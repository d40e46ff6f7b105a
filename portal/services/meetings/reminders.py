"""Meeting reminders: on their own, some days before each meeting
(`queue_due_reminders`, run by `flask run-due` and the worker), and when a
keyworker presses "Send a reminder now" (`remind_now`).

For the reminder days (7, 1), the 7-day reminder is due from 7 days before
the meeting until 1 day before, and the 1-day one from then until the
meeting starts. So a meeting booked 3 days ahead gets its 7-day reminder at
once and the 1-day one later, and a late run still sends what is due.

Each is sent once per contact per time of the meeting: the once-only key
holds the meeting's start, so a moved meeting is reminded of again, and a
change of place or attendees (which a reminder does not mention) is not.
The notice of the move itself counts as the reminder of the window it falls
in (`portal.services.meetings.notices`).

A contact whose answer to "Can you come?" is no, given since the meeting
last changed, gets no automatic reminder: they have told us, and a reminder
would read as asking again. They still get the notice if the meeting moves
or will not happen, and reminders again after a change. "Send a reminder
now" goes to everyone the rules allow, whatever they answered: the
keyworker chose to send it. Automatic reminders wait for the end of quiet
hours; one sent by hand goes at once, once per contact per meeting change
per day (so a second press the same day does not send it twice).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from easyread.dates import to_london
from portal.models import Meeting, MeetingAnswer, MeetingReply, MeetingStatus
from portal.services.meetings.meeting_messages import (
    ContactOutcome,
    MeetingMessageSettings,
    Unreachable,
    meeting_contacts,
    send_about_meeting,
)
from portal.services.messaging.templates import Purpose


@dataclass
class ReminderSummary:
    """What one run queued, and how many were not sent and why."""

    queued: int = 0
    already_sent: int = 0
    not_sent: dict[Unreachable, int] = field(default_factory=dict)

    def add(self, outcome: ContactOutcome) -> None:
        if outcome.sent:
            self.queued += 1
        elif outcome.unreachable is Unreachable.ALREADY_SENT:
            self.already_sent += 1
        elif outcome.unreachable is not None:
            self.not_sent[outcome.unreachable] = self.not_sent.get(outcome.unreachable, 0) + 1


def reminder_window(meeting: Meeting, now: datetime, days: Sequence[int]) -> int | None:
    """The reminder (days before) due at `now` for `meeting`, or None."""
    ordered = sorted(set(days), reverse=True)
    for index, before in enumerate(ordered):
        opens = meeting.starts_at - timedelta(days=before)
        later = ordered[index + 1] if index + 1 < len(ordered) else 0
        closes = meeting.starts_at - timedelta(days=later)
        if opens <= now < closes:
            return before
    return None


def reminder_key(meeting: Meeting, days_before: int, contact_id: int) -> str:
    """Once per contact per time of the meeting: a move (a new start) is
    reminded of again; a change of place or of who comes is not, as a
    reminder does not say them."""
    starts = int(meeting.starts_at.timestamp())
    return f"meeting-reminder:{meeting.id}:{starts}:{days_before}:{contact_id}"


def _cannot_come(session: Session, meeting: Meeting) -> set[int]:
    """The contacts whose latest answer, given since the meeting last changed, is no."""
    replies = session.scalars(
        select(MeetingReply).where(MeetingReply.meeting_id == meeting.id).order_by(MeetingReply.id)
    ).all()
    latest = {reply.contact_id: reply for reply in replies}
    return {
        contact_id
        for contact_id, reply in latest.items()
        if reply.answer is MeetingAnswer.NO and reply.replied_at >= meeting.updated_at
    }


def queue_due_reminders(
    session: Session, now: datetime, settings: MeetingMessageSettings
) -> ReminderSummary:
    """Queue every reminder due at `now` that was not queued before. Does not commit."""
    summary = ReminderSummary()
    if not settings.reminder_days:
        return summary
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + timedelta(days=max(settings.reminder_days)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    for meeting in meetings:
        days_before = reminder_window(meeting, now, settings.reminder_days)
        if days_before is None:
            continue
        cannot_come = _cannot_come(session, meeting)
        for contact in meeting_contacts(session, meeting):
            if contact.id in cannot_come:
                summary.add(
                    ContactOutcome(
                        contact.id, contact.name, unreachable=Unreachable.SAID_CANNOT_COME
                    )
                )
                continue
            summary.add(
                send_about_meeting(
                    session,
                    meeting,
                    contact,
                    Purpose.MEETING_REMINDER,
                    now,
                    settings,
                    dedupe_key=reminder_key(meeting, days_before, contact.id),
                )
            )
    return summary


class NotRemindable(enum.StrEnum):
    CANCELLED = "cancelled"
    HELD = "held"
    STARTED = "started"


class ReminderRefused(ValueError):
    def __init__(self, reason: NotRemindable) -> None:
        super().__init__(reason.value)
        self.reason = reason


def remind_now(
    session: Session, meeting: Meeting, now: datetime, settings: MeetingMessageSettings
) -> list[ContactOutcome]:
    """A reminder to every contact the rules allow, at once (not held in
    quiet hours). Raises ReminderRefused for a meeting that is cancelled,
    held or has started. Does not commit."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise ReminderRefused(NotRemindable.CANCELLED)
    if meeting.status is MeetingStatus.HELD:
        raise ReminderRefused(NotRemindable.HELD)
    if meeting.starts_at <= now:
        raise ReminderRefused(NotRemindable.STARTED)
    today = to_london(now).date().isoformat()
    return [
        send_about_meeting(
            session,
            meeting,
            contact,
            Purpose.MEETING_REMINDER,
            now,
            settings,
            dedupe_key=f"meeting-reminder-now:{meeting.id}:{meeting.sequence}:{today}:{contact.id}",
            by_hand=True,
        )
        for contact in meeting_contacts(session, meeting)
    ]

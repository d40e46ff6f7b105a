"""Telling a family that their meeting has moved or will not happen.

Called by the edge in the same unit of work as the change
(`portal.staff.meetings`), so the notice is queued only if the change is
saved. Once per contact per meeting change (the key holds the meeting's
`sequence`). Both are automatic messages, held in quiet hours.

A move's notice asks "Reply YES or NO" again, so it opens a new reply
conversation (replacing the one for the old time) and counts as the
reminder of the window it falls in: the next `run-due` does not send a
second message about the same change. Cancelling closes the meeting's open
reply conversations, so a late "yes" is not taken as an answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import Meeting, MeetingStatus
from portal.services.conversations.questions import close_meeting_questions
from portal.services.meetings.meeting_messages import (
    ContactOutcome,
    MeetingMessageSettings,
    meeting_contacts,
    send_about_meeting,
)
from portal.services.meetings.reminders import reminder_key, reminder_window
from portal.services.messaging.templates import Purpose
from portal.services.messaging.to_families import is_queued


def notify_moved(
    session: Session, meeting: Meeting, now: datetime, settings: MeetingMessageSettings
) -> list[ContactOutcome]:
    """After a planned meeting's time changed: the new day and time to every
    contact the rules allow. Nothing for a meeting now in the past."""
    if meeting.status is not MeetingStatus.PLANNED or meeting.starts_at <= now:
        return []
    return [
        send_about_meeting(
            session,
            meeting,
            contact,
            Purpose.MEETING_MOVED,
            now,
            settings,
            dedupe_key=_moved_key(session, meeting, contact.id, now, settings),
        )
        for contact in meeting_contacts(session, meeting)
    ]


def _moved_key(
    session: Session,
    meeting: Meeting,
    contact_id: int,
    now: datetime,
    settings: MeetingMessageSettings,
) -> str:
    """The reminder's key for the window the new time is in, so the notice
    is that reminder; unless that was sent already (the meeting moved back to
    a time it had before), when the notice has a key of its own."""
    window = reminder_window(meeting, now, settings.reminder_days)
    if window is not None:
        key = reminder_key(meeting, window, contact_id)
        if not is_queued(session, key):
            return key
    return f"meeting-moved:{meeting.id}:{meeting.sequence}:{contact_id}"


def notify_cancelled(
    session: Session, meeting: Meeting, now: datetime, settings: MeetingMessageSettings
) -> list[ContactOutcome]:
    """After a meeting was cancelled: that it will not happen, to every
    contact the rules allow, unless it was already in the past."""
    close_meeting_questions(session, meeting.id, now)
    if meeting.status is not MeetingStatus.CANCELLED or meeting.starts_at <= now:
        return []
    return [
        send_about_meeting(
            session,
            meeting,
            contact,
            Purpose.MEETING_CANCELLED,
            now,
            settings,
            dedupe_key=f"meeting-cancelled:{meeting.id}:{meeting.sequence}:{contact.id}",
        )
        for contact in meeting_contacts(session, meeting)
    ]

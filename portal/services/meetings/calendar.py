"""A meeting as a calendar file (.ics, RFC 5545), for "Add to calendar".

- Times are London clock times (`TZID=Europe/London`) with the time zone's
  definition (VTIMEZONE) in the file, so every calendar app shows the right
  time on both sides of a clock change.
- The UID stays the same for the life of the meeting, and SEQUENCE is the
  meeting's own change counter: opening a newer file updates the entry that
  is already in the calendar rather than adding a second one.
- A cancelled meeting is a cancelled event (STATUS:CANCELLED), which marks or
  removes the entry the person added before.
- The title is the kind of meeting in plain words and nothing more: no
  purpose, no clinical detail, as a calendar can be seen by anyone with the
  phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from easyread.dates import to_london
from portal.models import Meeting, MeetingStatus
from portal.services.meetings.kinds import kind_name
from portal.services.wording import Translator

PRODUCT_ID = "-//NHS Keyworker Family Portal//Meetings//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarFile:
    content: bytes
    filename: str


def meeting_uid(meeting: Meeting, base_url: str) -> str:
    """The same for every version of the meeting's file, on this portal."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"meeting-{meeting.id}@{host}"


def meeting_calendar(
    meeting: Meeting, *, base_url: str, page_url: str, translator: Translator
) -> CalendarFile:
    """The meeting as a one-event calendar, in the translator's language.
    `base_url` is the portal's public address (for the UID); `page_url` is
    the meeting's page on the portal."""
    start, end = to_london(meeting.starts_at), to_london(meeting.ends_at)
    event = Event()
    event.add("uid", meeting_uid(meeting, base_url))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", kind_name(meeting.kind, translator))
    place = " ".join((meeting.place or "").split())
    video_link = (meeting.video_link or "").strip()
    if place or video_link:
        event.add("location", place or video_link)
    event.add("url", page_url)
    event.add("description", _description(video_link, page_url, translator))
    cancelled = meeting.status is MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Shown as busy while it stands; a cancelled meeting blocks no time.
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    # The time zone's rules for the years around the meeting: enough for any
    # app, and a small file.
    calendar.add_missing_timezones(
        first_date=date(start.year - 1, 1, 1), last_date=date(end.year + 2, 1, 1)
    )
    return CalendarFile(content=calendar.to_ical(), filename=calendar_filename(meeting))


def _description(video_link: str, page_url: str, translator: Translator) -> str:
    lines = []
    if video_link:
        lines.append(translator.gettext("Join the video call: %(link)s", link=video_link))
    lines.append(translator.gettext("See this meeting on the portal: %(link)s", link=page_url))
    return "\n".join(lines)


def calendar_filename(meeting: Meeting) -> str:
    """Only the date: safe in any file system, and it says nothing about the meeting."""
    return f"meeting-{to_london(meeting.starts_at).date().isoformat()}.ics"

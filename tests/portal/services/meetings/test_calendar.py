"""The meeting as a calendar file: read back with icalendar, London times with
the time zone's definition, one UID for the life of the meeting, SEQUENCE
going up with each change, and a cancelled meeting as a cancelled event."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy.orm import Session

from portal.models import Meeting, MeetingKind, MeetingStatus, YoungPerson
from portal.services.meetings.calendar import (
    CalendarFile,
    calendar_filename,
    meeting_calendar,
    meeting_uid,
)
from portal.services.wording import PlainTranslator
from portal.timezones import LONDON, london_datetime
from tests.support.factories import make_meeting, make_team, make_young_person

BASE_URL = "https://portal.example.org"
PAGE_URL = "https://portal.example.org/my-meetings/1"


@pytest.fixture
def person(session: Session) -> YoungPerson:
    made = make_young_person(session, team=make_team(session))
    session.commit()
    return made


def _meeting(
    session: Session,
    person: YoungPerson,
    *,
    day: date = date(2026, 1, 15),
    at: time = time(10, 0),
    length: timedelta = timedelta(hours=2),
    kind: MeetingKind = MeetingKind.CETR,
) -> Meeting:
    meeting = make_meeting(
        session,
        young_person=person,
        kind=kind,
        starts_at=london_datetime(day, at).astimezone(UTC),
        duration=length,
        place="Room 2, Demo Health Centre, 1 Example Street, Exampletown",
    )
    session.commit()
    return meeting


def _file(meeting: Meeting) -> CalendarFile:
    return meeting_calendar(
        meeting, base_url=BASE_URL, page_url=PAGE_URL, translator=PlainTranslator()
    )


def _parse(meeting: Meeting) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(_file(meeting).content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_file_is_a_published_calendar_with_one_event(
    session: Session, person: YoungPerson
) -> None:
    meeting = _meeting(session, person)

    calendar, event = _parse(meeting)

    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["PRODID"])
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Care, Education and Treatment Review"
    assert event["LOCATION"] == "Room 2, Demo Health Centre, 1 Example Street, Exampletown"
    assert event["URL"] == PAGE_URL
    assert PAGE_URL in event["DESCRIPTION"]
    # Calendar times have no fractions of a second.
    assert event.decoded("DTSTAMP") == meeting.updated_at.replace(microsecond=0)
    assert event.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)


def test_times_are_london_times_with_the_time_zone_in_the_file(
    session: Session, person: YoungPerson
) -> None:
    meeting = _meeting(session, person)

    calendar, event = _parse(meeting)

    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    assert calendar.get_missing_tzids() == set()
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at


@pytest.mark.parametrize(
    ("day", "at", "utc_hour", "london_text"),
    [
        # Winter: London is on GMT.
        (date(2026, 1, 15), time(10, 0), 10, "20260115T100000"),
        # The clocks went forward at 1 in the morning that Sunday.
        (date(2026, 3, 29), time(10, 0), 9, "20260329T100000"),
        # The clocks went back at 2 in the morning that Sunday.
        (date(2026, 10, 25), time(10, 0), 10, "20261025T100000"),
        # The day before the clocks went back: still summer time.
        (date(2026, 10, 24), time(10, 0), 9, "20261024T100000"),
    ],
)
def test_times_are_right_either_side_of_a_clock_change(
    session: Session,
    person: YoungPerson,
    day: date,
    at: time,
    utc_hour: int,
    london_text: str,
) -> None:
    meeting = _meeting(session, person, day=day, at=at)

    content = _file(meeting).content
    _calendar, event = _parse(meeting)

    assert f"DTSTART;TZID=Europe/London:{london_text}" in content.decode()
    start = event.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert start.astimezone(LONDON).time() == at


def test_a_meeting_across_the_clock_change_lasts_the_real_time(
    session: Session, person: YoungPerson
) -> None:
    # From half past midnight to half past 2 by the clock on 29 March 2026: 1 hour
    # of real time, as the clocks jump from 1 to 2.
    meeting = _meeting(
        session, person, day=date(2026, 3, 29), at=time(0, 30), length=timedelta(hours=1)
    )

    _calendar, event = _parse(meeting)

    # (In UTC: Python subtracts two times in one zone by their clock readings.)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)
    assert event.decoded("DTEND").astimezone(LONDON).time() == time(2, 30)


def test_the_uid_stays_and_the_sequence_goes_up_when_the_meeting_changes(
    session: Session, person: YoungPerson
) -> None:
    with time_machine.travel(datetime(2026, 1, 1, 9, tzinfo=UTC), tick=False):
        meeting = _meeting(session, person)
    _calendar, before = _parse(meeting)

    with time_machine.travel(datetime(2026, 1, 2, 9, tzinfo=UTC), tick=False):
        meeting.starts_at = meeting.starts_at + timedelta(hours=1)
        meeting.ends_at = meeting.ends_at + timedelta(hours=1)
        session.commit()
    _calendar, after = _parse(meeting)

    assert after["UID"] == before["UID"] == meeting_uid(meeting, BASE_URL)
    assert before["UID"] == f"meeting-{meeting.id}@portal.example.org"
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert after.decoded("DTSTART").astimezone(LONDON).time() == time(11, 0)


def test_a_cancelled_meeting_is_a_cancelled_event_with_a_higher_sequence(
    session: Session, person: YoungPerson
) -> None:
    meeting = _meeting(session, person)
    _calendar, planned = _parse(meeting)

    meeting.status = MeetingStatus.CANCELLED
    session.commit()
    _calendar, cancelled = _parse(meeting)

    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["UID"] == planned["UID"]
    assert cancelled.decoded("SEQUENCE") > planned.decoded("SEQUENCE")


def test_the_title_is_only_the_kind_and_a_video_meeting_gives_its_link(
    session: Session, person: YoungPerson
) -> None:
    meeting = _meeting(session, person, kind=MeetingKind.MDT)
    meeting.place = None
    meeting.video_link = "https://video.example.org/demo-meeting"
    meeting.reasonable_adjustments = "Needs a quiet room because of anxiety."
    session.commit()

    content = _file(meeting).content
    _calendar, event = _parse(meeting)

    assert event["SUMMARY"] == "Meeting of the people who help you"
    assert event["LOCATION"] == "https://video.example.org/demo-meeting"
    assert "https://video.example.org/demo-meeting" in event["DESCRIPTION"]
    assert b"anxiety" not in content
    assert person.legal_name.encode() not in content


def test_the_file_name_is_only_the_london_date(session: Session, person: YoungPerson) -> None:
    # Half past midnight on 1 June in London is still 31 May in UTC.
    meeting = _meeting(session, person, day=date(2026, 6, 1), at=time(0, 30))

    assert calendar_filename(meeting) == "meeting-2026-06-01.ics"

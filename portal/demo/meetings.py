"""Each demo young person's meetings: one coming up and one held; Sam also
has one that was cancelled.

Every third young person's next meeting is a Care (Education) and Treatment
Review, the others' a multidisciplinary team meeting; half are in a room and
half by video. There is no staff page for arranging meetings yet, so each is
built as a row.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from portal.models import Meeting, MeetingAttendee, MeetingKind, MeetingStatus, YoungPerson
from portal.timezones import london_datetime

CLINIC = "Room 2, Demo Health Centre, 1 Example Street, Exampletown"
FAMILY_HUB = "Demo Family Hub, 2 Example Road, Exampletown"
VIDEO_LINK = "https://video.example.org/demo-meeting"


def add_demo_meetings(
    session: Session, person: YoungPerson, *, today: date, index: int
) -> list[Meeting]:
    """Add the meetings of the `index`th demo young person."""
    meetings = [
        upcoming_meeting(person, today=today, index=index),
        held_meeting(person, today=today, index=index),
    ]
    if index == 0:
        meetings.append(cancelled_meeting(person, today=today))
    session.add_all(meetings)
    return meetings


def upcoming_meeting(person: YoungPerson, *, today: date, index: int) -> Meeting:
    """The next meeting, 5 to 16 days away, with the reasonable adjustments
    the family asked for."""
    kind = MeetingKind.CETR if index % 3 == 0 else MeetingKind.MDT
    day = today + timedelta(days=5 + index)
    in_a_room = index % 2 == 1
    return Meeting(
        young_person_id=person.id,
        kind=kind,
        starts_at=london_datetime(day, time(10, 0)),
        ends_at=london_datetime(day, time(12, 0)),
        place=CLINIC if in_a_room else None,
        video_link=None if in_a_room else VIDEO_LINK,
        reasonable_adjustments="Quiet room and a break every 30 minutes.",
        attendees=_attendees(kind),
    )


def _attendees(kind: MeetingKind) -> list[MeetingAttendee]:
    if kind is MeetingKind.CETR:
        return [
            MeetingAttendee(role="Keyworker"),
            MeetingAttendee(role="CETR panel chair", agency="Commissioner"),
            MeetingAttendee(role="Expert by experience"),
        ]
    return [
        MeetingAttendee(role="Keyworker"),
        MeetingAttendee(role="Social worker", agency="Children's services"),
        MeetingAttendee(role="School SENCO", agency="School"),
    ]


def held_meeting(person: YoungPerson, *, today: date, index: int) -> Meeting:
    """A meeting three weeks or so ago that went ahead."""
    day = today - timedelta(days=20 + index)
    return Meeting(
        young_person_id=person.id,
        kind=MeetingKind.REGISTER_REVIEW if index % 2 else MeetingKind.MDT,
        starts_at=london_datetime(day, time(14, 0)),
        ends_at=london_datetime(day, time(15, 0)),
        place=FAMILY_HUB,
        status=MeetingStatus.HELD,
        attendees=[MeetingAttendee(role="Keyworker"), MeetingAttendee(role="GP")],
    )


def cancelled_meeting(person: YoungPerson, *, today: date) -> Meeting:
    """A meeting in twelve days' time that was called off (Sam's)."""
    day = today + timedelta(days=12)
    return Meeting(
        young_person_id=person.id,
        kind=MeetingKind.MDT,
        starts_at=london_datetime(day, time(15, 30)),
        ends_at=london_datetime(day, time(16, 30)),
        place=FAMILY_HUB,
        status=MeetingStatus.CANCELLED,
        attendees=[MeetingAttendee(role="Keyworker")],
    )

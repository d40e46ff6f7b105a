"""Each demo young person's meetings: one coming up and one held; Sam also
has one that was cancelled, and Liv one held two working days ago whose
outcome nobody has recorded yet (so the worklist shows it).

Every third young person's next meeting is a Care (Education) and Treatment
Review, the others' a multidisciplinary team meeting; half are in a room and
half by video. Every meeting is on a weekday within working hours in London,
counted in working days from the day the demo is seeded. Each is built as a
row, as the staff pages would save it.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from portal.models import Meeting, MeetingAttendee, MeetingKind, MeetingStatus, YoungPerson
from portal.services.records.working_hours import WORKING_WEEKDAYS
from portal.timezones import london_datetime

CLINIC = "Room 2, Demo Health Centre, 1 Example Street, Exampletown"
FAMILY_HUB = "Demo Family Hub, 2 Example Road, Exampletown"
VIDEO_LINK = "https://video.example.org/demo-meeting"
HELD_OUTCOME = "Reviewed the plan with the family and the team. Support stays as it is for now."
HELD_FAMILY_OUTCOME = "We talked about your plan. Your help stays the same for now."
# Liv's: held, no outcome recorded.
NO_OUTCOME_INDEX = 1
ADULT_SERVICES_FROM = 18


def working_day(today: date, days: int) -> date:
    """The day `days` working days after `today` (before it, when negative),
    counting Monday to Friday only."""
    step = timedelta(days=1 if days >= 0 else -1)
    day, left = today, abs(days)
    while left:
        day += step
        if day.weekday() in WORKING_WEEKDAYS:
            left -= 1
    return day


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
    if index == NO_OUTCOME_INDEX:
        meetings.append(no_outcome_meeting(person, today=today))
    session.add_all(meetings)
    return meetings


def upcoming_meeting(person: YoungPerson, *, today: date, index: int) -> Meeting:
    """The next meeting, 4 to 15 working days away (each on a day of its
    own), with the reasonable adjustments the family asked for."""
    kind = MeetingKind.CETR if index % 3 == 0 else MeetingKind.MDT
    day = working_day(today, 4 + index)
    in_a_room = index % 2 == 1
    return Meeting(
        young_person_id=person.id,
        kind=kind,
        starts_at=london_datetime(day, time(10, 0)),
        ends_at=london_datetime(day, time(12, 0)),
        place=CLINIC if in_a_room else None,
        video_link=None if in_a_room else VIDEO_LINK,
        reasonable_adjustments="Quiet room and a break every 30 minutes.",
        attendees=_attendees(kind, adult=person.age_on(today) >= ADULT_SERVICES_FROM),
    )


def _attendees(kind: MeetingKind, *, adult: bool) -> list[MeetingAttendee]:
    if kind is MeetingKind.CETR:
        return [
            MeetingAttendee(role="Keyworker"),
            MeetingAttendee(role="CETR panel chair", agency="Commissioner"),
            MeetingAttendee(role="Expert by experience"),
        ]
    if adult:
        return [
            MeetingAttendee(role="Keyworker"),
            MeetingAttendee(role="Social worker", agency="Adult social care"),
            MeetingAttendee(role="Learning disability nurse", agency="Community team"),
        ]
    return [
        MeetingAttendee(role="Keyworker"),
        MeetingAttendee(role="Social worker", agency="Children's services"),
        MeetingAttendee(role="School SENCO", agency="School"),
    ]


def held_meeting(person: YoungPerson, *, today: date, index: int) -> Meeting:
    """A meeting three weeks or so ago that went ahead, its outcome recorded
    that afternoon."""
    day = working_day(today, -(15 + index))
    return Meeting(
        young_person_id=person.id,
        kind=MeetingKind.REGISTER_REVIEW if index % 2 else MeetingKind.MDT,
        starts_at=london_datetime(day, time(14, 0)),
        ends_at=london_datetime(day, time(15, 0)),
        place=FAMILY_HUB,
        status=MeetingStatus.HELD,
        outcome=HELD_OUTCOME,
        family_outcome=HELD_FAMILY_OUTCOME,
        outcome_recorded_at=london_datetime(day, time(16, 30)),
        attendees=[MeetingAttendee(role="Keyworker"), MeetingAttendee(role="GP")],
    )


def cancelled_meeting(person: YoungPerson, *, today: date) -> Meeting:
    """A meeting eight working days away that was called off (Sam's)."""
    day = working_day(today, 8)
    return Meeting(
        young_person_id=person.id,
        kind=MeetingKind.MDT,
        starts_at=london_datetime(day, time(15, 30)),
        ends_at=london_datetime(day, time(16, 30)),
        place=FAMILY_HUB,
        status=MeetingStatus.CANCELLED,
        attendees=[MeetingAttendee(role="Keyworker")],
    )


def no_outcome_meeting(person: YoungPerson, *, today: date) -> Meeting:
    """A meeting two working days ago, marked held, with no outcome yet: the
    keyworker should have updated the record within 24 hours."""
    day = working_day(today, -2)
    return Meeting(
        young_person_id=person.id,
        kind=MeetingKind.MDT,
        starts_at=london_datetime(day, time(11, 0)),
        ends_at=london_datetime(day, time(12, 0)),
        place=CLINIC,
        status=MeetingStatus.HELD,
        attendees=[MeetingAttendee(role="Keyworker"), MeetingAttendee(role="School SENCO")],
    )

"""Each demo young person has a meeting coming up and one held; Sam also has
one that was cancelled."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.people import DEMO_YOUNG_PEOPLE
from portal.demo.seed import seed_demo_data
from portal.models import Meeting, MeetingKind, MeetingStatus, YoungPerson, utc_now


def test_everyone_has_a_meeting_coming_up_and_one_held(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    now = utc_now()
    for index, spec in enumerate(DEMO_YOUNG_PEOPLE):
        person = session.scalars(
            select(YoungPerson).where(YoungPerson.preferred_name == spec.preferred_name)
        ).one()
        meetings = session.scalars(
            select(Meeting).where(Meeting.young_person_id == person.id).order_by(Meeting.starts_at)
        ).all()
        statuses = [m.status for m in meetings]
        expected = [MeetingStatus.HELD, MeetingStatus.PLANNED]
        if spec.preferred_name == "Sam":
            expected.append(MeetingStatus.CANCELLED)
        assert statuses == expected, spec.preferred_name
        held, upcoming = meetings[0], meetings[1]
        assert held.starts_at < now < upcoming.starts_at
        assert (upcoming.kind is MeetingKind.CETR) == (index % 3 == 0)
        # In a room or by video, never neither.
        assert (upcoming.place is None) != (upcoming.video_link is None)
        roles = [a.role for a in upcoming.attendees]
        assert roles[0] == "Keyworker" and len(roles) == 3

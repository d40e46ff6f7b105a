"""Each demo young person has a meeting coming up and one held; Sam also has
one that was cancelled, and Liv one with no outcome recorded. Every meeting
is on a weekday in working hours in London."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.meetings import working_day
from portal.demo.people import DEMO_YOUNG_PEOPLE
from portal.demo.seed import seed_demo_data
from portal.models import Meeting, MeetingKind, MeetingStatus, YoungPerson, utc_now
from portal.services.easy_read.review import review_family_text
from portal.services.records.worklist import WorkKind, staff_home
from portal.timezones import LONDON


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
        meetings = [m for m in meetings if m.status is not MeetingStatus.CANCELLED]
        if spec.preferred_name == "Liv":
            no_outcome = meetings.pop(1)
            assert no_outcome.status is MeetingStatus.HELD
            assert no_outcome.outcome_recorded_at is None
            assert no_outcome.ends_at < now - timedelta(hours=24)
        statuses = [m.status for m in meetings]
        assert statuses == [MeetingStatus.HELD, MeetingStatus.PLANNED], spec.preferred_name
        held, upcoming = meetings
        assert held.outcome_recorded_at is not None and held.outcome_recorded_at > held.ends_at
        assert not review_family_text(held.family_outcome or "", "en").has_errors
        assert held.starts_at < now < upcoming.starts_at
        assert (upcoming.kind is MeetingKind.CETR) == (index % 3 == 0)
        # In a room or by video, never neither.
        assert (upcoming.place is None) != (upcoming.video_link is None)
        roles = [a.role for a in upcoming.attendees]
        assert roles[0] == "Keyworker" and len(roles) == 3


def test_every_meeting_is_on_a_weekday_in_working_hours(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    meetings = session.scalars(select(Meeting).order_by(Meeting.id)).all()
    assert len(meetings) == 12 * 2 + 2
    for meeting in meetings:
        starts, ends = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
        assert starts.date() == ends.date() and starts.weekday() < 5, starts
        assert time(9, 0) <= starts.time() < ends.time() <= time(17, 0), starts
    # The meetings coming up are each on a day of their own.
    upcoming = [
        m.starts_at.astimezone(LONDON).date()
        for m in meetings
        if m.starts_at > utc_now() and m.status is MeetingStatus.PLANNED
    ]
    assert len(upcoming) == 12
    assert len(set(upcoming)) == len(upcoming)


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday: Monday next
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # Saturday: Monday
        (date(2026, 12, 7), -1, date(2026, 12, 4)),  # Monday: Friday before
        (date(2026, 12, 2), 10, date(2026, 12, 16)),  # two working weeks
        (date(2026, 12, 2), -2, date(2026, 11, 30)),
    ],
)
def test_working_days_skip_weekends(today: date, days: int, expected: date) -> None:
    assert working_day(today, days) == expected


def test_the_first_keyworkers_worklist_shows_what_it_is_for(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    liv = session.scalars(select(YoungPerson).where(YoungPerson.preferred_name == "Liv")).one()
    assert liv.keyworker is not None
    home = staff_home(session, liv.keyworker, utc_now())
    kinds = {item.kind for item in home.worklist}
    assert {WorkKind.URGENT, WorkKind.FROM_FAMILY, WorkKind.MEETING_NO_OUTCOME} <= kinds
    [no_outcome] = [i for i in home.worklist if i.kind is WorkKind.MEETING_NO_OUTCOME]
    assert (no_outcome.preferred_name, no_outcome.detail) == ("Liv", "held")

"""The home page summary: the next meeting, what changed since the person
last looked (from their own page views), and whether they look after another
young person; in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Plan,
    PlanVersion,
    Relationship,
    StaffUser,
    YoungPerson,
)
from portal.services.home.family_home import home_summary
from portal.services.records.audit import record_family_view
from tests.query_counter import count_queries
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)

NOW = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
TODAY = date(2026, 3, 2)


@dataclass
class Family:
    person: YoungPerson
    reader: Contact
    other: Contact  # someone else in the family, with views of their own
    keyworker: StaffUser
    plan: Plan


def _at(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def family(session: Session) -> Family:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(
        session, team=team, keyworker=keyworker, date_of_birth=date(2012, 5, 1)
    )
    plan = Plan(young_person_id=person.id)
    session.add(plan)
    session.flush()
    result = Family(
        person=person,
        reader=make_contact(session, young_person=person),
        other=make_contact(session, young_person=person),
        keyworker=keyworker,
        plan=plan,
    )
    session.commit()
    return result


def _version(session: Session, family: Family, when: datetime) -> None:
    number = len(family.plan.versions) + 1
    session.add(
        PlanVersion(
            plan_id=family.plan.id,
            number=number,
            change_note=f"Version {number}",
            created_by_id=family.keyworker.id,
            created_at=when,
        )
    )
    session.commit()
    session.refresh(family.plan)


def _viewed(session: Session, contact: Contact, page: str, when: datetime) -> None:
    with _at(when):
        record_family_view(session, contact, page)
    session.commit()


def _meeting(session: Session, family: Family, when: datetime, **values: Any) -> Meeting:
    with _at(when):
        meeting = make_meeting(session, young_person=family.person, **values)
        session.commit()
    return meeting


def _summary(session: Session, family: Family, contact: Contact | None = None) -> Any:
    return home_summary(session, contact or family.reader, NOW, TODAY)


# The next meeting


def test_the_next_meeting_is_the_soonest_planned_one_not_yet_over(
    session: Session, family: Family
) -> None:
    when = NOW - timedelta(days=10)
    _meeting(session, family, when, starts_at=NOW - timedelta(days=1))  # over
    _meeting(
        session, family, when, starts_at=NOW + timedelta(days=1), status=MeetingStatus.CANCELLED
    )
    _meeting(session, family, when, starts_at=NOW + timedelta(days=9), kind=MeetingKind.MDT)
    soonest = _meeting(
        session, family, when, starts_at=NOW + timedelta(days=3), kind=MeetingKind.CETR
    )
    # Going on now: still the next one until it ends.
    summary = _summary(session, family)
    assert summary.next_meeting is not None
    assert summary.next_meeting.kind is MeetingKind.CETR
    assert summary.next_meeting.starts_at == soonest.starts_at

    _meeting(session, family, when, starts_at=NOW - timedelta(minutes=30))
    assert _summary(session, family).next_meeting.starts_at == NOW - timedelta(minutes=30)


def test_no_meeting_and_no_plan(session: Session, family: Family) -> None:
    summary = _summary(session, family)
    assert summary.next_meeting is None
    assert summary.plan_updated_at is None
    assert not summary.plan_changed
    assert not summary.meeting_changed and not summary.meeting_added
    assert not summary.chooses_young_person


def test_another_young_persons_meetings_are_not_shown(session: Session, family: Family) -> None:
    other_person = make_young_person(session, team=family.person.team)
    make_meeting(session, young_person=other_person, starts_at=NOW + timedelta(days=1))
    session.commit()
    assert _summary(session, family).next_meeting is None


# What changed


def test_a_first_visit_ever_has_no_news(session: Session, family: Family) -> None:
    _version(session, family, NOW - timedelta(days=1))
    _meeting(session, family, NOW - timedelta(hours=1), starts_at=NOW + timedelta(days=2))
    summary = _summary(session, family)
    assert summary.plan_updated_at == NOW - timedelta(days=1)
    assert not summary.plan_changed
    assert not summary.meeting_changed and not summary.meeting_added


def test_the_plan_changed_after_the_reader_last_opened_it(session: Session, family: Family) -> None:
    _version(session, family, NOW - timedelta(days=20))
    _viewed(session, family.reader, "family.plan", NOW - timedelta(days=10))
    assert not _summary(session, family).plan_changed

    _version(session, family, NOW - timedelta(days=2))
    summary = _summary(session, family)
    assert summary.plan_changed
    assert summary.plan_updated_at == NOW - timedelta(days=2)

    # Someone else opening the plan does not count for the reader.
    _viewed(session, family.other, "family.plan", NOW - timedelta(days=1))
    assert _summary(session, family).plan_changed
    # Another page does not count either.
    _viewed(session, family.reader, "family.home", NOW - timedelta(days=1))
    assert _summary(session, family).plan_changed

    _viewed(session, family.reader, "family.plan", NOW - timedelta(hours=1))
    assert not _summary(session, family).plan_changed


def test_someone_who_never_opened_the_plan_hears_of_changes_after_their_first_visit(
    session: Session, family: Family
) -> None:
    _version(session, family, NOW - timedelta(days=20))
    _viewed(session, family.reader, "family.home", NOW - timedelta(days=10))
    assert not _summary(session, family).plan_changed
    _version(session, family, NOW - timedelta(days=5))
    assert _summary(session, family).plan_changed


def test_a_changed_or_cancelled_meeting_is_news_until_the_meetings_are_opened(
    session: Session, family: Family
) -> None:
    meeting = _meeting(session, family, NOW - timedelta(days=20), starts_at=NOW + timedelta(days=5))
    _viewed(session, family.reader, "family.meetings", NOW - timedelta(days=10))
    assert not _summary(session, family).meeting_changed

    with _at(NOW - timedelta(days=3)):
        meeting.status = MeetingStatus.CANCELLED
        session.commit()
    summary = _summary(session, family)
    assert summary.meeting_changed and not summary.meeting_added

    # Opening one meeting's page counts as looking at the meetings.
    _viewed(session, family.reader, "family.meeting", NOW - timedelta(days=1))
    assert not _summary(session, family).meeting_changed


def test_a_new_meeting_is_news_but_a_held_one_is_not(session: Session, family: Family) -> None:
    _viewed(session, family.reader, "family.meetings", NOW - timedelta(days=10))
    _meeting(
        session,
        family,
        NOW - timedelta(days=2),
        starts_at=NOW - timedelta(days=2),
        status=MeetingStatus.HELD,
    )
    summary = _summary(session, family)
    assert not summary.meeting_changed and not summary.meeting_added

    _meeting(session, family, NOW - timedelta(days=1), starts_at=NOW + timedelta(days=4))
    summary = _summary(session, family)
    assert summary.meeting_added and not summary.meeting_changed


# Another young person


def test_a_carer_of_two_young_people_may_choose(session: Session, family: Family) -> None:
    family.reader.phone_verified = True
    second = make_young_person(session, team=family.person.team, date_of_birth=date(2016, 1, 1))
    same = make_contact(
        session, young_person=second, relation=Relationship.CARER, mobile=family.reader.mobile_e164
    )
    same.phone_verified = True
    session.commit()
    assert _summary(session, family).chooses_young_person


# Queries


def _queries(session: Session, family: Family) -> int:
    engine = session.get_bind()
    session.expire_all()
    contact = session.get(Contact, family.reader.id)
    assert contact is not None
    contact.young_person  # noqa: B018 - loaded before counting, as on every request
    with count_queries(engine) as log:  # type: ignore[arg-type]
        home_summary(session, contact, NOW, TODAY)
    return log.count


def test_a_fixed_number_of_queries_whatever_the_data(session: Session, family: Family) -> None:
    _version(session, family, NOW - timedelta(days=30))
    _meeting(session, family, NOW - timedelta(days=30), starts_at=NOW + timedelta(days=2))
    _viewed(session, family.reader, "family.plan", NOW - timedelta(days=20))
    _viewed(session, family.reader, "family.meetings", NOW - timedelta(days=20))
    small = _queries(session, family)

    for number in range(50):
        _meeting(
            session,
            family,
            NOW - timedelta(days=5),
            starts_at=NOW + timedelta(days=number - 25, hours=1),
            status=MeetingStatus.CANCELLED if number % 4 == 0 else MeetingStatus.PLANNED,
        )
    for number in range(30):
        _version(session, family, NOW - timedelta(days=10, hours=number))
    for number in range(40):
        _viewed(session, family.reader, "family.plan", NOW - timedelta(days=19, hours=number))
        _viewed(session, family.other, "family.meetings", NOW - timedelta(hours=number))
    large = _queries(session, family)
    assert large == small
    assert small <= 7  # views, plan, next meeting, changed meetings, messages, replies, choosing
    assert session.scalar(select(PlanVersion.id).where(PlanVersion.number == 31)) is not None

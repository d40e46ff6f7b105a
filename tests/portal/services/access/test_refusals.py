"""Refused access: each refusal is one `access.refused` event naming who, what
was asked for and why, and never a secret; administrators read them grouped by
person, most first, from one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ActorRole, AuditEvent, Contact, StaffRole, StaffUser, utc_now
from portal.services.access.refusals import (
    ACCESS_REFUSED,
    AskedFor,
    RefusalReason,
    RefusalReport,
    RefusedFor,
    record_refusal,
    refusal_report,
)
from portal.services.records.audit import record_event
from tests.query_counter import count_queries
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

NOW = datetime(2025, 3, 4, 12, 0, tzinfo=utc_now().tzinfo)
RECORD = AskedFor("staff.record", "GET", {"young_person_id": 41})
MEETING = AskedFor("family.meeting", "GET", {"meeting_id": 7})


@dataclass(frozen=True)
class People:
    keyworker: StaffUser
    manager: StaffUser
    contact: Contact


@pytest.fixture
def people(session: Session) -> People:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team, name="Robin Example")
    person = make_young_person(session, team=team, keyworker=keyworker)
    return People(
        keyworker=keyworker,
        manager=make_staff_user(session, role=StaffRole.MANAGER, team=team, name="Ash Example"),
        contact=make_contact(session, young_person=person),
    )


def _refused(
    session: Session,
    at: datetime,
    asked_for: AskedFor = RECORD,
    reason: RefusalReason = RefusalReason.NOT_VISIBLE,
    **actor: object,
) -> None:
    event = record_refusal(session, reason, asked_for, **actor)  # type: ignore[arg-type]
    event.occurred_at = at
    session.flush()


def _report(
    session: Session, *, window: timedelta = timedelta(days=7), alert_count: int = 5
) -> RefusalReport:
    return refusal_report(
        session, now=NOW, window=window, alert_window=timedelta(hours=24), alert_count=alert_count
    )


def test_a_refusal_names_who_what_why_and_when(session: Session, people: People) -> None:
    record_refusal(
        session,
        RefusalReason.NOT_VISIBLE,
        RECORD,
        staff_user=people.keyworker,
        ip_address="192.0.2.7",
    )
    record_refusal(session, RefusalReason.NOT_VISIBLE, MEETING, contact=people.contact)
    record_refusal(
        session,
        RefusalReason.WRONG_ROLE,
        AskedFor("staff.refused_access", "GET"),
        ip_address="192.0.2.8",
    )
    session.flush()
    staff, family, nobody = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert {staff.action, family.action, nobody.action} == {ACCESS_REFUSED}
    assert (staff.actor_role, staff.actor_staff_id, staff.ip_address) == (
        ActorRole.KEYWORKER,
        people.keyworker.id,
        "192.0.2.7",
    )
    # The asked-for young person goes in the detail: the id may not exist, and
    # the event is not a look at anybody's record.
    assert staff.young_person_id is None
    assert staff.detail == {
        "reason": "not_visible",
        "endpoint": "staff.record",
        "method": "GET",
        "asked_for": {"young_person_id": 41},
    }
    assert (family.actor_role, family.actor_contact_id) == (ActorRole.FAMILY, people.contact.id)
    assert family.young_person_id == people.contact.young_person_id  # their own
    assert family.detail["asked_for"] == {"meeting_id": 7}
    assert (nobody.actor_role, nobody.ip_address) == (ActorRole.ANONYMOUS, "192.0.2.8")
    assert nobody.detail["reason"] == "wrong_role" and nobody.occurred_at is not None


def test_only_whole_number_ids_are_kept_never_a_secret(session: Session, people: People) -> None:
    secret = "Zm9vYmFyYmF6cXV4cXV1eA"
    record_refusal(
        session,
        RefusalReason.NOT_VISIBLE,
        AskedFor("family.use_link", "POST", {"token": secret, "meeting_id": 3, "flag": True}),
        contact=people.contact,
    )
    session.flush()
    event = session.scalars(select(AuditEvent)).one()
    assert event.detail["asked_for"] == {"meeting_id": 3}
    assert secret not in str(event.detail)


def test_the_report_groups_by_person_most_first(session: Session, people: People) -> None:
    for hours in (1, 2, 3):
        _refused(session, NOW - timedelta(hours=hours), staff_user=people.keyworker)
    _refused(
        session,
        NOW - timedelta(days=2),
        AskedFor("staff.refused_access", "GET"),
        RefusalReason.WRONG_ROLE,
        staff_user=people.keyworker,
    )
    _refused(session, NOW - timedelta(minutes=5), MEETING, contact=people.contact)
    _refused(session, NOW - timedelta(minutes=6), MEETING, contact=people.contact)
    # Not refusals, or too old: not counted.
    record_event(session, "record.viewed", staff_user=people.manager, young_person_id=None)
    _refused(session, NOW - timedelta(days=8), staff_user=people.manager)
    session.flush()

    report = _report(session)
    keyworker, family = report.people
    assert report.since == NOW - timedelta(days=7)
    assert (keyworker.who.staff_user_id, keyworker.who.staff_name) == (
        people.keyworker.id,
        "Robin Example",
    )
    assert keyworker.who.role is ActorRole.KEYWORKER
    assert (keyworker.times, keyworker.recent_times) == (4, 3)
    assert (keyworker.first_at, keyworker.last_at) == (
        NOW - timedelta(days=2),
        NOW - timedelta(hours=1),
    )
    assert keyworker.asked_for == (
        RefusedFor("not_visible", "staff.record", 3),
        RefusedFor("wrong_role", "staff.refused_access", 1),
    )
    assert (family.who.contact_id, family.who.young_person_id, family.who.keyworker_name) == (
        people.contact.id,
        people.contact.young_person_id,
        "Robin Example",
    )
    assert family.who.staff_name is None and family.times == 2
    assert report.over_threshold == ()


def test_anyone_refused_often_in_the_alert_window_is_over_the_threshold(
    session: Session, people: People
) -> None:
    # The keyworker: 5 in the last day. The manager: 6, but spread over 6 days.
    for minutes in range(5):
        _refused(session, NOW - timedelta(minutes=minutes), staff_user=people.keyworker)
    for days in range(6):
        _refused(session, NOW - timedelta(days=days, hours=1), staff_user=people.manager)
    session.flush()

    report = _report(session)
    manager, keyworker = report.people
    assert (manager.times, manager.recent_times, manager.over_threshold) == (6, 1, False)
    assert (keyworker.times, keyworker.recent_times, keyworker.over_threshold) == (5, 5, True)
    assert report.over_threshold == (keyworker,)

    stricter = _report(session, alert_count=6)
    assert stricter.over_threshold == ()
    shorter = _report(session, window=timedelta(days=1))
    assert [person.times for person in shorter.people] == [5, 1]


def test_people_not_signed_in_are_told_apart_by_address(session: Session) -> None:
    for address, times in (("192.0.2.1", 2), ("192.0.2.2", 1)):
        for _ in range(times):
            _refused(session, NOW - timedelta(hours=1), ip_address=address)
    session.flush()
    first, second = _report(session).people
    assert (first.who.role, first.who.ip_address, first.times) == (
        ActorRole.ANONYMOUS,
        "192.0.2.1",
        2,
    )
    assert (second.who.ip_address, second.times) == ("192.0.2.2", 1)


def test_the_report_is_one_query_whatever_the_number_of_refusals(
    session: Session, people: People
) -> None:
    _refused(session, NOW - timedelta(hours=1), staff_user=people.keyworker)
    session.commit()
    engine = session.get_bind()
    with count_queries(engine) as few:  # type: ignore[arg-type]
        _report(session)

    team = make_team(session)
    for number in range(30):
        user = make_staff_user(session, team=team)
        contact = make_contact(
            session, young_person=make_young_person(session, team=team, keyworker=user)
        )
        endpoint = AskedFor(f"staff.page_{number % 4}", "GET")
        _refused(session, NOW - timedelta(hours=number), endpoint, staff_user=user)
        _refused(session, NOW - timedelta(hours=number), MEETING, contact=contact)
    session.commit()
    with count_queries(engine) as many:  # type: ignore[arg-type]
        report = _report(session)

    assert len(report.people) == 61
    assert many.count == few.count == 1

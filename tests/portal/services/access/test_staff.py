"""The need-to-know rule: a keyworker sees their own young people, a manager
their team, an administrator and a turned-off account nobody; one way in for
staff routes, which audits a look at the record; and rows of one young person
never reached through another."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Contact, Meeting, StaffRole, StaffUser, YoungPerson, utc_now
from portal.services.access.staff import (
    RECORD_VIEWED,
    NotVisible,
    belonging_to,
    may_view_record,
    require_visible,
    visible_young_people,
    young_person_for_staff,
)
from portal.services.records.caseload import caseload_for
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)


@dataclass(frozen=True)
class Service:
    keyworker: StaffUser
    colleague: StaffUser  # another keyworker in the same team
    manager: StaffUser
    own: YoungPerson  # allocated to `keyworker`
    colleagues: YoungPerson  # allocated to `colleague`
    elsewhere: YoungPerson  # in another team


@pytest.fixture
def service(session: Session) -> Service:
    team, other_team = make_team(session), make_team(session)
    keyworker = make_staff_user(session, team=team)
    colleague = make_staff_user(session, team=team)
    return Service(
        keyworker=keyworker,
        colleague=colleague,
        manager=make_staff_user(session, role=StaffRole.MANAGER, team=team),
        own=make_young_person(session, team=team, keyworker=keyworker),
        colleagues=make_young_person(session, team=team, keyworker=colleague),
        elsewhere=make_young_person(
            session, team=other_team, keyworker=make_staff_user(session, team=other_team)
        ),
    )


def _visible(session: Session, user: StaffUser) -> set[int]:
    return {person.id for person in session.scalars(visible_young_people(user))}


def test_a_keyworker_sees_only_the_young_people_allocated_to_them(
    session: Session, service: Service
) -> None:
    assert _visible(session, service.keyworker) == {service.own.id}
    assert may_view_record(session, service.keyworker, service.own.id)
    assert not may_view_record(session, service.keyworker, service.colleagues.id)
    assert not may_view_record(session, service.keyworker, service.elsewhere.id)


def test_a_manager_sees_their_team_and_no_other(session: Session, service: Service) -> None:
    assert _visible(session, service.manager) == {service.own.id, service.colleagues.id}
    assert not may_view_record(session, service.manager, service.elsewhere.id)


@pytest.mark.parametrize(
    "who", ["administrator", "manager without a team", "turned-off keyworker", "turned-off manager"]
)
def test_some_staff_see_nobody(session: Session, service: Service, who: str) -> None:
    team = service.keyworker.team
    user = {
        "administrator": lambda: make_staff_user(session, role=StaffRole.ADMIN, team=team),
        "manager without a team": lambda: make_staff_user(session, role=StaffRole.MANAGER),
        "turned-off keyworker": lambda: service.keyworker,
        "turned-off manager": lambda: service.manager,
    }[who]()
    if who.startswith("turned-off"):
        user.is_active = False
    assert _visible(session, user) == set()
    with pytest.raises(NotVisible):
        require_visible(session, user, service.own.id)


def test_the_caseload_lists_what_the_rule_allows(session: Session, service: Service) -> None:
    for user in (service.keyworker, service.manager, service.colleague):
        rows = caseload_for(session, user, utc_now())
        assert {row.young_person_id for row in rows} == _visible(session, user)


def test_staff_reach_a_young_person_they_may_see(session: Session, service: Service) -> None:
    contact = make_contact(session, young_person=service.own)
    access = young_person_for_staff(
        session,
        service.keyworker,
        service.own.id,
        ip_address=None,
        viewing_record=False,
        rows={"contact": (Contact, contact.id)},
    )
    assert access.young_person is service.own
    assert access.rows == {"contact": contact}
    assert session.scalars(select(AuditEvent)).all() == []


def test_unknown_and_not_allowed_are_the_same_refusal(session: Session, service: Service) -> None:
    for young_person_id in (service.colleagues.id, service.elsewhere.id, 999_999):
        with pytest.raises(NotVisible):
            young_person_for_staff(
                session,
                service.keyworker,
                young_person_id,
                ip_address="203.0.113.9",
                viewing_record=True,
            )
    # Nor a contact of someone else through a young person they may see.
    other = make_contact(session, young_person=service.colleagues)
    with pytest.raises(NotVisible):
        young_person_for_staff(
            session,
            service.manager,
            service.own.id,
            ip_address="203.0.113.9",
            viewing_record=True,
            rows={"contact": (Contact, other.id)},
        )
    assert session.scalars(select(AuditEvent)).all() == []  # no look, no event


def test_a_look_at_the_record_is_audited_once_with_the_address(
    session: Session, service: Service
) -> None:
    young_person_for_staff(
        session, service.manager, service.own.id, ip_address="203.0.113.9", viewing_record=True
    )
    event = session.scalars(select(AuditEvent)).one()
    assert event.action == RECORD_VIEWED
    assert (event.actor_staff_id, event.young_person_id, event.ip_address) == (
        service.manager.id,
        service.own.id,
        "203.0.113.9",
    )
    assert event.actor_role.value == "manager"


def test_rows_are_reached_only_through_their_own_young_person(
    session: Session, service: Service
) -> None:
    own_contact = make_contact(session, young_person=service.own)
    other_contact = make_contact(session, young_person=service.colleagues)
    own_meeting = make_meeting(session, young_person=service.own)
    other_meeting = make_meeting(session, young_person=service.colleagues)
    assert belonging_to(session, service.own, Contact, own_contact.id) is own_contact
    assert belonging_to(session, service.own, Meeting, own_meeting.id) is own_meeting
    # A manager may see both young people; still, the ids must go together.
    for model, row_id in ((Contact, other_contact.id), (Meeting, other_meeting.id)):
        with pytest.raises(NotVisible):
            belonging_to(session, service.own, model, row_id)
    with pytest.raises(NotVisible):
        belonging_to(session, service.own, Contact, 999_999)

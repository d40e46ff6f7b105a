"""The need-to-know rule: a keyworker sees their own young people and those a
current cover grant gives them, a manager their team, an administrator and a
turned-off account nobody; one way in for staff routes, which audits a look
at the record; and rows of one young person never reached through another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    Contact,
    CoverGrant,
    Meeting,
    StaffRole,
    StaffUser,
    YoungPerson,
    utc_now,
)
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
from portal.timezones import london_today
from tests.query_counter import count_queries
from tests.support.factories import (
    make_contact,
    make_cover_grant,
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


# Cover: a colleague sees a case while a current grant lasts, judged in the
# query on the day it is in London.

TODAY = date(2026, 7, 1)


def _cover(
    session: Session, service: Service, starts: int, ends: int, *, to: StaffUser | None = None
) -> CoverGrant:
    """A grant on `service.colleagues` (the colleague's case) to the keyworker,
    from `starts` to `ends` days after TODAY."""
    return make_cover_grant(
        session,
        young_person=service.colleagues,
        colleague=to or service.keyworker,
        starts_on=TODAY + timedelta(days=starts),
        ends_on=TODAY + timedelta(days=ends),
        granted_by=service.manager,
    )


def _visible_on(session: Session, user: StaffUser, day: date) -> set[int]:
    return {person.id for person in session.scalars(visible_young_people(user, day))}


def test_a_keyworker_sees_a_case_they_cover_from_its_first_to_its_last_day(
    session: Session, service: Service
) -> None:
    _cover(session, service, 0, 6)
    for day in (TODAY, TODAY + timedelta(days=6)):
        assert _visible_on(session, service.keyworker, day) == {
            service.own.id,
            service.colleagues.id,
        }
    assert _visible_on(session, service.keyworker, TODAY - timedelta(days=1)) == {service.own.id}
    # Cover does not reach the colleague's other cases, nor give the colleague anything.
    assert _visible_on(session, service.colleague, TODAY) == {service.colleagues.id}


@pytest.mark.parametrize(
    ("starts", "ends"), [(-10, -1), (1, 5)], ids=["ended yesterday", "starts tomorrow"]
)
def test_cover_outside_its_days_gives_nothing(
    session: Session, service: Service, starts: int, ends: int
) -> None:
    _cover(session, service, starts, ends)
    assert _visible_on(session, service.keyworker, TODAY) == {service.own.id}


def test_cover_ended_early_gives_nothing(session: Session, service: Service) -> None:
    grant = _cover(session, service, -1, 6)
    grant.ended_at, grant.ended_by_id = utc_now(), service.manager.id
    session.flush()
    assert _visible_on(session, service.keyworker, TODAY) == {service.own.id}


def test_cover_of_another_teams_case_gives_nothing(session: Session, service: Service) -> None:
    """Whoever wrote the row (the service refuses it), a grant only counts in
    the covering keyworker's own team: it does not follow them if they move."""
    make_cover_grant(
        session,
        young_person=service.elsewhere,
        colleague=service.keyworker,
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assert _visible_on(session, service.keyworker, TODAY) == {service.own.id}
    _cover(session, service, 0, 6)
    service.keyworker.team = make_team(session)
    session.flush()
    assert _visible_on(session, service.keyworker, TODAY) == {service.own.id}


def test_cover_changes_nothing_for_managers_and_turned_off_staff(
    session: Session, service: Service
) -> None:
    other_manager = make_staff_user(session, role=StaffRole.MANAGER, team=service.elsewhere.team)
    _cover(session, service, 0, 6)
    make_cover_grant(
        session,
        young_person=service.colleagues,
        colleague=other_manager,
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assert _visible_on(session, other_manager, TODAY) == {service.elsewhere.id}
    assert _visible_on(session, service.manager, TODAY) == {service.own.id, service.colleagues.id}
    service.keyworker.is_active = False
    assert _visible_on(session, service.keyworker, TODAY) == set()


def test_cover_ends_at_midnight_in_london_not_utc(session: Session, service: Service) -> None:
    _cover(session, service, 0, 0)
    before_midnight = datetime(2026, 7, 1, 22, 59, tzinfo=UTC)  # 23:59 in London
    after_midnight = datetime(2026, 7, 1, 23, 1, tzinfo=UTC)  # 00:01 on 2 July in London
    [covered] = [
        row
        for row in caseload_for(session, service.keyworker, before_midnight)
        if row.young_person_id == service.colleagues.id
    ]
    assert covered.covering_until == TODAY
    ids = {row.young_person_id for row in caseload_for(session, service.keyworker, after_midnight)}
    assert ids == {service.own.id}


def test_the_rule_is_one_query_however_many_grants(session: Session, service: Service) -> None:
    today = london_today()
    for _ in range(30):
        make_young_person(session, team=service.own.team, keyworker=service.colleague)
    for person in session.scalars(
        select(YoungPerson).where(YoungPerson.keyworker_id == service.colleague.id)
    ):
        make_cover_grant(
            session,
            young_person=person,
            colleague=service.keyworker,
            starts_on=today,
            ends_on=today,
        )
    engine = session.get_bind()
    with count_queries(engine) as log:  # type: ignore[arg-type]
        assert may_view_record(session, service.keyworker, service.colleagues.id)
        visible = session.scalars(visible_young_people(service.keyworker)).all()
    assert log.count == 2
    assert len(visible) == 32

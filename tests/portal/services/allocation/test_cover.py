"""Cover: a manager of the young person's team gives a keyworker of that
team access to the case from today to the end of a chosen day, with a
reason, and may end it sooner, once. The access rule's side is in
tests/portal/services/access/test_staff.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, CoverGrant, StaffRole, StaffUser, YoungPerson, utc_now
from portal.services.access.staff import may_view_record, visible_young_people
from portal.services.allocation.cover import (
    COVER_ENDED,
    COVER_GRANTED,
    LONGEST_COVER_DAYS,
    CoverProblem,
    CoverRefused,
    cover_list,
    end_cover,
    grant_cover,
)
from portal.services.allocation.team import NotTheirManager
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

TODAY = date(2026, 12, 2)
NOW = utc_now()


@dataclass(frozen=True)
class Team:
    manager: StaffUser
    keyworker: StaffUser
    colleague: StaffUser
    person: YoungPerson


@pytest.fixture
def team(session: Session) -> Team:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    return Team(
        manager=make_staff_user(session, role=StaffRole.MANAGER, team=team),
        keyworker=keyworker,
        colleague=make_staff_user(session, team=team),
        person=make_young_person(session, team=team, keyworker=keyworker),
    )


def _grant(session: Session, team: Team, **changes: object) -> CoverGrant:
    arguments: dict[str, object] = {
        "colleague": team.colleague,
        "ends_on": TODAY + timedelta(days=7),
        "reason": " Keyworker on leave. ",
        "today": TODAY,
        "now": NOW,
        "by": team.manager,
        "ip_address": "203.0.113.8",
    }
    arguments.update(changes)
    return grant_cover(session, team.person, **arguments)  # type: ignore[arg-type]


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CoverGrant)) or 0


def _sees(session: Session, user: StaffUser, person: YoungPerson, day: date) -> bool:
    query = visible_young_people(user, day).where(YoungPerson.id == person.id)
    return session.scalar(select(query.exists())) is True


def test_a_manager_gives_cover_that_ends_by_itself(session: Session, team: Team) -> None:
    grant = _grant(session, team)
    assert (grant.starts_on, grant.ends_on, grant.reason) == (
        TODAY,
        TODAY + timedelta(days=7),
        "Keyworker on leave.",
    )
    assert (grant.colleague_id, grant.granted_by_id, grant.ended_at) == (
        team.colleague.id,
        team.manager.id,
        None,
    )
    assert _sees(session, team.colleague, team.person, TODAY + timedelta(days=7))
    assert not _sees(session, team.colleague, team.person, TODAY + timedelta(days=8))
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == COVER_GRANTED)).one()
    assert (event.actor_staff_id, event.young_person_id, event.ip_address) == (
        team.manager.id,
        team.person.id,
        "203.0.113.8",
    )
    assert event.detail == {
        "cover_grant_id": grant.id,
        "colleague_id": team.colleague.id,
        "starts_on": "2026-12-02",
        "ends_on": "2026-12-09",
    }
    listed = cover_list(session, team.person.id, TODAY)
    assert (listed.current, listed.past) == ([grant], [])
    assert cover_list(session, team.person.id, TODAY + timedelta(days=8)).past == [grant]


def test_ending_cover_now_takes_access_away_at_once(session: Session, team: Team) -> None:
    grant = _grant(session, team)
    end_cover(session, grant, today=TODAY, now=NOW, by=team.manager, ip_address="203.0.113.8")
    assert (grant.ended_at, grant.ended_by_id) == (NOW, team.manager.id)
    assert not may_view_record(session, team.colleague, team.person.id)
    assert cover_list(session, team.person.id, TODAY).past == [grant]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == COVER_ENDED)).one()
    assert event.detail == {"cover_grant_id": grant.id, "colleague_id": team.colleague.id}
    with pytest.raises(CoverRefused) as refused:
        end_cover(session, grant, today=TODAY, now=NOW, by=team.manager)
    assert refused.value.problem is CoverProblem.ALREADY_ENDED


def test_cover_past_its_last_day_cannot_be_ended(session: Session, team: Team) -> None:
    grant = _grant(session, team, ends_on=TODAY)
    with pytest.raises(CoverRefused):
        end_cover(session, grant, today=TODAY + timedelta(days=1), now=NOW, by=team.manager)
    assert grant.ended_at is None


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"colleague": "keyworker"}, CoverProblem.IS_THE_KEYWORKER),
        ({"colleague": "other team"}, CoverProblem.NOT_A_TEAM_KEYWORKER),
        ({"colleague": "manager"}, CoverProblem.NOT_A_TEAM_KEYWORKER),
        ({"colleague": "turned off"}, CoverProblem.NOT_A_TEAM_KEYWORKER),
        ({"ends_on": TODAY - timedelta(days=1)}, CoverProblem.ENDS_IN_THE_PAST),
        ({"ends_on": TODAY + timedelta(days=LONGEST_COVER_DAYS + 1)}, CoverProblem.TOO_LONG),
        ({"reason": " "}, CoverProblem.REASON_MISSING),
        ({"reason": "x" * 1001}, CoverProblem.REASON_TOO_LONG),
    ],
)
def test_what_is_refused_gives_nothing(
    session: Session, team: Team, changes: dict[str, object], problem: CoverProblem
) -> None:
    who = changes.get("colleague")
    if isinstance(who, str):
        changes["colleague"] = {
            "keyworker": team.keyworker,
            "other team": make_staff_user(session, team=make_team(session)),
            "manager": team.manager,
            "turned off": make_staff_user(session, team=team.person.team, is_active=False),
        }[who]
    with pytest.raises(CoverRefused) as refused:
        _grant(session, team, **changes)
    assert refused.value.problem is problem
    assert _count(session) == 0


def test_a_second_grant_to_the_same_colleague_is_refused_until_the_first_ends(
    session: Session, team: Team
) -> None:
    first = _grant(session, team)
    with pytest.raises(CoverRefused) as refused:
        _grant(session, team, ends_on=TODAY + timedelta(days=20))
    assert refused.value.problem is CoverProblem.ALREADY_COVERING
    end_cover(session, first, today=TODAY, now=NOW, by=team.manager)
    _grant(session, team)
    assert _count(session) == 2


@pytest.mark.parametrize("who", ["keyworker", "other team's manager", "admin"])
def test_only_a_manager_of_the_team_gives_or_ends_cover(
    session: Session, team: Team, who: str
) -> None:
    user = {
        "keyworker": lambda: team.keyworker,
        "other team's manager": lambda: make_staff_user(
            session, role=StaffRole.MANAGER, team=make_team(session)
        ),
        "admin": lambda: make_staff_user(session, role=StaffRole.ADMIN, team=team.person.team),
    }[who]()
    with pytest.raises(NotTheirManager):
        _grant(session, team, by=user)
    grant = _grant(session, team)
    with pytest.raises(NotTheirManager):
        end_cover(session, grant, today=TODAY, now=NOW, by=user)
    assert grant.ended_at is None


def test_twenty_ends_at_once_end_it_once(session: Session, team: Team) -> None:
    grant_id = _grant(session, team).id
    manager_id = team.manager.id
    session.commit()

    def end(own: Session, _index: int) -> bool:
        grant, manager = own.get(CoverGrant, grant_id), own.get(StaffUser, manager_id)
        assert grant is not None and manager is not None
        try:
            end_cover(own, grant, today=TODAY, now=utc_now(), by=manager)
        except CoverRefused:
            return False
        return True

    outcomes = at_once_in_transactions(session.get_bind(), end)  # type: ignore[arg-type]
    assert Counter(outcomes) == {True: 1, False: AT_ONCE - 1}
    session.expire_all()
    ended = session.scalars(select(AuditEvent).where(AuditEvent.action == COVER_ENDED)).all()
    assert len(ended) == 1

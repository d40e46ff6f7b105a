"""Changing a keyworker: only a manager of the young person's team, to a
keyworker of that team, from today or a recent day, with a reason; kept in
history; and refused when someone changed it since the form was shown, even
when twenty requests arrive at once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, KeyworkerAllocation, StaffRole, StaffUser, YoungPerson
from portal.services.allocation.allocations import (
    EARLIEST_BACKDATE_DAYS,
    KEYWORKER_CHANGED,
    AllocationProblem,
    AllocationRefused,
    allocation_history,
    change_keyworker,
)
from portal.services.allocation.team import NotTheirManager
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

TODAY = date(2026, 12, 2)


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


def _change(session: Session, team: Team, **changes: object) -> KeyworkerAllocation:
    arguments: dict[str, object] = {
        "new_keyworker": team.colleague,
        "expected_keyworker_id": team.keyworker.id,
        "from_date": TODAY,
        "reason": "  Caseloads shared out at supervision.  ",
        "today": TODAY,
        "by": team.manager,
        "ip_address": "203.0.113.7",
    }
    arguments.update(changes)
    return change_keyworker(session, team.person, **arguments).allocation  # type: ignore[arg-type]


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(KeyworkerAllocation)) or 0


def test_a_manager_changes_the_keyworker_and_it_is_kept_in_history(
    session: Session, team: Team
) -> None:
    allocation = _change(session, team, from_date=TODAY - timedelta(days=3))
    session.expire_all()
    assert team.person.keyworker_id == team.colleague.id
    assert (allocation.keyworker_id, allocation.previous_keyworker_id) == (
        team.colleague.id,
        team.keyworker.id,
    )
    assert (allocation.from_date, allocation.reason) == (
        TODAY - timedelta(days=3),
        "Caseloads shared out at supervision.",
    )
    assert allocation.allocated_by_id == team.manager.id
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == KEYWORKER_CHANGED)).one()
    assert (event.actor_staff_id, event.young_person_id, event.ip_address) == (
        team.manager.id,
        team.person.id,
        "203.0.113.7",
    )
    assert event.detail == {
        "allocation_id": allocation.id,
        "keyworker_id": team.colleague.id,
        "previous_keyworker_id": team.keyworker.id,
        "from_date": "2026-11-29",
    }
    # And back again: the history holds both, latest first.
    _change(session, team, new_keyworker=team.keyworker, expected_keyworker_id=team.colleague.id)
    history = allocation_history(session, team.person.id)
    assert [row.keyworker_id for row in history] == [team.keyworker.id, team.colleague.id]


def test_a_young_person_with_no_keyworker_is_allocated_one(session: Session, team: Team) -> None:
    team.person.keyworker = None
    session.flush()
    _change(session, team, expected_keyworker_id=None)
    assert team.person.keyworker_id == team.colleague.id


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"new_keyworker": "keyworker"}, AllocationProblem.SAME_KEYWORKER),
        ({"new_keyworker": "manager"}, AllocationProblem.NOT_A_TEAM_KEYWORKER),
        ({"new_keyworker": "other team"}, AllocationProblem.NOT_A_TEAM_KEYWORKER),
        ({"new_keyworker": "turned off"}, AllocationProblem.NOT_A_TEAM_KEYWORKER),
        ({"reason": "   "}, AllocationProblem.REASON_MISSING),
        ({"reason": "x" * 1001}, AllocationProblem.REASON_TOO_LONG),
        ({"from_date": TODAY + timedelta(days=1)}, AllocationProblem.DATE_IN_FUTURE),
        (
            {"from_date": TODAY - timedelta(days=EARLIEST_BACKDATE_DAYS + 1)},
            AllocationProblem.DATE_TOO_EARLY,
        ),
        ({"expected_keyworker_id": None}, AllocationProblem.CHANGED_SINCE),
    ],
)
def test_what_is_refused_changes_nothing(
    session: Session, team: Team, changes: dict[str, object], problem: AllocationProblem
) -> None:
    who = changes.get("new_keyworker")
    if isinstance(who, str):
        changes["new_keyworker"] = {
            "keyworker": team.keyworker,
            "manager": team.manager,
            "other team": make_staff_user(session, team=make_team(session)),
            "turned off": make_staff_user(session, team=team.person.team, is_active=False),
        }[who]
    with pytest.raises(AllocationRefused) as refused:
        _change(session, team, **changes)
    assert refused.value.problem is problem
    assert team.person.keyworker_id == team.keyworker.id
    assert _count(session) == 0


@pytest.mark.parametrize(
    "who", ["keyworker", "other team's manager", "admin", "turned-off manager"]
)
def test_only_an_active_manager_of_the_team_may_change_it(
    session: Session, team: Team, who: str
) -> None:
    user = {
        "keyworker": lambda: team.keyworker,
        "other team's manager": lambda: make_staff_user(
            session, role=StaffRole.MANAGER, team=make_team(session)
        ),
        "admin": lambda: make_staff_user(session, role=StaffRole.ADMIN, team=team.person.team),
        "turned-off manager": lambda: make_staff_user(
            session, role=StaffRole.MANAGER, team=team.person.team, is_active=False
        ),
    }[who]()
    with pytest.raises(NotTheirManager):
        _change(session, team, by=user)
    assert team.person.keyworker_id == team.keyworker.id and _count(session) == 0


def test_twenty_changes_at_once_from_the_same_keyworker_one_wins(
    session: Session, team: Team
) -> None:
    """Each request saw the same keyworker; the conditional UPDATE lets one
    change it, and every other is told who it is now. The history has the
    one change, and it matches the young person."""
    others = [make_staff_user(session, team=team.person.team) for _ in range(AT_ONCE)]
    ids = {
        "person": team.person.id,
        "manager": team.manager.id,
        "expected": team.keyworker.id,
        "others": [user.id for user in others],
    }
    session.commit()

    def change(own: Session, index: int) -> str:
        person = own.get(YoungPerson, ids["person"])
        manager = own.get(StaffUser, ids["manager"])
        new = own.get(StaffUser, ids["others"][index])  # type: ignore[index]
        assert person is not None and manager is not None and new is not None
        try:
            change_keyworker(
                own,
                person,
                new_keyworker=new,
                expected_keyworker_id=ids["expected"],  # type: ignore[arg-type]
                from_date=TODAY,
                reason=f"Change {index}",
                today=TODAY,
                by=manager,
            )
        except AllocationRefused as refused:
            assert refused.problem is AllocationProblem.CHANGED_SINCE
            assert refused.current is not None
            return f"refused, now {refused.current.id}"
        return "changed"

    outcomes = at_once_in_transactions(session.get_bind(), change)  # type: ignore[arg-type]

    assert Counter(outcome == "changed" for outcome in outcomes) == {True: 1, False: AT_ONCE - 1}
    session.expire_all()
    [row] = session.scalars(select(KeyworkerAllocation)).all()
    person = session.get(YoungPerson, ids["person"])
    assert person is not None and person.keyworker_id == row.keyworker_id
    assert row.previous_keyworker_id == team.keyworker.id
    assert {outcome for outcome in outcomes if outcome != "changed"} == {
        f"refused, now {row.keyworker_id}"
    }
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == KEYWORKER_CHANGED))
    assert [event.detail["allocation_id"] for event in events] == [row.id]

"""The demo shows allocation and cover: each young person's history ends with
their keyworker now, and Tom covers one of Priya's cases until next week."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.seed import seed_demo_data
from portal.models import KeyworkerAllocation, StaffUser, YoungPerson, utc_now
from portal.services.access.staff import may_view_record
from portal.services.allocation.allocations import allocation_history
from portal.services.allocation.cover import cover_list
from portal.services.records.caseload import caseload_for
from portal.timezones import london_today


def _staff(session: Session, email: str) -> StaffUser:
    return session.scalars(select(StaffUser).where(StaffUser.email == email)).one()


def test_every_demo_young_person_has_a_history_that_ends_with_their_keyworker(
    session: Session,
) -> None:
    seed_demo_data(session, fast_hashing=True)
    people = session.scalars(select(YoungPerson)).all()
    for person in people:
        history = allocation_history(session, person.id)
        assert history and history[0].keyworker_id == person.keyworker_id
        assert history[-1].previous_keyworker_id is None
        assert all(row.from_date <= london_today() for row in history)
    changed = [person for person in people if len(allocation_history(session, person.id)) > 1]
    assert len(changed) == 2
    assert session.scalars(select(KeyworkerAllocation)).all()


def test_tom_covers_one_of_priyas_cases_until_next_week(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    priya = _staff(session, "priya.keyworker@example.org")
    tom = _staff(session, "tom.keyworker@example.org")
    sam = session.scalars(select(YoungPerson).where(YoungPerson.preferred_name == "Sam")).one()
    assert sam.keyworker_id == priya.id
    cover = cover_list(session, sam.id, london_today())
    [now] = cover.current
    assert now.colleague_id == tom.id and now.ends_on == london_today() + timedelta(days=7)
    assert len(cover.past) == 1
    assert may_view_record(session, tom, sam.id)

    rows = caseload_for(session, tom, utc_now())
    assert [row.covering_until for row in rows if row.young_person_id == sam.id] == [now.ends_on]

"""Demo allocation history and cover: every demo young person was allocated
by the manager when they joined, a few changed keyworker since, Tom covers
one of Priya's cases until a day next week, and Ngozi covered it once before."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from portal.models import CoverGrant, KeyworkerAllocation, StaffUser, YoungPerson
from portal.timezones import london_datetime

# Indexes into portal.demo.staff.DEMO_STAFF.
TOM, NGOZI, MANAGER = 1, 2, 3
# Demo young people (by index) whose keyworker changed once: who they had first.
EARLIER_KEYWORKER = {4: NGOZI, 9: TOM}
# The one of Priya's cases Tom covers now (Sam: the first of the demo).
COVERED = 0


def add_demo_allocation(
    session: Session,
    people: Sequence[YoungPerson],
    staff: Sequence[StaffUser],
    *,
    today: date,
    now: datetime,
) -> None:
    manager = staff[MANAGER]
    for index, person in enumerate(people):
        joined = today - timedelta(days=400 + 20 * index)
        first = staff[EARLIER_KEYWORKER[index]] if index in EARLIER_KEYWORKER else None
        rows: list[tuple[date, StaffUser | None, StaffUser | None, str]] = [
            (joined, first or person.keyworker, None, "Joined the keyworker service.")
        ]
        if first is not None:
            rows.append(
                (
                    today - timedelta(days=60 + index),
                    person.keyworker,
                    first,
                    "Caseloads shared out again at team supervision (demo).",
                )
            )
        for from_date, keyworker, previous, reason in rows:
            session.add(
                KeyworkerAllocation(
                    young_person_id=person.id,
                    keyworker_id=keyworker.id if keyworker else None,
                    previous_keyworker_id=previous.id if previous else None,
                    from_date=from_date,
                    reason=reason,
                    allocated_by_id=manager.id,
                    allocated_at=_working_time(from_date, now),
                )
            )
    _add_demo_cover(session, people[COVERED], staff, today=today, now=now)


def _add_demo_cover(
    session: Session,
    person: YoungPerson,
    staff: Sequence[StaffUser],
    *,
    today: date,
    now: datetime,
) -> None:
    manager = staff[MANAGER]
    earlier_start = today - timedelta(days=45)
    session.add(
        CoverGrant(
            young_person_id=person.id,
            colleague_id=staff[NGOZI].id,
            starts_on=earlier_start,
            ends_on=earlier_start + timedelta(days=9),
            reason="Priya on annual leave (demo).",
            granted_by_id=manager.id,
            granted_at=_working_time(earlier_start, now),
        )
    )
    session.add(
        CoverGrant(
            young_person_id=person.id,
            colleague_id=staff[TOM].id,
            starts_on=today,
            ends_on=today + timedelta(days=7),
            reason="Priya on a training course next week (demo).",
            granted_by_id=manager.id,
            granted_at=now,
        )
    )


def _working_time(day: date, now: datetime) -> datetime:
    """10:00 in London on `day`, never after `now`."""
    return min(london_datetime(day, time(10, 0)), now)

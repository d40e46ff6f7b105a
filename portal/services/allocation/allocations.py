"""Changing a young person's keyworker: `YoungPerson.keyworker_id` is the
current one, and each change adds a `KeyworkerAllocation` row (from when,
why, who decided) in the same transaction.

The change is a conditional UPDATE: it happens only if the keyworker is
still the one the manager saw when the form was shown. Of two managers (or
twenty requests) changing the same young person from the same keyworker at
once, exactly one wins; the others are told who it is now, and change
nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from portal.models import KeyworkerAllocation, StaffUser, YoungPerson, utc_now
from portal.services.allocation.team import (
    REASON_MAX_LENGTH,
    is_team_keyworker,
    require_manager_of,
)
from portal.services.records.audit import record_event

__all__ = [
    "EARLIEST_BACKDATE_DAYS",
    "KEYWORKER_CHANGED",
    "AllocationProblem",
    "AllocationRefused",
    "KeyworkerChanged",
    "allocation_history",
    "change_keyworker",
]

KEYWORKER_CHANGED = "allocation.keyworker.changed"
# An allocation may be recorded from a day up to this long ago (it was
# agreed before it was entered), never from a day to come.
EARLIEST_BACKDATE_DAYS = 90


class AllocationProblem(enum.StrEnum):
    NOT_A_TEAM_KEYWORKER = "not_a_team_keyworker"
    SAME_KEYWORKER = "same_keyworker"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"
    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_EARLY = "date_too_early"
    # Someone changed the keyworker since the form was shown.
    CHANGED_SINCE = "changed_since"


class AllocationRefused(ValueError):
    def __init__(self, problem: AllocationProblem, current: StaffUser | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        # The keyworker now (for CHANGED_SINCE).
        self.current = current


@dataclass(frozen=True)
class KeyworkerChanged:
    allocation: KeyworkerAllocation


def change_keyworker(
    session: Session,
    young_person: YoungPerson,
    *,
    new_keyworker: StaffUser,
    expected_keyworker_id: int | None,
    from_date: date,
    reason: str,
    today: date,
    by: StaffUser,
    ip_address: str | None = None,
) -> KeyworkerChanged:
    """Make `new_keyworker` the young person's keyworker from `from_date`, if
    the keyworker is still `expected_keyworker_id`. Raises NotTheirManager
    unless `by` manages the young person's team, and AllocationRefused with
    what is wrong (and the current keyworker, when it changed since)."""
    require_manager_of(by, young_person)
    reason = _checked(young_person, new_keyworker, expected_keyworker_id, from_date, reason, today)
    previous = young_person.keyworker_id
    changed = session.execute(
        update(YoungPerson)
        .where(
            YoungPerson.id == young_person.id,
            YoungPerson.keyworker_id == expected_keyworker_id
            if expected_keyworker_id is not None
            else YoungPerson.keyworker_id.is_(None),
        )
        .values(keyworker_id=new_keyworker.id)
        .execution_options(synchronize_session=False)
    )
    session.refresh(young_person)
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise AllocationRefused(AllocationProblem.CHANGED_SINCE, young_person.keyworker)
    allocation = KeyworkerAllocation(
        young_person_id=young_person.id,
        keyworker_id=new_keyworker.id,
        previous_keyworker_id=previous,
        from_date=from_date,
        reason=reason,
        allocated_by_id=by.id,
        allocated_at=utc_now(),
    )
    session.add(allocation)
    session.flush()
    record_event(
        session,
        KEYWORKER_CHANGED,
        staff_user=by,
        young_person_id=young_person.id,
        ip_address=ip_address,
        allocation_id=allocation.id,
        keyworker_id=new_keyworker.id,
        previous_keyworker_id=previous,
        from_date=from_date.isoformat(),
    )
    return KeyworkerChanged(allocation=allocation)


def _checked(
    young_person: YoungPerson,
    new_keyworker: StaffUser,
    expected_keyworker_id: int | None,
    from_date: date,
    reason: str,
    today: date,
) -> str:
    """The reason, stripped, once everything the manager chose is allowed."""
    if not is_team_keyworker(new_keyworker, young_person):
        raise AllocationRefused(AllocationProblem.NOT_A_TEAM_KEYWORKER)
    if young_person.keyworker_id != expected_keyworker_id:
        raise AllocationRefused(AllocationProblem.CHANGED_SINCE, young_person.keyworker)
    if new_keyworker.id == expected_keyworker_id:
        raise AllocationRefused(AllocationProblem.SAME_KEYWORKER)
    reason = (reason or "").strip()
    if not reason:
        raise AllocationRefused(AllocationProblem.REASON_MISSING)
    if len(reason) > REASON_MAX_LENGTH:
        raise AllocationRefused(AllocationProblem.REASON_TOO_LONG)
    if from_date > today:
        raise AllocationRefused(AllocationProblem.DATE_IN_FUTURE)
    if from_date < today - timedelta(days=EARLIEST_BACKDATE_DAYS):
        raise AllocationRefused(AllocationProblem.DATE_TOO_EARLY)
    return reason


def allocation_history(session: Session, young_person_id: int) -> Sequence[KeyworkerAllocation]:
    """Every allocation of the young person, the latest first (one query)."""
    return session.scalars(
        select(KeyworkerAllocation)
        .where(KeyworkerAllocation.young_person_id == young_person_id)
        .options(
            selectinload(KeyworkerAllocation.keyworker),
            selectinload(KeyworkerAllocation.previous_keyworker),
            selectinload(KeyworkerAllocation.allocated_by),
        )
        .order_by(KeyworkerAllocation.allocated_at.desc(), KeyworkerAllocation.id.desc())
    ).all()

"""Cover: a manager lets a colleague (another keyworker of the team) see a
young person's record from today to the end of a chosen day, while the
keyworker is away. The need-to-know rule honours a grant only on those days
(`portal.services.access.staff`): it ends by itself, with nothing to run. A
manager may end it sooner ("End cover now"); that is recorded on the grant,
which otherwise never changes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from portal.models import CoverGrant, StaffUser, YoungPerson
from portal.services.allocation.team import (
    REASON_MAX_LENGTH,
    is_team_keyworker,
    require_manager_of,
)
from portal.services.records.audit import record_event

__all__ = [
    "COVER_ENDED",
    "COVER_GRANTED",
    "LONGEST_COVER_DAYS",
    "CoverList",
    "CoverProblem",
    "CoverRefused",
    "cover_list",
    "end_cover",
    "grant_cover",
]

COVER_GRANTED = "allocation.cover.granted"
COVER_ENDED = "allocation.cover.ended"
# Cover is for an absence: a longer one is a change of keyworker.
LONGEST_COVER_DAYS = 183


class CoverProblem(enum.StrEnum):
    NOT_A_TEAM_KEYWORKER = "not_a_team_keyworker"
    IS_THE_KEYWORKER = "is_the_keyworker"
    ALREADY_COVERING = "already_covering"
    ENDS_IN_THE_PAST = "ends_in_the_past"
    TOO_LONG = "too_long"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"
    ALREADY_ENDED = "already_ended"


class CoverRefused(ValueError):
    def __init__(self, problem: CoverProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def grant_cover(
    session: Session,
    young_person: YoungPerson,
    *,
    colleague: StaffUser,
    ends_on: date,
    reason: str,
    today: date,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> CoverGrant:
    """Let `colleague` see the young person from `today` to the end of
    `ends_on`. Raises NotTheirManager unless `by` manages the young person's
    team, and CoverRefused with what is wrong."""
    require_manager_of(by, young_person)
    reason = _checked(session, young_person, colleague, ends_on, reason, today)
    grant = CoverGrant(
        young_person_id=young_person.id,
        colleague_id=colleague.id,
        starts_on=today,
        ends_on=ends_on,
        reason=reason,
        granted_by_id=by.id,
        granted_at=now,
    )
    session.add(grant)
    session.flush()
    record_event(
        session,
        COVER_GRANTED,
        staff_user=by,
        young_person_id=young_person.id,
        ip_address=ip_address,
        cover_grant_id=grant.id,
        colleague_id=colleague.id,
        starts_on=today.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    return grant


def _checked(
    session: Session,
    young_person: YoungPerson,
    colleague: StaffUser,
    ends_on: date,
    reason: str,
    today: date,
) -> str:
    if not is_team_keyworker(colleague, young_person):
        raise CoverRefused(CoverProblem.NOT_A_TEAM_KEYWORKER)
    if colleague.id == young_person.keyworker_id:
        raise CoverRefused(CoverProblem.IS_THE_KEYWORKER)
    if ends_on < today:
        raise CoverRefused(CoverProblem.ENDS_IN_THE_PAST)
    if ends_on > today + timedelta(days=LONGEST_COVER_DAYS):
        raise CoverRefused(CoverProblem.TOO_LONG)
    reason = (reason or "").strip()
    if not reason:
        raise CoverRefused(CoverProblem.REASON_MISSING)
    if len(reason) > REASON_MAX_LENGTH:
        raise CoverRefused(CoverProblem.REASON_TOO_LONG)
    current = session.scalar(
        select(CoverGrant.id).where(
            CoverGrant.young_person_id == young_person.id,
            CoverGrant.colleague_id == colleague.id,
            CoverGrant.ended_at.is_(None),
            CoverGrant.ends_on >= today,
        )
    )
    if current is not None:
        raise CoverRefused(CoverProblem.ALREADY_COVERING)
    return reason


def end_cover(
    session: Session,
    grant: CoverGrant,
    *,
    today: date,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> None:
    """End the grant now. Once only: a grant already ended, or past its last
    day, raises CoverRefused(ALREADY_ENDED), also when two managers press
    the button at once (a conditional UPDATE)."""
    require_manager_of(by, grant.young_person)
    ended = session.execute(
        update(CoverGrant)
        .where(
            CoverGrant.id == grant.id,
            CoverGrant.ended_at.is_(None),
            CoverGrant.ends_on >= today,
        )
        .values(ended_at=now, ended_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    session.refresh(grant)
    if ended.rowcount != 1:  # type: ignore[attr-defined]
        raise CoverRefused(CoverProblem.ALREADY_ENDED)
    record_event(
        session,
        COVER_ENDED,
        staff_user=by,
        young_person_id=grant.young_person_id,
        ip_address=ip_address,
        cover_grant_id=grant.id,
        colleague_id=grant.colleague_id,
    )


@dataclass(frozen=True)
class CoverList:
    current: Sequence[CoverGrant]
    past: Sequence[CoverGrant]


def cover_list(session: Session, young_person_id: int, today: date) -> CoverList:
    """Every grant on the young person (one query, and one for the people
    named): current ones by their last day, then past ones, latest first."""
    grants = session.scalars(
        select(CoverGrant)
        .where(CoverGrant.young_person_id == young_person_id)
        .options(
            selectinload(CoverGrant.colleague),
            selectinload(CoverGrant.granted_by),
            selectinload(CoverGrant.ended_by),
        )
        .order_by(CoverGrant.granted_at.desc(), CoverGrant.id.desc())
    ).all()
    current = sorted(
        (grant for grant in grants if grant.is_current_on(today)),
        key=lambda grant: (grant.ends_on, grant.id),
    )
    return CoverList(
        current=current, past=[grant for grant in grants if not grant.is_current_on(today)]
    )

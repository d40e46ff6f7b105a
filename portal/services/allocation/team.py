"""Who may change allocation and cover, and who may be chosen."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser, YoungPerson

__all__ = ["NotTheirManager", "is_manager_of", "require_manager_of", "team_keyworkers"]

REASON_MAX_LENGTH = 1000


class NotTheirManager(PermissionError):
    """Only an active manager of the young person's own team changes their
    keyworker or cover."""


def is_manager_of(user: StaffUser, young_person: YoungPerson) -> bool:
    return (
        user.is_active
        and user.role is StaffRole.MANAGER
        and user.team_id is not None
        and user.team_id == young_person.team_id
    )


def require_manager_of(user: StaffUser, young_person: YoungPerson) -> None:
    if not is_manager_of(user, young_person):
        raise NotTheirManager(young_person.id)


def team_keyworkers(session: Session, team_id: int) -> Sequence[StaffUser]:
    """The active keyworkers of the team, by name: who may be allocated a
    young person of the team, or cover one."""
    return session.scalars(
        select(StaffUser)
        .where(
            StaffUser.team_id == team_id,
            StaffUser.role == StaffRole.KEYWORKER,
            StaffUser.is_active.is_(True),
        )
        .order_by(StaffUser.name, StaffUser.id)
    ).all()


def is_team_keyworker(user: StaffUser | None, young_person: YoungPerson) -> bool:
    return (
        user is not None
        and user.is_active
        and user.role is StaffRole.KEYWORKER
        and user.team_id == young_person.team_id
    )

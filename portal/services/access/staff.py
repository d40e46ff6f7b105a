"""What a member of staff may see: the one need-to-know rule.

Caldicott's minimum necessary: a keyworker sees the young people allocated to
them, a manager sees their team, an administrator manages accounts and sees no
records, and a turned-off account sees nothing. The caseload lists what this
rule allows; every staff route that takes a young person (or a contact or a
meeting of one) reaches them through `young_person_for_staff`; and the
services that act for staff ask `require_visible`.

A young person who does not exist and one the member of staff may not see are
not told apart (`NotVisible` for both), so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser, YoungPerson
from portal.services.records.audit import record_event

__all__ = [
    "RECORD_VIEWED",
    "NotVisible",
    "StaffAccess",
    "belonging_to",
    "may_view_record",
    "require_visible",
    "visible_young_people",
    "young_person_for_staff",
]

# A member of staff opened a page of the young person's record. Families see
# these on "Who has looked at my information".
RECORD_VIEWED = "record.viewed"


class NotVisible(LookupError):
    """The row does not exist, or this member of staff may not see it."""


def visible_young_people(user: StaffUser) -> Select[YoungPerson]:
    """Who `user` may see, as a query to narrow further or list."""
    query = select(YoungPerson)
    if not user.is_active:
        return query.where(false())
    if user.role is StaffRole.KEYWORKER:
        return query.where(or_(YoungPerson.keyworker_id == user.id, _under_current_cover(user)))
    if user.role is StaffRole.MANAGER and user.team_id is not None:
        return query.where(YoungPerson.team_id == user.team_id)
    return query.where(false())


def _under_current_cover(user: StaffUser) -> ColumnElement[bool]:
    """The young people another keyworker's current cover grant lets `user`
    see (while that keyworker is away). There is no table of cover grants yet,
    so none: when there is, this becomes "a grant to `user` that has started
    and not ended", and the rule above takes the time it is asked at."""
    return false()


def may_view_record(session: Session, user: StaffUser, young_person_id: int) -> bool:
    query = visible_young_people(user).where(YoungPerson.id == young_person_id)
    return session.scalar(select(query.exists())) is True


def require_visible(session: Session, user: StaffUser, young_person_id: int) -> None:
    """For services that act for staff: raises NotVisible unless `user` may
    see the young person, whoever called."""
    if not may_view_record(session, user, young_person_id):
        raise NotVisible(young_person_id)


class BelongsToYoungPerson(Protocol):
    young_person_id: int


Row = TypeVar("Row", bound=BelongsToYoungPerson)


def belonging_to(session: Session, young_person: YoungPerson, model: type[Row], row_id: int) -> Row:
    """The `model` row `row_id` (a contact, a meeting: any row with a
    `young_person_id`) if it is about `young_person`; raises NotVisible
    otherwise, also when it is about another young person this member of
    staff may see."""
    row = session.get(model, row_id)
    if row is None or row.young_person_id != young_person.id:
        raise NotVisible(row_id)
    return row


@dataclass(frozen=True)
class StaffAccess:
    """What a staff route asked for, each part checked."""

    young_person: YoungPerson
    # By the name the route gave, each row checked to be about `young_person`.
    rows: Mapping[str, Any]


def young_person_for_staff(
    session: Session,
    user: StaffUser,
    young_person_id: int,
    *,
    ip_address: str | None,
    viewing_record: bool,
    rows: Mapping[str, tuple[type[Any], int]] | None = None,
) -> StaffAccess:
    """The one way a staff route reaches a young person: the young person, if
    `user` may see them, and the `rows` asked for (name: (model, id)), if each
    is about that young person. Raises NotVisible otherwise. With
    `viewing_record` (a page that shows the record) the look is audited as
    `record.viewed` with the client address, once everything is found."""
    person = session.scalar(visible_young_people(user).where(YoungPerson.id == young_person_id))
    if person is None:
        raise NotVisible(young_person_id)
    found = {
        name: belonging_to(session, person, model, row_id)
        for name, (model, row_id) in (rows or {}).items()
    }
    if viewing_record:
        record_event(
            session,
            RECORD_VIEWED,
            staff_user=user,
            young_person_id=person.id,
            ip_address=ip_address,
        )
    return StaffAccess(young_person=person, rows=found)

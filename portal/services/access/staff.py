"""What a member of staff may see: the one need-to-know rule.

Caldicott's minimum necessary: a keyworker sees the young people allocated
to them and those a current cover grant gives them (a colleague's case in
their own team, from the grant's first day to the end of its last day in
Europe/London, unless a manager ended it early); a manager sees their team;
an administrator manages accounts and sees no records; and a turned-off
account sees nothing. The caseload lists what this rule allows; every staff
route that takes a young person (or a contact, a meeting or a cover grant of
one) reaches them through `young_person_for_staff`; and the services that
act for staff ask `require_visible`.

A young person who does not exist and one the member of staff may not see are
not told apart (`NotVisible` for both), so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from portal.models import CoverGrant, StaffRole, StaffUser, YoungPerson
from portal.services.records.audit import record_event
from portal.timezones import london_today

__all__ = [
    "RECORD_VIEWED",
    "NotVisible",
    "StaffAccess",
    "belonging_to",
    "covering_until",
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


def visible_young_people(user: StaffUser, today: date | None = None) -> Select[YoungPerson]:
    """Who `user` may see, as a query to narrow further or list. Cover is
    judged on `today` (a day in Europe/London; by default the day it is now),
    in the query itself: a grant past its last day gives nothing, with no job
    to end it."""
    query = select(YoungPerson)
    if not user.is_active:
        return query.where(false())
    if user.role is StaffRole.KEYWORKER:
        today = today or london_today()
        return query.where(
            or_(YoungPerson.keyworker_id == user.id, _under_current_cover(user, today))
        )
    if user.role is StaffRole.MANAGER and user.team_id is not None:
        return query.where(YoungPerson.team_id == user.team_id)
    return query.where(false())


def _current_cover(user: StaffUser, today: date) -> ColumnElement[bool]:
    """A grant to `user` on the young person of the outer query that has
    started, has not passed its last day and was not ended early."""
    return and_(
        CoverGrant.young_person_id == YoungPerson.id,
        CoverGrant.colleague_id == user.id,
        CoverGrant.starts_on <= today,
        CoverGrant.ends_on >= today,
        CoverGrant.ended_at.is_(None),
    )


def _under_current_cover(user: StaffUser, today: date) -> ColumnElement[bool]:
    """The young people a current cover grant lets `user` see: only in
    `user`'s own team, so a grant does not follow someone who moves team."""
    if user.team_id is None:
        return false()
    granted = select(CoverGrant.id).where(_current_cover(user, today)).correlate(YoungPerson)
    return and_(YoungPerson.team_id == user.team_id, granted.exists())


def covering_until(user: StaffUser, today: date) -> ScalarSelect[date]:
    """For a query of young people: the last day of `user`'s current cover
    of each (NULL where there is none), for "Covering until" on the caseload."""
    return (
        select(func.max(CoverGrant.ends_on))
        .where(_current_cover(user, today))
        .correlate(YoungPerson)
        .scalar_subquery()
    )


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
    only_if: Callable[[StaffUser, StaffAccess], bool] | None = None,
) -> StaffAccess:
    """The one way a staff route reaches a young person: the young person, if
    `user` may see them, and the `rows` asked for (name: (model, id)), if each
    is about that young person. Raises NotVisible otherwise. With
    `viewing_record` (a page that shows the record) the look is audited as
    `record.viewed` with the client address, once everything is found and
    the route's own narrower rule (`only_if`, if any) allows it: a refused
    request is not a look at the record."""
    person = session.scalar(visible_young_people(user).where(YoungPerson.id == young_person_id))
    if person is None:
        raise NotVisible(young_person_id)
    found = {
        name: belonging_to(session, person, model, row_id)
        for name, (model, row_id) in (rows or {}).items()
    }
    access = StaffAccess(young_person=person, rows=found)
    if only_if is not None and not only_if(user, access):
        raise NotVisible(young_person_id)
    if viewing_record:
        record_event(
            session,
            RECORD_VIEWED,
            staff_user=user,
            young_person_id=person.id,
            ip_address=ip_address,
        )
    return access

"""Who accessed a young person's record: the audit events about them, for
the staff who may see the record.

Unlike what families see (`transparency`), staff see names, every action and
the exact time. The list can be narrowed to one member of staff, one action
and a range of London dates, and comes a page at a time: four queries
(the people, the actions, the count and the page), however many events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from portal.models import ActorRole, AuditEvent, Contact, Relationship, StaffUser
from portal.timezones import LONDON

PAGE_SIZE = 50


@dataclass(frozen=True)
class AccessLogFilter:
    staff_id: int | None = None
    action: str | None = None
    # London dates, both included.
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


@dataclass(frozen=True)
class AccessLogRow:
    occurred_at: datetime
    action: str
    actor_role: ActorRole
    staff_name: str | None
    contact_name: str | None
    contact_relation: Relationship | None
    ip_address: str | None


@dataclass(frozen=True)
class Person:
    staff_id: int
    name: str


@dataclass(frozen=True)
class AccessLogPage:
    rows: Sequence[AccessLogRow]
    total: int
    page: int
    pages: int
    # Everyone and every action in the whole log, for the filters.
    people: Sequence[Person]
    actions: Sequence[str]


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _conditions(young_person_id: int, wanted: AccessLogFilter) -> list[ColumnElement[bool]]:
    conditions = [AuditEvent.young_person_id == young_person_id]
    if wanted.staff_id is not None:
        conditions.append(AuditEvent.actor_staff_id == wanted.staff_id)
    if wanted.action:
        conditions.append(AuditEvent.action == wanted.action)
    if wanted.date_from is not None:
        conditions.append(AuditEvent.occurred_at >= _london_midnight(wanted.date_from))
    if wanted.date_to is not None:
        end = _london_midnight(wanted.date_to + timedelta(days=1))
        conditions.append(AuditEvent.occurred_at < end)
    return conditions


def access_log(
    session: Session, young_person_id: int, wanted: AccessLogFilter, *, page_size: int = PAGE_SIZE
) -> AccessLogPage:
    """The events about `young_person_id` that match `wanted`, newest first,
    one page of them. The caller has checked the member of staff may see the
    record (`portal.staff.resolvers`). A page past the end is the last page."""
    people = session.execute(
        select(StaffUser.id, StaffUser.name)
        .where(
            StaffUser.id.in_(
                select(AuditEvent.actor_staff_id).where(
                    AuditEvent.young_person_id == young_person_id
                )
            )
        )
        .order_by(StaffUser.name, StaffUser.id)
    ).all()
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.young_person_id == young_person_id)
        .distinct()
        .order_by(AuditEvent.action)
    ).all()
    conditions = _conditions(young_person_id, wanted)
    total = session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, wanted.page), pages)
    actor = aliased(StaffUser)
    rows = session.execute(
        select(
            AuditEvent.occurred_at,
            AuditEvent.action,
            AuditEvent.actor_role,
            actor.name,
            Contact.name,
            Contact.relation,
            AuditEvent.ip_address,
        )
        .outerjoin(actor, actor.id == AuditEvent.actor_staff_id)
        .outerjoin(Contact, Contact.id == AuditEvent.actor_contact_id)
        .where(*conditions)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return AccessLogPage(
        rows=[AccessLogRow(*row) for row in rows],
        total=total,
        page=page,
        pages=pages,
        people=[Person(staff_id, name) for staff_id, name in people],
        actions=list(actions),
    )

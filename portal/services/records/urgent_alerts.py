"""Emails that tell staff an urgent item needs them, and its escalation.

- When an urgent notice is made (`portal.services.records.family_input.
  notify_staff`), `alert_staff` queues an email through the outbox, in the
  same transaction, to the allocated keyworker and every manager of the team.
- When nobody has acknowledged it within `escalation_working_hours` of
  working time (`working_hours.working_deadline`), `escalate_overdue` emails
  every manager of the team, once: a conditional UPDATE of the notice's
  `escalated_at` decides which of several workers at the same moment sends.

What the emails say (DOMAIN.md, "Safeguarding"): no clinical detail, no name,
nothing the family wrote, only that something needs the reader and a link to
the young person's record. The link holds the record's id: a number with no
meaning outside the portal, which only staff allowed to see the record can
open, after signing in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from portal.models import (
    FamilyInputNotice,
    StaffRole,
    StaffUser,
    UrgentAcknowledgement,
    YoungPerson,
)
from portal.services.messaging.outbox import queue_staff_email
from portal.services.records.audit import record_event
from portal.services.records.working_hours import working_deadline

URGENT_ALERTED = "urgent.alert_queued"
URGENT_ESCALATED = "urgent.escalated"


@dataclass(frozen=True)
class UrgentSettings:
    """What the urgent emails need from the app's settings."""

    # Where staff sign in, such as "https://portal.example.org" (no slash at the end).
    base_url: str
    service_name: str
    escalation_working_hours: int = 4

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> UrgentSettings:
        return cls(
            base_url=str(config["PUBLIC_BASE_URL"]).rstrip("/"),
            service_name=str(config["SERVICE_NAME"]),
            escalation_working_hours=int(config["URGENT_ESCALATION_WORKING_HOURS"]),
        )

    def record_url(self, young_person_id: int) -> str:
        return f"{self.base_url}/staff/young-people/{young_person_id}"


def alert_body(settings: UrgentSettings, young_person_id: int) -> str:
    return (
        f"Something in the {settings.service_name} needs you. Sign in to see it:\n"
        f"{settings.record_url(young_person_id)}\n"
    )


def escalation_body(settings: UrgentSettings, young_person_id: int) -> str:
    return (
        f"Something in the {settings.service_name} needs someone now. "
        "Nobody has said they dealt with it yet. Sign in to see it:\n"
        f"{settings.record_url(young_person_id)}\n"
    )


def team_managers(session: Session, team_id: int) -> Sequence[StaffUser]:
    """The active managers of a team, in the order they were added."""
    return session.scalars(
        select(StaffUser)
        .where(
            StaffUser.team_id == team_id,
            StaffUser.role == StaffRole.MANAGER,
            StaffUser.is_active.is_(True),
        )
        .order_by(StaffUser.id)
    ).all()


def alert_staff(session: Session, notice: FamilyInputNotice, settings: UrgentSettings) -> int:
    """Queue "something needs you" to the young person's keyworker (if
    allocated and active) and the team's managers. Returns how many. Audited.
    Does not commit."""
    person = session.get(YoungPerson, notice.young_person_id)
    assert person is not None  # the notice is about them
    recipients: dict[int, StaffUser] = {}
    keyworker = person.keyworker
    if keyworker is not None and keyworker.is_active:
        recipients[keyworker.id] = keyworker
    for manager in team_managers(session, person.team_id):
        recipients.setdefault(manager.id, manager)
    subject = f"{settings.service_name}: something needs you"
    for staff_user in recipients.values():
        queue_staff_email(
            session,
            staff_user=staff_user,
            subject=subject,
            body=alert_body(settings, person.id),
            young_person_id=person.id,
        )
    session.flush()
    record_event(
        session,
        URGENT_ALERTED,
        young_person_id=person.id,
        notice_id=notice.id,
        staff_user_ids=sorted(recipients),
    )
    return len(recipients)


def overdue_notice_ids(session: Session, now: datetime, settings: UrgentSettings) -> list[int]:
    """Urgent notices nobody acknowledged or escalated, whose working-time
    deadline has passed. Working time is never shorter than the same time on
    the clock, so only notices at least that old are looked at."""
    oldest_due = now - timedelta(hours=settings.escalation_working_hours)
    candidates = session.execute(
        select(FamilyInputNotice.id, FamilyInputNotice.created_at)
        .outerjoin(UrgentAcknowledgement, UrgentAcknowledgement.notice_id == FamilyInputNotice.id)
        .where(
            FamilyInputNotice.urgent.is_(True),
            FamilyInputNotice.escalated_at.is_(None),
            FamilyInputNotice.created_at <= oldest_due,
            UrgentAcknowledgement.id.is_(None),
        )
        .order_by(FamilyInputNotice.id)
    ).all()
    return [
        notice_id
        for notice_id, created_at in candidates
        if working_deadline(created_at, settings.escalation_working_hours) <= now
    ]


def escalate_notice(
    session: Session, notice_id: int, now: datetime, settings: UrgentSettings
) -> bool:
    """Tell every manager of the team about one overdue notice, if nobody
    else has (the conditional UPDATE) and nobody acknowledged it meanwhile.
    Returns whether this call escalated it. Audited. Does not commit."""
    not_acknowledged = (
        ~select(UrgentAcknowledgement.id)
        .where(UrgentAcknowledgement.notice_id == notice_id)
        .exists()
    )
    result = session.execute(
        update(FamilyInputNotice)
        .where(
            FamilyInputNotice.id == notice_id,
            FamilyInputNotice.escalated_at.is_(None),
            not_acknowledged,
        )
        .values(escalated_at=now),
        execution_options={"synchronize_session": False},
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        return False
    notice = session.get(FamilyInputNotice, notice_id)
    assert notice is not None
    person = session.get(YoungPerson, notice.young_person_id)
    assert person is not None
    managers = team_managers(session, person.team_id)
    for manager in managers:
        queue_staff_email(
            session,
            staff_user=manager,
            subject=f"{settings.service_name}: something still needs someone",
            body=escalation_body(settings, person.id),
            young_person_id=person.id,
        )
    session.flush()
    record_event(
        session,
        URGENT_ESCALATED,
        young_person_id=person.id,
        notice_id=notice_id,
        staff_user_ids=[manager.id for manager in managers],
    )
    return True


def escalate_overdue(
    units: Callable[[], AbstractContextManager[Session]],
    now: datetime,
    settings: UrgentSettings,
) -> int:
    """Escalate every overdue notice, each in its own unit of work from
    `units`, so one failure leaves the others done. Safe to run again, and
    in several processes at once. Returns how many this call escalated."""
    with units() as session:
        due = overdue_notice_ids(session, now, settings)
    escalated = 0
    for notice_id in due:
        with units() as session:
            escalated += escalate_notice(session, notice_id, now, settings)
    return escalated


__all__ = [
    "URGENT_ALERTED",
    "URGENT_ESCALATED",
    "UrgentSettings",
    "alert_staff",
    "escalate_notice",
    "escalate_overdue",
    "overdue_notice_ids",
]

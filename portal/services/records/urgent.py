"""Urgent items are handled by a person, not just seen.

An urgent notice (risky words in feedback, consent to the register withdrawn,
anything `notify_staff` is told is urgent) stays open, at the top of the
caseload and in "Needs you now" on the record, until the allocated keyworker
or a manager of the team acknowledges it and says what they did. Opening the
record marks ordinary notices seen; it never closes an urgent one.

An acknowledgement is history (`UrgentAcknowledgement`, append-only), one for
each notice: the unique constraint on `notice_id` decides between people who
acknowledge at the same moment, and the others are told who did it first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    FamilyInputNotice,
    StaffRole,
    StaffUser,
    UrgentAcknowledgement,
    UrgentAction,
    YoungPerson,
)
from portal.services.access.staff import NotVisible, may_view_record
from portal.services.records.audit import record_event

URGENT_ACKNOWLEDGED = "urgent.acknowledged"
DETAIL_MAX_LENGTH = 2000


class AlreadyAcknowledged(Exception):
    """Someone acknowledged this notice first."""

    def __init__(self, acknowledgement: UrgentAcknowledgement) -> None:
        super().__init__(acknowledgement.notice_id)
        self.acknowledgement = acknowledgement


class AcknowledgementInvalid(ValueError):
    """What they did is missing: "Other" needs words, and words have a limit."""


def is_open(notice: FamilyInputNotice) -> bool:
    """Urgent, and nobody has acknowledged it yet."""
    return notice.urgent and notice.acknowledgement is None


def open_urgent_counts(session: Session, young_person_ids: Iterable[int]) -> dict[int, int]:
    """How many urgent notices are open for each young person, in one query.
    Young people with none are left out."""
    ids = set(young_person_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(FamilyInputNotice.young_person_id, func.count(FamilyInputNotice.id))
        .outerjoin(UrgentAcknowledgement, UrgentAcknowledgement.notice_id == FamilyInputNotice.id)
        .where(
            FamilyInputNotice.young_person_id.in_(ids),
            FamilyInputNotice.urgent.is_(True),
            UrgentAcknowledgement.id.is_(None),
        )
        .group_by(FamilyInputNotice.young_person_id)
    )
    return {person_id: count for person_id, count in rows}


def open_urgent_notices(session: Session, young_person_id: int) -> Sequence[FamilyInputNotice]:
    """The young person's open urgent notices, oldest first (the one that has
    waited longest is dealt with first). One query."""
    return session.scalars(
        select(FamilyInputNotice)
        .outerjoin(UrgentAcknowledgement, UrgentAcknowledgement.notice_id == FamilyInputNotice.id)
        .where(
            FamilyInputNotice.young_person_id == young_person_id,
            FamilyInputNotice.urgent.is_(True),
            UrgentAcknowledgement.id.is_(None),
        )
        .order_by(FamilyInputNotice.created_at, FamilyInputNotice.id)
        .options(joinedload(FamilyInputNotice.contact))
    ).all()


def may_acknowledge(session: Session, user: StaffUser, person: YoungPerson) -> bool:
    """Whoever works the case: the allocated keyworker, a colleague covering
    it (the keyworker may be the one away), or a manager of the team. The
    same people who may see the record, without administrators."""
    if not user.is_active or user.role not in (StaffRole.KEYWORKER, StaffRole.MANAGER):
        return False
    return may_view_record(session, user, person.id)


def acknowledge_urgent(
    session: Session,
    notice: FamilyInputNotice,
    user: StaffUser,
    action: UrgentAction,
    detail: str | None,
    now: datetime,
    *,
    ip_address: str | None = None,
) -> UrgentAcknowledgement:
    """Record that `user` dealt with the urgent `notice`, and what they did.
    Audited. Does not commit.

    Raises NotVisible unless `user` may acknowledge it (and it is urgent),
    AcknowledgementInvalid for "Other" without words or words that are too
    long, and AlreadyAcknowledged when someone did it first, also at the
    same moment."""
    person = session.get(YoungPerson, notice.young_person_id)
    if person is None or not notice.urgent or not may_acknowledge(session, user, person):
        raise NotVisible(notice.id)
    detail = (detail or "").strip() or None
    if action is UrgentAction.OTHER and detail is None:
        raise AcknowledgementInvalid("say what you did")
    if detail is not None and len(detail) > DETAIL_MAX_LENGTH:
        raise AcknowledgementInvalid(f"at most {DETAIL_MAX_LENGTH} characters")
    acknowledgement = UrgentAcknowledgement(
        notice_id=notice.id,
        young_person_id=person.id,
        acknowledged_by_id=user.id,
        action=action,
        detail=detail,
        acknowledged_at=now,
    )
    try:
        with session.begin_nested():
            session.add(acknowledgement)
            session.flush()
    except IntegrityError:
        raise AlreadyAcknowledged(_acknowledgement_of(session, notice.id)) from None
    record_event(
        session,
        URGENT_ACKNOWLEDGED,
        staff_user=user,
        young_person_id=person.id,
        ip_address=ip_address,
        notice_id=notice.id,
        acknowledgement_id=acknowledgement.id,
        what_was_done=action.value,
    )
    return acknowledgement


def acknowledgement_of(session: Session, notice_id: int) -> UrgentAcknowledgement | None:
    """The notice's acknowledgement, with who made it, if there is one."""
    return session.scalar(
        select(UrgentAcknowledgement)
        .where(UrgentAcknowledgement.notice_id == notice_id)
        .options(joinedload(UrgentAcknowledgement.acknowledged_by))
        .execution_options(populate_existing=True)
    )


def _acknowledgement_of(session: Session, notice_id: int) -> UrgentAcknowledgement:
    found = acknowledgement_of(session, notice_id)
    assert found is not None  # the unique constraint refused ours because of it
    return found

"""Which phone numbers have asked for no more text messages.

A number opts out, not a contact: two parents may share one phone, and Twilio
itself blocks the number pair after STOP. The history is `SmsOptOut`; the
latest row for a number stands. Recording the state a number is already in
adds nothing, so a STOP that Twilio delivers twice, or a STOP after a send
that Twilio refused with 21610, makes one row.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import OptOutSource, SmsOptOut, StaffUser
from portal.services.records.audit import record_event


def latest_opt_out(session: Session, phone_e164: str) -> SmsOptOut | None:
    """The row that stands for `phone_e164`, or None if it never opted out."""
    return session.scalar(
        select(SmsOptOut)
        .where(SmsOptOut.phone_e164 == phone_e164)
        .order_by(SmsOptOut.id.desc())
        .limit(1)
    )


def is_opted_out(session: Session, phone_e164: str) -> bool:
    latest = latest_opt_out(session, phone_e164)
    return latest is not None and latest.opted_out


def opted_out_numbers(session: Session, phones: Collection[str]) -> set[str]:
    """Those of `phones` that stand opted out. One query."""
    if not phones:
        return set()
    latest_ids = (
        select(func.max(SmsOptOut.id))
        .where(SmsOptOut.phone_e164.in_(phones))
        .group_by(SmsOptOut.phone_e164)
    )
    return set(
        session.scalars(
            select(SmsOptOut.phone_e164).where(
                SmsOptOut.id.in_(latest_ids), SmsOptOut.opted_out.is_(True)
            )
        )
    )


def set_opted_out(
    session: Session,
    phone_e164: str,
    opted_out: bool,
    source: OptOutSource,
    now: datetime,
    *,
    message_id: int | None = None,
    staff_user: StaffUser | None = None,
    young_person_ids: Collection[int] = (),
) -> bool:
    """Record that `phone_e164` opted out (or back in). Returns whether that
    changed anything. Audited on the record of each of `young_person_ids`
    (the young people whose contacts have the number). Does not commit."""
    if is_opted_out(session, phone_e164) == opted_out:
        return False
    session.add(
        SmsOptOut(
            phone_e164=phone_e164,
            opted_out=opted_out,
            source=source,
            message_id=message_id,
            staff_user_id=staff_user.id if staff_user else None,
            created_at=now,
        )
    )
    event = "sms.opted_out" if opted_out else "sms.opted_in"
    about: list[int | None] = [*sorted(set(young_person_ids))] or [None]
    for young_person_id in about:
        record_event(
            session,
            event,
            staff_user=staff_user,
            young_person_id=young_person_id,
            source=source.value,
            message_id=message_id,
        )
    return True

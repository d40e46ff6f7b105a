"""Staff check a contact's mobile number or email address.

Sign-in links go only to checked addresses (`addresses.may_receive_link`).
A member of staff who may see the record marks an address verified once
they have checked that it is this person's, and says how
(`VerificationMethod`), with a note if they want. Who and when are kept in
`address_verifications`, and the contact's flag is the current answer. A
check belongs to the address that was checked: when the contact's number
or email address changes, its flag goes off (the `Contact` model does that).

For the record, `address_statuses` gives each contact's addresses: checked
or not, by whom, when and how, and when someone last asked for a sign-in
link for one that was not checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.models import (
    AddressVerification,
    AuditEvent,
    Channel,
    Contact,
    StaffUser,
    VerificationMethod,
)
from portal.services.access.addresses import address_of, is_verified
from portal.services.access.link_requests import ASKED_FOR_UNVERIFIED
from portal.services.access.staff import require_visible
from portal.services.records.audit import record_event

__all__ = [
    "ADDRESS_VERIFIED",
    "NOTE_MAX_LENGTH",
    "AddressMissing",
    "AddressStatus",
    "NoteNotValid",
    "address_statuses",
    "mark_address_verified",
]

ADDRESS_VERIFIED = "contact.address.verified"
NOTE_MAX_LENGTH = 500
# The most "someone asked" events read for one record: far more than the
# rate limits let through in weeks, and it keeps the record's work bounded.
MAX_ASKED_EVENTS = 200


class AddressMissing(ValueError):
    """The contact has no address of that kind to check."""


class NoteNotValid(ValueError):
    """A note is 500 characters or fewer."""


def mark_address_verified(
    session: Session,
    contact: Contact,
    channel: Channel,
    method: VerificationMethod,
    now: datetime,
    *,
    by: StaffUser,
    note: str | None = None,
    ip_address: str | None = None,
) -> AddressVerification:
    """`by` checked the contact's address for `channel`: record how, and turn
    its flag on. Raises NotVisible (`by` may not see the young person),
    AddressMissing or NoteNotValid, changing nothing."""
    require_visible(session, by, contact.young_person_id)
    address = address_of(contact, channel)
    if address is None:
        raise AddressMissing(channel.value)
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        raise NoteNotValid(note)
    verification = AddressVerification(
        contact_id=contact.id,
        channel=channel,
        address=address,
        method=method,
        note=note,
        verified_by_id=by.id,
        verified_at=now,
    )
    session.add(verification)
    if channel is Channel.SMS:
        contact.phone_verified = True
    else:
        contact.email_verified = True
    session.flush()
    record_event(
        session,
        ADDRESS_VERIFIED,
        staff_user=by,
        young_person_id=contact.young_person_id,
        ip_address=ip_address,
        contact_id=contact.id,
        channel=channel.value,
        method=method.value,
        verification_id=verification.id,
    )
    return verification


@dataclass(frozen=True)
class AddressStatus:
    """One of a contact's addresses, as the record shows it."""

    channel: Channel
    address: str
    verified: bool
    # The check of this address that stands. None when it is not checked,
    # or when its flag was set before checks were recorded.
    verification: AddressVerification | None
    # When someone last asked at /sign-in for a link for this address while
    # it was not checked. None once it is checked.
    asked_while_unverified_at: datetime | None


def address_statuses(
    session: Session, young_person_id: int, contacts: Sequence[Contact]
) -> dict[int, list[AddressStatus]]:
    """By contact id: the mobile number, then the email address, of each
    contact that has them. Two queries, however long the history."""
    checks: dict[tuple[int, Channel, str], AddressVerification] = {}
    for verification in session.scalars(
        select(AddressVerification)
        .where(AddressVerification.contact_id.in_([contact.id for contact in contacts]))
        .order_by(AddressVerification.id)
        .options(selectinload(AddressVerification.verified_by))
    ):
        checks[(verification.contact_id, verification.channel, verification.address)] = verification
    asked: dict[tuple[int, Channel, str], datetime] = {}
    for event in session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.young_person_id == young_person_id,
            AuditEvent.action == ASKED_FOR_UNVERIFIED,
        )
        .order_by(AuditEvent.id.desc())
        .limit(MAX_ASKED_EVENTS)
    ):
        key = (
            int(str(event.detail.get("contact_id"))),
            Channel(str(event.detail.get("channel"))),
            str(event.detail.get("address")),
        )
        asked.setdefault(key, event.occurred_at)
    return {contact.id: _statuses(contact, checks, asked) for contact in contacts}


def _statuses(
    contact: Contact,
    checks: dict[tuple[int, Channel, str], AddressVerification],
    asked: dict[tuple[int, Channel, str], datetime],
) -> list[AddressStatus]:
    statuses = []
    for channel in (Channel.SMS, Channel.EMAIL):
        address = address_of(contact, channel)
        if address is None:
            continue
        key = (contact.id, channel, address)
        verified = is_verified(contact, channel)
        check = checks.get(key)
        asked_at = None if verified else asked.get(key)
        if asked_at is not None and check is not None and asked_at <= check.verified_at:
            asked_at = None  # asked before an earlier check of this same address
        statuses.append(
            AddressStatus(channel, address, verified, check if verified else None, asked_at)
        )
    return statuses

"""Asking the keyworker to change a consent choice, for someone who may not
decide it themselves.

A request is a `ConsentChangeRequest`, with a notice for staff and an audit
event, in the caller's unit of work. The same request sent twice (a double
tap, a retry) is kept once while it waits for the keyworker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    ConsentChangeRequest,
    ConsentItem,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    Relationship,
    utc_now,
)
from portal.services.consent.registry import item_type, staff_title
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff

# The longest message a family member can send with a request to change.
MESSAGE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class AskResult:
    request: ConsentChangeRequest
    # The same request was already waiting for the keyworker: nothing added.
    already_asked: bool


def ask_to_change(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    message: str | None,
    *,
    ip_address: str | None = None,
) -> AskResult:
    """`contact` asks the keyworker to talk about changing `item`. The same
    request (same person, item and message) still waiting for the keyworker to
    open the record is kept once. Raises ValueError for a message over
    MESSAGE_MAX_LENGTH. Flushes; the caller's unit of work commits."""
    text = (message or "").strip() or None
    if text is not None and len(text) > MESSAGE_MAX_LENGTH:
        raise ValueError("the message is too long")
    # A family member can only ask about themselves seeing the portal; anyone
    # asks only about their own words.
    kind = item_type(item.code)
    about_someone = kind.about_one_contact and (
        kind.each_contact_decides_own or contact.relation is not Relationship.SELF
    )
    about = contact.id if about_someone else None
    waiting = _waiting_request(session, contact, item, about, text)
    if waiting is not None:
        return AskResult(waiting, already_asked=True)
    request = ConsentChangeRequest(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        item_id=item.id,
        about_contact_id=about,
        message=text,
        requested_at=utc_now(),
    )
    session.add(request)
    session.flush()
    notify_staff(
        session,
        contact,
        FamilyInputKind.CONSENT_CHANGE_REQUEST,
        subject_id=request.id,
        summary=f"Asked to change '{staff_title(item)}'",
    )
    record_event(
        session,
        "family.consent.change_requested",
        contact=contact,
        ip_address=ip_address,
        consent_change_request_id=request.id,
        item=item.code,
        with_message=text is not None,
    )
    return AskResult(request, already_asked=False)


def _waiting_request(
    session: Session, contact: Contact, item: ConsentItem, about: int | None, text: str | None
) -> ConsentChangeRequest | None:
    """The same request from `contact`, if its notice is still unseen."""
    return session.scalars(
        select(ConsentChangeRequest)
        .join(
            FamilyInputNotice,
            (FamilyInputNotice.subject_id == ConsentChangeRequest.id)
            & (FamilyInputNotice.kind == FamilyInputKind.CONSENT_CHANGE_REQUEST),
        )
        .where(
            ConsentChangeRequest.contact_id == contact.id,
            ConsentChangeRequest.item_id == item.id,
            _same(ConsentChangeRequest.about_contact_id, about),
            _same(ConsentChangeRequest.message, text),
            FamilyInputNotice.seen_at.is_(None),
        )
        .order_by(ConsentChangeRequest.id.desc())
        .limit(1)
    ).first()


def _same(column: Any, value: object) -> Any:
    return column.is_(None) if value is None else column == value

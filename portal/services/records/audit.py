"""The audit trail: who viewed or changed what, on whose record, and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from portal.models import ActorRole, AuditEvent, Contact, StaffUser, utc_now
from portal.services.records.page_looks import note_look

# Recorded for every page a signed-in family member opens, so that families can
# see who has looked at their information (portal.services.records.transparency).
FAMILY_PAGE_VIEWED = "family.page.viewed"


def record_event(
    session: Session,
    action: str,
    *,
    staff_user: StaffUser | None = None,
    contact: Contact | None = None,
    actor_role: ActorRole | None = None,
    young_person_id: int | None = None,
    ip_address: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to `session`; it is saved with the caller's transaction.

    The actor is `staff_user`, or `contact` (a young person or family member,
    whose young person the event is about unless `young_person_id` says
    otherwise), or else the system."""
    if actor_role is None:
        if staff_user is not None:
            actor_role = ActorRole(staff_user.role.value)
        elif contact is not None:
            actor_role = ActorRole.FAMILY
        else:
            actor_role = ActorRole.SYSTEM
    if contact is not None and young_person_id is None:
        young_person_id = contact.young_person_id
    event = AuditEvent(
        occurred_at=utc_now(),
        actor_role=actor_role,
        actor_staff_id=staff_user.id if staff_user else None,
        actor_contact_id=contact.id if contact else None,
        action=action,
        young_person_id=young_person_id,
        detail=detail,
        ip_address=ip_address,
    )
    session.add(event)
    return event


def record_family_view(
    session: Session, contact: Contact, page: str, *, ip_address: str | None = None
) -> None:
    """A signed-in family member opened `page` (an endpoint name). Added to the
    caller's transaction: the family blueprint records it after the view, and
    the request's unit of work commits it with the rest. Written with one
    statement compiled once, as it runs on every family page."""
    at = utc_now()
    session.execute(
        insert(AuditEvent),
        [
            {
                "occurred_at": at,
                "actor_role": ActorRole.FAMILY,
                "actor_staff_id": None,
                "actor_contact_id": contact.id,
                "action": FAMILY_PAGE_VIEWED,
                "young_person_id": contact.young_person_id,
                "detail": {"page": page},
                "ip_address": ip_address,
            }
        ],
    )
    note_look(session, contact, page, at)

"""The audit trail: who viewed or changed what, on whose record, and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from portal.models import ActorRole, AuditEvent, StaffUser, utc_now


def record_event(
    session: Session,
    action: str,
    *,
    staff_user: StaffUser | None = None,
    actor_role: ActorRole | None = None,
    young_person_id: int | None = None,
    ip_address: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to `session`; it is saved with the caller's transaction."""
    if actor_role is None:
        actor_role = ActorRole(staff_user.role.value) if staff_user else ActorRole.SYSTEM
    event = AuditEvent(
        occurred_at=utc_now(),
        actor_role=actor_role,
        actor_staff_id=staff_user.id if staff_user else None,
        action=action,
        young_person_id=young_person_id,
        detail=detail,
        ip_address=ip_address,
    )
    session.add(event)
    return event

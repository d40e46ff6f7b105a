"""Ending family sessions: on every device at once, when the family asks, when
staff ask, when a contact loses access to the portal, and when their sign-in
is locked (too many wrong dates of birth).

Sessions are rows in `web_sessions` (portal.sessions). Deleting a contact's
rows ends their sessions on every phone and computer at once: the next request
with an old cookie finds nothing and is treated as signed out. Nothing here
commits: the request that asked saves it.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.models import ActorRole, Contact, StaffUser, WebSession
from portal.services.access.staff import require_visible
from portal.services.records.audit import record_event


def end_contact_sessions(
    session: Session, contact: Contact, *, except_id_hash: str | None = None
) -> int:
    """Delete every session of `contact` (but the one `except_id_hash` names).
    Returns how many were ended."""
    statement = delete(WebSession).where(WebSession.contact_id == contact.id)
    if except_id_hash is not None:
        statement = statement.where(WebSession.id_hash != except_id_hash)
    result = session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def record_signed_out(session: Session, contact: Contact, *, ip_address: str | None) -> None:
    """The family member signed out of this session."""
    record_event(session, "family.signed_out", contact=contact, ip_address=ip_address)


def record_exited(session: Session, contact: Contact, *, ip_address: str | None) -> None:
    """The family member left with "Exit this page", which signs them out."""
    record_event(session, "family.exited", contact=contact, ip_address=ip_address)


def sign_out_everywhere(
    session: Session, contact: Contact, *, current_id_hash: str | None, ip_address: str | None
) -> int:
    """The family member's own "sign out on all devices": ends every other
    session of `contact`; the caller ends the current one. Returns how many
    other sessions were ended."""
    ended = end_contact_sessions(session, contact, except_id_hash=current_id_hash)
    record_event(
        session,
        "family.signed_out_everywhere",
        contact=contact,
        ip_address=ip_address,
        other_sessions_ended=ended,
    )
    return ended


def end_sessions_after_access_lost(session: Session, contact: Contact, access_reason: str) -> int:
    """`contact` may no longer see the portal: end every session they have, at
    once. `access_reason` is the code portal.services.access.family_rules gave.
    Returns how many sessions were ended."""
    ended = end_contact_sessions(session, contact)
    record_event(
        session,
        "family.session.ended",
        actor_role=ActorRole.SYSTEM,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        reason="access_lost",
        access_reason=access_reason,
        sessions_ended=ended,
    )
    return ended


def end_sessions_of_locked_contact(session: Session, contact: Contact) -> int:
    """`contact`'s sign-in is locked, but a session of theirs was used: end
    every session they have. The lock ends them in its own transaction; a
    session saved after that, by a request answered just before the lock,
    ends here at its first use. Returns how many sessions were ended."""
    ended = end_contact_sessions(session, contact)
    record_event(
        session,
        "family.session.ended",
        actor_role=ActorRole.SYSTEM,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        reason="sign_in_locked",
        sessions_ended=ended,
    )
    return ended


def end_all_sessions(
    session: Session, contact: Contact, *, by: StaffUser, ip_address: str | None = None
) -> int:
    """Staff sign `contact` out on every device; their access stays as it is
    (they can open a new link). Raises NotVisible unless `by` may see the young
    person's record. Returns how many sessions were ended."""
    require_visible(session, by, contact.young_person_id)
    ended = end_contact_sessions(session, contact)
    record_event(
        session,
        "family.session.ended",
        staff_user=by,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        reason="ended_by_staff",
        sessions_ended=ended,
        ip_address=ip_address,
    )
    return ended


def switch_off_portal_access(
    session: Session, contact: Contact, *, by: StaffUser, ip_address: str | None = None
) -> int:
    """Staff switch `contact`'s portal access off and end all their sessions at
    once. Raises NotVisible unless `by` may see the young person's record.
    Returns how many sessions were ended."""
    require_visible(session, by, contact.young_person_id)
    contact.portal_access_enabled = False
    ended = end_contact_sessions(session, contact)
    record_event(
        session,
        "family.access.switched_off",
        staff_user=by,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        sessions_ended=ended,
        ip_address=ip_address,
    )
    return ended

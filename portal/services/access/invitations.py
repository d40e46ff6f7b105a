"""Invitations: staff (from the record) or an operator (`flask invite`) send a
contact a sign-in link by their preferred channel, once staff have checked
that address (`portal.services.access.addresses.may_receive_link`).

An invitation is also how staff let someone in again: it lifts a sign-in lock
and starts the count of wrong dates of birth again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from portal.models import ActorRole, Contact, LinkPurpose, StaffUser
from portal.services.access.addresses import may_receive_link
from portal.services.access.family_rules import portal_access
from portal.services.access.family_sessions import end_contact_sessions
from portal.services.access.link_messages import TranslatorFor
from portal.services.access.links import IssuedLink, LinkSettings, issue_link
from portal.services.access.staff import require_visible
from portal.services.records.audit import record_event

__all__ = ["ADDRESS_NOT_VERIFIED", "SIGN_IN_LOCK_LIFTED", "InvitationRefused", "invite_contact"]

SIGN_IN_LOCK_LIFTED = "family.sign_in_lock.lifted"
# The reason when the address for the preferred channel is not checked.
ADDRESS_NOT_VERIFIED = "address_not_verified"


class InvitationRefused(ValueError):
    """No link was sent: the contact may not use the portal today, or staff
    have not checked the address of their preferred channel."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        # The code portal.services.access.family_rules gave, or
        # ADDRESS_NOT_VERIFIED: for staff and the audit.
        self.reason = reason


def invite_contact(
    session: Session,
    contact: Contact,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    by: StaffUser | None,
    translator_for: TranslatorFor,
    ip_address: str | None = None,
) -> IssuedLink:
    """Send `contact` an invitation. With `by`, a member of staff sends it from
    the record, and must be able to see it (else NotVisible). Without, an
    operator sends it. Raises InvitationRefused when the access rules say no
    today, or the address is not checked; nothing is changed then."""
    if by is not None:
        require_visible(session, by, contact.young_person_id)
    decision = portal_access(
        session, contact, today, minimum_own_access_age=settings.minimum_own_access_age
    )
    if not decision.allowed:
        raise InvitationRefused(decision.reason)
    if not may_receive_link(contact, contact.preferred_channel):
        raise InvitationRefused(ADDRESS_NOT_VERIFIED)
    actor_role = None if by is not None else ActorRole.SYSTEM
    if contact.sign_in_locked_at is not None:
        # The lock ended every session of the contact, and no session of a
        # locked contact works. One saved after the lock, by a request that
        # passed the check just before it, must not come back to life now.
        ended = end_contact_sessions(session, contact)
        record_event(
            session,
            SIGN_IN_LOCK_LIFTED,
            staff_user=by,
            actor_role=actor_role,
            young_person_id=contact.young_person_id,
            ip_address=ip_address,
            contact_id=contact.id,
            sessions_ended=ended,
        )
    contact.sign_in_locked_at = None
    contact.identity_check_failures = 0
    return issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        contact.preferred_channel,
        now,
        settings,
        translator_for=translator_for,
        issued_by=by,
        actor_role=actor_role,
        ip_address=ip_address,
    )

"""Access links ("magic links"): how young people and families get into the
portal without a password.

The life of a link:

1. **Issued**, by staff from the record or `flask invite` (an invitation, 72
   hours by default), or because the family asked at /sign-in (15 minutes;
   see `link_requests`), and only to an address staff have checked
   (`addresses.may_receive_link`). The secret is 128 random bits from
   `secrets`; only its SHA-256 is stored. Issuing a link cancels the
   contact's earlier links that were never used. The message goes into the
   outbox in the same transaction.
2. **Opened** (GET /l/<secret>): only shows a page with a "Continue" button,
   so the link checkers in phones and mail systems cannot use it up.
3. **Used** (POST from that page): the link is spent, whatever happens next.
   Then the date of birth check (`portal.services.access.identity_check`), unless
   staff recorded a reasonable adjustment to skip it.

A link that is expired, used, cancelled, unknown, for another purpose, or
whose contact is locked out gives the same answer: None. Family pages then
say only "This link does not work any more".

The secret never goes into an audit event (links are named by id), and
`portal.services.access.log_redaction` takes it out of request logs. What the
messages say is in `link_messages`; invitations from staff in `invitations`.
Nothing here commits: the edge that asked saves it all, or nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import AccessLink, ActorRole, Channel, Contact, LinkPurpose, StaffUser
from portal.services.access.addresses import may_receive_link
from portal.services.access.family_rules import portal_access
from portal.services.access.link_messages import TranslatorFor, link_message
from portal.services.messaging.outbox import queue_email, queue_sms
from portal.services.messaging.templates import Purpose
from portal.services.records.audit import record_event

__all__ = [
    "FAMILY_SIGNED_IN",
    "LINK_PATH",
    "SIGN_IN_PURPOSES",
    "TOKEN_BYTES",
    "AddressNotVerified",
    "IssuedLink",
    "LinkSettings",
    "LinkUse",
    "cancel_unused_links",
    "hash_token",
    "issue_link",
    "link_url",
    "new_token",
    "open_link",
    "refused_access",
    "sign_in_locked",
    "use_link",
]

# 128 random bits: 22 characters of base64url, short enough for a text message.
TOKEN_BYTES = 16
# Links are short so that an invitation fits in 2 text messages.
LINK_PATH = "/l/"
# The purposes a link may have to sign someone in.
SIGN_IN_PURPOSES = frozenset({LinkPurpose.INVITATION, LinkPurpose.SIGN_IN})

# Audit actions. Links are named by id: never by their secret.
LINK_ISSUED = "access_link.issued"
LINK_OPENED = "access_link.opened"
LINK_USED = "access_link.used"
LINK_REFUSED = "access_link.refused"
FAMILY_SIGNED_IN = "family.signed_in"


@dataclass(frozen=True)
class LinkSettings:
    """What the link rules need from the app's configuration."""

    base_url: str
    service_name: str
    invitation_lifetime: timedelta
    request_lifetime: timedelta
    minimum_own_access_age: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LinkSettings:
        return cls(
            base_url=str(config["PUBLIC_BASE_URL"]).rstrip("/"),
            service_name=str(config["SERVICE_NAME"]),
            invitation_lifetime=config["ACCESS_LINK_INVITATION_LIFETIME"],
            request_lifetime=config["ACCESS_LINK_REQUEST_LIFETIME"],
            minimum_own_access_age=int(config["OWN_PORTAL_ACCESS_MINIMUM_AGE"]),
        )

    def lifetime(self, purpose: LinkPurpose) -> timedelta:
        if purpose is LinkPurpose.INVITATION:
            return self.invitation_lifetime
        return self.request_lifetime


class AddressNotVerified(ValueError):
    """No link goes to an address staff have not checked (see
    `portal.services.access.addresses.may_receive_link`)."""

    def __init__(self, channel: Channel) -> None:
        super().__init__(f"the contact's {channel.value} address is not verified")
        self.channel = channel


@dataclass(frozen=True)
class IssuedLink:
    link: AccessLink
    # The secret, for the message (and `flask invite` in development). Never stored.
    token: str
    url: str


@dataclass(frozen=True)
class LinkUse:
    """A link that has just been used by pressing "Continue"."""

    link_id: int
    contact_id: int
    # False when staff recorded a reasonable adjustment to skip the check:
    # the caller signs the contact in at once.
    needs_identity_check: bool


# Secrets


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{LINK_PATH}{token}"


# Issuing


def issue_link(
    session: Session,
    contact: Contact,
    purpose: LinkPurpose,
    channel: Channel,
    now: datetime,
    settings: LinkSettings,
    *,
    translator_for: TranslatorFor,
    issued_by: StaffUser | None = None,
    actor_role: ActorRole | None = None,
    ip_address: str | None = None,
) -> IssuedLink:
    """Make a new link for `contact`, cancel their earlier unused links, and
    put the message, in the contact's language, in the outbox: saved together,
    or not at all. Raises AddressNotVerified (changing nothing) when staff
    have not checked the address for `channel`."""
    if not may_receive_link(contact, channel):
        raise AddressNotVerified(channel)
    cancel_unused_links(session, [contact.id], now)
    token = new_token()
    lifetime = settings.lifetime(purpose)
    link = AccessLink(
        contact_id=contact.id,
        purpose=purpose,
        token_hash=hash_token(token),
        channel=channel,
        issued_by_staff_id=issued_by.id if issued_by else None,
        created_at=now,
        expires_at=now + lifetime,
        identity_failures=0,
    )
    session.add(link)
    session.flush()
    url = link_url(settings.base_url, token)
    message = link_message(
        purpose,
        url,
        service_name=settings.service_name,
        lifetime=lifetime,
        translator=translator_for(contact.preferred_language),
    )
    _queue_link_message(session, contact, channel, purpose, message.subject, message.body)
    record_event(
        session,
        LINK_ISSUED,
        staff_user=issued_by,
        actor_role=actor_role,
        young_person_id=contact.young_person_id,
        ip_address=ip_address,
        contact_id=contact.id,
        link_id=link.id,
        purpose=purpose.value,
        channel=channel.value,
        expires_at=link.expires_at.isoformat(),
    )
    return IssuedLink(link=link, token=token, url=url)


def _queue_link_message(
    session: Session,
    contact: Contact,
    channel: Channel,
    purpose: LinkPurpose,
    subject: str,
    body: str,
) -> None:
    if channel is Channel.SMS:
        queued = queue_sms(session, contact=contact, body=body)
    else:
        queued = queue_email(session, contact=contact, subject=subject, body=body)
    # Named, so the record and the Messages page can say what it was without its link.
    queued.purpose = (
        Purpose.INVITATION if purpose is LinkPurpose.INVITATION else Purpose.NEW_LINK
    ).value


def cancel_unused_links(session: Session, contact_ids: Sequence[int], now: datetime) -> None:
    """Cancel these contacts' links that were never used."""
    session.execute(
        update(AccessLink)
        .where(
            AccessLink.contact_id.in_(contact_ids),
            AccessLink.used_at.is_(None),
            AccessLink.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
        .execution_options(synchronize_session="fetch")
    )


# Opening and using


def _usable_link(
    session: Session, token: str, now: datetime, purposes: Iterable[LinkPurpose]
) -> AccessLink | None:
    link = session.scalar(select(AccessLink).where(AccessLink.token_hash == hash_token(token)))
    if (
        link is None
        or link.purpose not in set(purposes)
        or link.used_at is not None
        or link.cancelled_at is not None
        or link.locked_at is not None
        or now >= link.expires_at
        or link.contact.sign_in_locked_at is not None
    ):
        return None
    return link


def sign_in_locked(
    session: Session, *, token: str | None = None, contact_id: int | None = None
) -> bool:
    """Whether the contact a link was sent to (by its secret), or the contact
    with `contact_id`, has sign-in locked after too many wrong dates of birth.
    While it is, asking at /sign-in sends them no link (`link_requests`), so
    pages must not offer "Get a new link". An unknown link or contact names
    nobody: False."""
    contact: Contact | None = None
    if token is not None:
        link = session.scalar(select(AccessLink).where(AccessLink.token_hash == hash_token(token)))
        contact = link.contact if link is not None else None
    elif contact_id is not None:
        contact = session.get(Contact, contact_id)
    return contact is not None and contact.sign_in_locked_at is not None


def open_link(
    session: Session,
    token: str,
    now: datetime,
    *,
    purposes: Iterable[LinkPurpose] = SIGN_IN_PURPOSES,
    ip_address: str | None = None,
) -> AccessLink | None:
    """Someone opened the link's page. Changes nothing about whether it
    works: link checkers open links too. Returns None for a link that does
    not work."""
    link = _usable_link(session, token, now, purposes)
    if link is None:
        return None
    if link.first_opened_at is None:
        link.first_opened_at = now
    record_event(session, LINK_OPENED, contact=link.contact, ip_address=ip_address, link_id=link.id)
    return link


def use_link(
    session: Session,
    token: str,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    purposes: Iterable[LinkPurpose] = SIGN_IN_PURPOSES,
    ip_address: str | None = None,
) -> LinkUse | None:
    """The person pressed "Continue": spend the link. Returns None when the
    link does not work, or when its contact may not use the portal today
    (audited with the reason: the caller still saves it)."""
    link = _usable_link(session, token, now, purposes)
    if link is None:
        return None
    # Only one request can spend a link, even two at the same moment.
    spent = session.execute(
        update(AccessLink)
        .where(
            AccessLink.id == link.id,
            AccessLink.used_at.is_(None),
            AccessLink.cancelled_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    if int(spent.rowcount or 0) != 1:  # type: ignore[attr-defined]
        return None  # spent by another request meanwhile; nothing was written
    contact = link.contact
    record_event(session, LINK_USED, contact=contact, ip_address=ip_address, link_id=link.id)
    if refused_access(session, link, today, settings, ip_address):
        return None
    needs_check = contact.identity_check_skip_reason is None
    if not needs_check:
        record_event(
            session,
            FAMILY_SIGNED_IN,
            contact=contact,
            ip_address=ip_address,
            link_id=link.id,
            identity_check="skipped",
        )
    return LinkUse(link_id=link.id, contact_id=contact.id, needs_identity_check=needs_check)


def refused_access(
    session: Session,
    link: AccessLink,
    today: date,
    settings: LinkSettings,
    ip_address: str | None,
) -> bool:
    """True, having audited the refusal, when the link's contact may not see
    the portal today. Asked at each step: the rules may have
    changed since the link was sent."""
    decision = portal_access(
        session, link.contact, today, minimum_own_access_age=settings.minimum_own_access_age
    )
    if decision.allowed:
        return False
    record_event(
        session,
        LINK_REFUSED,
        contact=link.contact,
        ip_address=ip_address,
        link_id=link.id,
        reason=decision.reason,
    )
    return True

"""Access links ("magic links"): how young people and families get into the
portal without a password.

The life of a link:

1. **Issued**, by staff from the record or `flask invite` (an invitation, 72
   hours by default), or because the family asked at /sign-in (15 minutes).
   The secret is 128 random bits from `secrets`; only its SHA-256 is stored.
   Issuing a link cancels the contact's earlier links that were never used.
   The message goes into the outbox in the same transaction.
2. **Opened** (GET /l/<secret>): only shows a page with a "Continue" button,
   so the link checkers in phones and mail systems cannot use it up.
3. **Used** (POST from that page): the link is spent, whatever happens next.
   Then the date of birth check (`portal.services.access.identity_check`), unless
   staff recorded a reasonable adjustment to skip it.

A link that is expired, used, cancelled, unknown, for another purpose, or
whose contact is locked out gives the same answer: None. Family pages then
say only "This link does not work any more".

The secret never goes into an audit event (links are named by id), and
`LinkTokenFilter` takes it out of request logs.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import AccessLink, ActorRole, Channel, Contact, LinkPurpose, StaffUser
from portal.phone import InvalidPhoneNumber, to_e164
from portal.services.access.family_rules import portal_access
from portal.services.messaging.outbox import queue_email, queue_sms
from portal.services.records.audit import record_event
from portal.services.records.caseload import may_view_record

__all__ = [
    "LINK_PATH",
    "SIGN_IN_PURPOSES",
    "TOKEN_BYTES",
    "Address",
    "ContactNotFound",
    "InvitationRefused",
    "IssuedLink",
    "LinkSettings",
    "LinkTokenFilter",
    "LinkUse",
    "cancel_unused_links",
    "hash_token",
    "install_link_token_filter",
    "invite_contact",
    "issue_link",
    "lifetime_words",
    "link_message",
    "link_url",
    "new_token",
    "normalise_address",
    "open_link",
    "redact_link_tokens",
    "request_sign_in_links",
    "use_link",
    "visible_contact",
]

# 128 random bits: 22 characters of base64url, short enough for a text message.
TOKEN_BYTES = 16
# Links are short so that an invitation fits in 2 text messages.
LINK_PATH = "/l/"
# The purposes a link may have to sign someone in.
SIGN_IN_PURPOSES = frozenset({LinkPurpose.INVITATION, LinkPurpose.SIGN_IN})

# Audit actions. Links are named by id: never by their secret.
LINK_ISSUED = "access_link.issued"
LINK_REQUESTED = "access_link.requested"
LINK_OPENED = "access_link.opened"
LINK_USED = "access_link.used"
LINK_REFUSED = "access_link.refused"
FAMILY_SIGNED_IN = "family.signed_in"
SIGN_IN_LOCK_LIFTED = "family.sign_in_lock.lifted"


class ContactNotFound(LookupError):
    """The contact does not exist, is not about this young person, or this
    member of staff may not see the young person. Not told apart."""


class InvitationRefused(ValueError):
    """The contact may not use the portal today, so no link was sent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        # The code portal.services.access.family_rules gave: for staff and the audit.
        self.reason = reason


@dataclass(frozen=True)
class LinkSettings:
    """What the link rules need from the app's configuration."""

    base_url: str
    service_name: str
    invitation_lifetime: timedelta
    request_lifetime: timedelta
    minimum_own_access_age: int
    languages: tuple[str, ...] = ("en",)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LinkSettings:
        return cls(
            base_url=str(config["PUBLIC_BASE_URL"]).rstrip("/"),
            service_name=str(config["SERVICE_NAME"]),
            invitation_lifetime=config["ACCESS_LINK_INVITATION_LIFETIME"],
            request_lifetime=config["ACCESS_LINK_REQUEST_LIFETIME"],
            minimum_own_access_age=int(config["OWN_PORTAL_ACCESS_MINIMUM_AGE"]),
            languages=tuple(config["SUPPORTED_LANGUAGES"]),
        )

    def lifetime(self, purpose: LinkPurpose) -> timedelta:
        if purpose is LinkPurpose.INVITATION:
            return self.invitation_lifetime
        return self.request_lifetime


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


@dataclass(frozen=True)
class Address:
    """A mobile number (E.164) or an email address (lower case), as stored on contacts."""

    channel: Channel
    value: str


# Secrets


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{LINK_PATH}{token}"


# Addresses


def normalise_address(text: str | None) -> Address | None:
    """The mobile number or email address someone typed, as contacts store it;
    None when it is neither."""
    text = (text or "").strip()
    if not text or len(text) > 254:
        return None
    if "@" in text:
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            return None
        return Address(Channel.EMAIL, text.lower())
    try:
        return Address(Channel.SMS, to_e164(text))
    except InvalidPhoneNumber:
        return None


# What the messages say. Nothing clinical and no names: only that this is a
# link to the portal, how long it works, and that it is not to be shared.


def lifetime_words(lifetime: timedelta) -> str:
    minutes = int(lifetime.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(num)d day", "%(num)d days", days)
    if minutes % 60 == 0:
        return ngettext("%(num)d hour", "%(num)d hours", minutes // 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


@dataclass(frozen=True)
class LinkMessage:
    subject: str
    body: str


def link_message(
    purpose: LinkPurpose, url: str, *, service_name: str, lifetime: timedelta
) -> LinkMessage:
    """The text message or email that carries a link, in the current language.
    Text messages use only the GSM-7 alphabet, and an invitation fits in 2."""
    lasts = lifetime_words(lifetime)
    if purpose is LinkPurpose.INVITATION:
        body = gettext(
            "Your keyworker invited you to the %(service_name)s.\n"
            "Tap this link to start: %(url)s\n"
            "The link works for %(lifetime)s. Do not share it.",
            service_name=service_name,
            url=url,
            lifetime=lasts,
        )
    else:
        body = gettext(
            "Here is your link to the %(service_name)s: %(url)s\n"
            "It works for %(lifetime)s. Do not share it.\n"
            "Did you not ask for it? You can ignore this message.",
            service_name=service_name,
            url=url,
            lifetime=lasts,
        )
    subject = gettext("Your link to the %(service_name)s", service_name=service_name)
    return LinkMessage(subject=subject, body=body)


# Issuing


def issue_link(
    session: Session,
    contact: Contact,
    purpose: LinkPurpose,
    channel: Channel,
    now: datetime,
    settings: LinkSettings,
    *,
    issued_by: StaffUser | None = None,
    actor_role: ActorRole | None = None,
    ip_address: str | None = None,
    token: str | None = None,
) -> IssuedLink:
    """Make a new link for `contact`, cancel their earlier unused links, and
    put the message in the outbox. Does not commit: the link and its message
    are saved together, or not at all."""
    cancel_unused_links(session, [contact.id], now)
    token = token or new_token()
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
    language = contact.preferred_language
    with force_locale(language if language in settings.languages else settings.languages[0]):
        message = link_message(purpose, url, service_name=settings.service_name, lifetime=lifetime)
    if channel is Channel.SMS:
        queue_sms(session, contact=contact, body=message.body)
    else:
        queue_email(session, contact=contact, subject=message.subject, body=message.body)
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


def cancel_unused_links(session: Session, contact_ids: Sequence[int], now: datetime) -> None:
    """Cancel these contacts' links that were never used. Does not commit."""
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


def visible_contact(
    session: Session, user: StaffUser, young_person_id: int, contact_id: int
) -> Contact:
    """The contact, if it is about `young_person_id` and `user` may see that
    record. Raises ContactNotFound otherwise."""
    contact = session.get(Contact, contact_id)
    if (
        contact is None
        or contact.young_person_id != young_person_id
        or not may_view_record(session, user, young_person_id)
    ):
        raise ContactNotFound(contact_id)
    return contact


def invite_contact(
    session: Session,
    contact_id: int,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    by: StaffUser | None,
    young_person_id: int | None = None,
    ip_address: str | None = None,
) -> IssuedLink:
    """Send `contact_id` an invitation by their preferred channel. With `by`,
    a member of staff sends it from the record of `young_person_id`: they must
    be able to see it. Without, an operator sends it (`flask invite`).

    An invitation also lifts a sign-in lock and starts the count of wrong
    dates of birth again: staff have decided this person should get in.
    Raises ContactNotFound or InvitationRefused. Commits."""
    if by is not None:
        contact = visible_contact(session, by, young_person_id or 0, contact_id)
    else:
        found = session.get(Contact, contact_id)
        if found is None:
            raise ContactNotFound(contact_id)
        contact = found
    decision = portal_access(
        session, contact, today, minimum_own_access_age=settings.minimum_own_access_age
    )
    if not decision.allowed:
        raise InvitationRefused(decision.reason)
    if contact.sign_in_locked_at is not None:
        record_event(
            session,
            SIGN_IN_LOCK_LIFTED,
            staff_user=by,
            actor_role=None if by is not None else ActorRole.SYSTEM,
            young_person_id=contact.young_person_id,
            ip_address=ip_address,
            contact_id=contact.id,
        )
    contact.sign_in_locked_at = None
    contact.identity_check_failures = 0
    issued = issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        contact.preferred_channel,
        now,
        settings,
        issued_by=by,
        actor_role=None if by is not None else ActorRole.SYSTEM,
        ip_address=ip_address,
    )
    session.commit()
    return issued


def request_sign_in_links(
    session: Session,
    address: Address,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    ip_address: str | None = None,
) -> int:
    """Someone at /sign-in asked for a link for `address`. Each contact with
    that address who may use the portal gets one (a carer of two young people
    has two contact rows, and gets two links), sent to the address given.

    The caller must answer the same whatever this returns. To keep the work
    alike too, a secret is made and hashed, and the same queries and one
    audit event are written, whether or not the address is known. Returns how
    many links were sent. Commits."""
    first_token = new_token()
    hash_token(first_token)  # the same work as for a known address
    column = Contact.mobile_e164 if address.channel is Channel.SMS else Contact.email
    contacts = session.scalars(
        select(Contact).where(column == address.value).order_by(Contact.id)
    ).all()
    eligible = [
        contact
        for contact in contacts
        if contact.sign_in_locked_at is None
        and portal_access(
            session, contact, today, minimum_own_access_age=settings.minimum_own_access_age
        ).allowed
    ]
    # Always one statement, even for no contacts.
    cancel_unused_links(session, [contact.id for contact in eligible], now)
    for index, contact in enumerate(eligible):
        issue_link(
            session,
            contact,
            LinkPurpose.SIGN_IN,
            address.channel,
            now,
            settings,
            actor_role=ActorRole.ANONYMOUS,
            ip_address=ip_address,
            token=first_token if index == 0 else None,
        )
    record_event(
        session,
        LINK_REQUESTED,
        actor_role=ActorRole.ANONYMOUS,
        ip_address=ip_address,
        channel=address.channel.value,
        links_sent=len(eligible),
    )
    session.commit()
    return len(eligible)


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
    not work. Commits."""
    link = _usable_link(session, token, now, purposes)
    if link is None:
        return None
    if link.first_opened_at is None:
        link.first_opened_at = now
    record_event(session, LINK_OPENED, contact=link.contact, ip_address=ip_address, link_id=link.id)
    session.commit()
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
    (audited with the reason). Commits."""
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
        session.rollback()
        return None
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
    session.commit()
    return LinkUse(link_id=link.id, contact_id=contact.id, needs_identity_check=needs_check)


# Keeping secrets out of logs. Werkzeug's and gunicorn's request logs print
# the path, and the path of a link is its secret.

_LINK_SECRET = re.compile(re.escape(LINK_PATH) + r"[^\s\"'?#&/]+")
REDACTED = LINK_PATH + "[redacted]"
# The loggers that print request paths: the development server, gunicorn, and
# the app's own error log ("Unexpected error on /l/...").
LOGGERS_THAT_PRINT_PATHS = ("werkzeug", "gunicorn.access", "gunicorn.error", "portal")


def refused_access(
    session: Session,
    link: AccessLink,
    today: date,
    settings: LinkSettings,
    ip_address: str | None,
) -> bool:
    """True, having audited and committed the refusal, when the link's contact
    may not see the portal today. Asked at each step: the rules may have
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
    session.commit()
    return True


def redact_link_tokens(text: str) -> str:
    return _LINK_SECRET.sub(REDACTED, text)


class LinkTokenFilter(logging.Filter):
    """Replaces the secret in any /l/<secret> path in a log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        redacted = redact_link_tokens(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


def install_link_token_filter(names: Iterable[str] = LOGGERS_THAT_PRINT_PATHS) -> None:
    """Add the filter to each logger once (safe to call for every app)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, LinkTokenFilter) for existing in logger.filters):
            logger.addFilter(LinkTokenFilter())

"""Asking for a sign-in link at /sign-in, without giving anything away.

**The same work for every address.** The request itself only writes one
`link_requests` row (`queue_link_request`): the address as contacts store
it, when, and the client address. It makes no secret, reads no contact and
sends nothing, whether or not anyone has that address, so the answer (the
same "check your phone" page) takes as long either way.

**The rest after the answer.** `process_link_request` matches the address
and sends any links in a unit of work of its own: the web edge runs it once
the response has gone, and the message worker runs it for any request left
waiting (`process_waiting_link_requests`), so a process that dies between
the two loses nothing. Handling a request is once only: a conditional
UPDATE claims the row, and the claim, the links and their messages are
saved together, or not at all. Once handled, the row keeps no address.

The contacts with that address that may use the portal today, whose sign-in
is not locked and whose address staff have checked
(`addresses.may_receive_link`) are one person: a carer of two young people
has a row for each. They get one link, for the first of those rows; its
date of birth step accepts any of their young people's, and then they
choose whose pages to open (portal.services.access.identity_check). For a
row where only the address check is missing, nothing is sent and the young
person's record shows staff that someone asked (`ASKED_FOR_UNVERIFIED`).
A request older than a link's life is not answered: the person was told
the link works for that long.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import ActorRole, Channel, Contact, LinkPurpose, LinkRequest
from portal.services.access.addresses import Address, may_receive_link
from portal.services.access.family_rules import portal_access
from portal.services.access.link_messages import TranslatorFor
from portal.services.access.links import LinkSettings, cancel_unused_links, issue_link
from portal.services.messaging.sending import Units
from portal.services.records.audit import record_event

__all__ = [
    "ASKED_FOR_UNVERIFIED",
    "LINK_REQUESTED",
    "WAITING_AFTER",
    "process_link_request",
    "process_waiting_link_requests",
    "queue_link_request",
    "request_sign_in_links",
    "waiting_link_request_ids",
]

logger = logging.getLogger("portal.access")

# Audit actions. Links are named by id, requests by id and channel.
LINK_REQUESTED = "access_link.requested"
ASKED_FOR_UNVERIFIED = "access_link.asked_for_unverified_address"

# The worker leaves a request this long for the web process to handle.
WAITING_AFTER = timedelta(seconds=30)


def queue_link_request(
    session: Session, address: Address, now: datetime, *, ip_address: str | None = None
) -> LinkRequest:
    """Someone at /sign-in asked for a link for `address`: one row, the same
    for any address. Flushed, so the caller has its id for the work after
    the answer."""
    request = LinkRequest(
        channel=address.channel,
        address=address.value,
        ip_address=ip_address,
        requested_at=now,
    )
    session.add(request)
    session.flush()
    return request


def _claim(session: Session, request_id: int, now: datetime) -> LinkRequest | None:
    """Mark the request handled, if nobody has; the first statement of the
    unit of work, so on SQLite it takes the write lock at once."""
    claimed = session.execute(
        update(LinkRequest)
        .where(LinkRequest.id == request_id, LinkRequest.processed_at.is_(None))
        .values(processed_at=now)
        .execution_options(synchronize_session=False)
    )
    if int(claimed.rowcount or 0) != 1:  # type: ignore[attr-defined]
        return None
    return session.get(LinkRequest, request_id, populate_existing=True)


def process_link_request(
    session: Session,
    request_id: int,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    translator_for: TranslatorFor,
) -> int | None:
    """Handle one request for a link, in the caller's unit of work. Returns
    how many links were sent, or None when the request had been handled
    already (by another process, or an earlier try)."""
    request = _claim(session, request_id, now)
    if request is None or request.address is None:
        return None
    address = Address(request.channel, request.address)
    ip_address = request.ip_address
    request.address = None
    request.ip_address = None
    if now - request.requested_at > settings.request_lifetime:
        record_event(
            session,
            LINK_REQUESTED,
            actor_role=ActorRole.ANONYMOUS,
            ip_address=ip_address,
            link_request_id=request.id,
            channel=address.channel.value,
            links_sent=0,
            too_late=True,
        )
        return 0
    return request_sign_in_links(
        session,
        address,
        now,
        today,
        settings,
        translator_for=translator_for,
        ip_address=ip_address,
        link_request_id=request.id,
    )


def request_sign_in_links(
    session: Session,
    address: Address,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    translator_for: TranslatorFor,
    ip_address: str | None = None,
    link_request_id: int | None = None,
) -> int:
    """Send one link to `address` when any contact with it may have one
    (see the module docstring). Returns how many links were sent: 0 or 1."""
    column = Contact.mobile_e164 if address.channel is Channel.SMS else Contact.email
    contacts = session.scalars(
        select(Contact).where(column == address.value).order_by(Contact.id)
    ).all()
    allowed = [
        contact
        for contact in contacts
        if contact.sign_in_locked_at is None
        and portal_access(
            session, contact, today, minimum_own_access_age=settings.minimum_own_access_age
        ).allowed
    ]
    checked = []
    for contact in allowed:
        if may_receive_link(contact, address.channel):
            checked.append(contact)
        else:
            _record_unverified(session, contact, address, ip_address)
    sent = 0
    if checked:
        # Rows sharing a checked address are one person: one link, for the
        # first row. Their other rows' unused links stop working, so only
        # the newest link signs this person in.
        first, *others = checked
        cancel_unused_links(session, [other.id for other in others], now)
        issue_link(
            session,
            first,
            LinkPurpose.SIGN_IN,
            address.channel,
            now,
            settings,
            translator_for=translator_for,
            actor_role=ActorRole.ANONYMOUS,
            ip_address=ip_address,
        )
        sent = 1
    record_event(
        session,
        LINK_REQUESTED,
        actor_role=ActorRole.ANONYMOUS,
        ip_address=ip_address,
        link_request_id=link_request_id,
        channel=address.channel.value,
        links_sent=sent,
    )
    return sent


def _record_unverified(
    session: Session, contact: Contact, address: Address, ip_address: str | None
) -> None:
    """Tell staff, on the young person's record, that someone asked for a
    link for this contact's address, which nobody has checked."""
    record_event(
        session,
        ASKED_FOR_UNVERIFIED,
        actor_role=ActorRole.ANONYMOUS,
        young_person_id=contact.young_person_id,
        ip_address=ip_address,
        contact_id=contact.id,
        channel=address.channel.value,
        address=address.value,
    )


# The worker's part: requests left waiting


def waiting_link_request_ids(session: Session, now: datetime, *, limit: int = 50) -> list[int]:
    """Requests still waiting `WAITING_AFTER` after they came, oldest first:
    the process that answered them stopped, or its try failed."""
    return list(
        session.scalars(
            select(LinkRequest.id)
            .where(
                LinkRequest.processed_at.is_(None),
                LinkRequest.requested_at <= now - WAITING_AFTER,
            )
            .order_by(LinkRequest.requested_at, LinkRequest.id)
            .limit(limit)
        )
    )


def process_waiting_link_requests(
    units: Units,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    translator_for: TranslatorFor,
    limit: int = 50,
) -> int:
    """Handle the requests left waiting, each in a unit of work of its own
    from `units`. A request that fails is logged and left for the next
    pass; once older than a link's life it is closed without a link.
    Returns how many this pass handled."""
    with units() as session:
        request_ids = waiting_link_request_ids(session, now, limit=limit)
    handled = 0
    for request_id in request_ids:
        try:
            with units() as session:
                done = process_link_request(
                    session, request_id, now, today, settings, translator_for=translator_for
                )
        except Exception:
            logger.exception("Link request %s: not handled; trying again later", request_id)
            continue
        handled += done is not None
    return handled

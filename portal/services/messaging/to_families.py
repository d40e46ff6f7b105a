"""Messages to families, by the rules every one of them follows.

`queue_for_contact` is the one way the service writes to a contact about
their young person (reminders, a changed plan, a new message, a feedback
request), so the rules are here once:

- only to a contact whose portal access is on (`portal_access`), and not
  when the choice "Getting text messages and emails" stands at no;
- by the contact's preferred channel, or their other one when the preferred
  one cannot be used: a text only to a checked mobile number that has not
  opted out, an email only to a checked address;
- in the contact's language;
- automatic messages (`templates.AUTOMATIC`) wait for the end of quiet hours
  (default 20:00 to 08:00, London time); what a keyworker sends by hand goes
  at once;
- once only, when the caller gives a `dedupe_key`: a second call with the
  same key queues nothing, even from two workers at the same moment.

Sign-in links have their own rules (`portal.services.access.links`), and
answers to a family's own text message are sent as the webhook's reply.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Channel, ConsentChoice, Contact, Message
from portal.services.access.addresses import address_of, is_verified
from portal.services.access.family_rules import portal_access
from portal.services.consent.current import current_decision
from portal.services.messaging.opt_outs import is_opted_out
from portal.services.messaging.outbox import queue_email, queue_sms
from portal.services.messaging.templates import AUTOMATIC, Purpose, render
from portal.services.wording import Translator
from portal.timezones import LONDON

CONTACT_BY_MESSAGE = "contact_by_message"


class NotSent(enum.StrEnum):
    NO_PORTAL_ACCESS = "no_portal_access"
    DOES_NOT_WANT_MESSAGES = "does_not_want_messages"
    NO_USABLE_ADDRESS = "no_usable_address"
    ALREADY_QUEUED = "already_queued"


@dataclass(frozen=True)
class QuietHours:
    """Automatic messages wait from `start` until `end`, London time."""

    start: time = time(20, 0)
    end: time = time(8, 0)

    def release_time(self, now: datetime) -> datetime:
        """`now`, or the end of quiet hours if `now` is inside them."""
        local = now.astimezone(LONDON)
        clock = local.time()
        if self.start == self.end:
            return now
        if self.start > self.end:  # across midnight, as by default
            quiet = clock >= self.start or clock < self.end
        else:
            quiet = self.start <= clock < self.end
        if not quiet:
            return now
        day = local.date() if clock < self.end else local.date() + timedelta(days=1)
        release = datetime.combine(day, self.end, tzinfo=LONDON)
        return release.astimezone(now.tzinfo)


@dataclass(frozen=True)
class FamilyMessageSettings:
    service_name: str
    base_url: str
    team_phone: str
    quiet_hours: QuietHours = QuietHours()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FamilyMessageSettings:
        start, end = config.get("QUIET_HOURS", ("20:00", "08:00"))
        return cls(
            service_name=config["SERVICE_NAME"],
            base_url=(config.get("PUBLIC_BASE_URL") or "").rstrip("/"),
            team_phone=config.get("TEAM_PHONE") or "",
            quiet_hours=QuietHours(time.fromisoformat(start), time.fromisoformat(end)),
        )

    def url(self, path: str = "/") -> str:
        """A link to the portal's own address: the only kind a message holds."""
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError("a message links only to a path on the portal")
        return self.base_url + path


@dataclass(frozen=True)
class Queued:
    message: Message | None = None
    not_sent: NotSent | None = None

    @property
    def queued(self) -> bool:
        return self.message is not None


def usable_channel(session: Session, contact: Contact) -> Channel | None:
    """The channel a message to `contact` goes by: their preferred one if it
    can be used, else their other one, else None."""
    order = [contact.preferred_channel] + [c for c in Channel if c is not contact.preferred_channel]
    for channel in order:
        if address_of(contact, channel) is None or not is_verified(contact, channel):
            continue
        if channel is Channel.SMS and is_opted_out(session, contact.mobile_e164 or ""):
            continue
        return channel
    return None


def may_message(session: Session, contact: Contact, now: datetime) -> NotSent | None:
    """Why the service may not write to `contact` about their young person, or None."""
    if not portal_access(session, contact, now.astimezone(LONDON).date()).allowed:
        return NotSent.NO_PORTAL_ACCESS
    decision = current_decision(session, contact.young_person_id, CONTACT_BY_MESSAGE)
    if decision is not None and decision.choice is ConsentChoice.NO:
        return NotSent.DOES_NOT_WANT_MESSAGES
    return None


def queue_for_contact(
    session: Session,
    contact: Contact,
    purpose: Purpose,
    now: datetime,
    settings: FamilyMessageSettings,
    *,
    translator: Translator,
    values: Mapping[str, Any] | None = None,
    path: str = "/",
    meeting_id: int | None = None,
    dedupe_key: str | None = None,
    by_hand: bool = False,
) -> Queued:
    """Queue `purpose`'s message to `contact`, if the rules above allow.
    `values` fill the template, besides the service name, the team's phone
    and the link to `path`. Does not commit."""
    refused = may_message(session, contact, now)
    if refused is not None:
        return Queued(not_sent=refused)
    channel = usable_channel(session, contact)
    if channel is None:
        return Queued(not_sent=NotSent.NO_USABLE_ADDRESS)
    if dedupe_key is not None and is_queued(session, dedupe_key):
        return Queued(not_sent=NotSent.ALREADY_QUEUED)
    automatic = purpose in AUTOMATIC and not by_hand
    words = render(
        purpose,
        translator,
        email=channel is Channel.EMAIL,
        service_name=settings.service_name,
        phone=settings.team_phone,
        url=settings.url(path),
        **(values or {}),
    )
    send_after = settings.quiet_hours.release_time(now) if automatic else now
    return _queue_once(
        session,
        lambda: (
            queue_sms(session, contact=contact, body=words.body, send_after=send_after)
            if channel is Channel.SMS
            else queue_email(
                session,
                contact=contact,
                subject=words.subject,
                body=words.body,
                send_after=send_after,
            )
        ),
        purpose=purpose,
        meeting_id=meeting_id,
        dedupe_key=dedupe_key,
        automatic=automatic,
    )


def is_queued(session: Session, dedupe_key: str) -> bool:
    """Whether a message with this once-only key was queued already."""
    return session.scalar(select(Message.id).where(Message.dedupe_key == dedupe_key)) is not None


def _queue_once(
    session: Session,
    make: Callable[[], Message],
    *,
    purpose: Purpose,
    meeting_id: int | None,
    dedupe_key: str | None,
    automatic: bool,
) -> Queued:
    """Add the message in a savepoint, so that losing a race for its
    `dedupe_key` (the unique constraint) undoes only this message."""
    try:
        with session.begin_nested():
            message = make()
            message.purpose = purpose.value
            message.meeting_id = meeting_id
            message.dedupe_key = dedupe_key
            message.automatic = automatic
            session.flush()
    except IntegrityError:
        if dedupe_key is None:
            raise
        return Queued(not_sent=NotSent.ALREADY_QUEUED)
    return Queued(message=message)

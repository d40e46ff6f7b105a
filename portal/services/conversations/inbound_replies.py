"""The service's answer to a text message, kept with the conversation.

Every answer is an outbound `Message` with its purpose, on the record of
the contact it was placed on (or on none, for a number on no contact), so
the record shows the whole conversation. An answer the webhook gives as
TwiML is stored "sent"; one made later, when the worker handled the
message again, is queued for the worker to send. Its once-only key is the
inbound message's, so a repeated delivery is answered with the same words
and no second answer is stored (`reply_sent_for`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Channel, Contact, Direction, Meeting, Message, MessageStatus
from portal.services.access.link_messages import TranslatorFor
from portal.services.access.links import LinkSettings
from portal.services.messaging.templates import Purpose, choose_options, render
from portal.services.messaging.to_families import FamilyMessageSettings
from portal.services.records.urgent_alerts import UrgentSettings
from portal.timezones import LONDON


@dataclass(frozen=True)
class InboundSettings:
    """What handling a text message needs from the app's settings."""

    messages: FamilyMessageSettings
    alerts: UrgentSettings
    links: LinkSettings
    translator_for: TranslatorFor
    # The numbers the service receives texts on; empty: any (a Messaging
    # Service with a pool of numbers). A text to another number is answered
    # as from an unknown number.
    our_numbers: frozenset[str] = frozenset()

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], translator_for: TranslatorFor
    ) -> InboundSettings:
        number = config.get("TWILIO_FROM_NUMBER")
        return cls(
            messages=FamilyMessageSettings.from_config(config),
            alerts=UrgentSettings.from_config(config),
            links=LinkSettings.from_config(config),
            translator_for=translator_for,
            our_numbers=frozenset({number}) if number else frozenset(),
        )

    def day_of(self, meeting: Meeting, contact: Contact) -> str:
        """The meeting's day in the contact's language, such as "Tuesday 8 July"."""
        local = meeting.starts_at.astimezone(LONDON).date()
        try:
            return format_date(local, "EEEE d MMMM", locale=contact.preferred_language or "en")
        except (ValueError, LookupError):
            return format_date(local, "EEEE d MMMM", locale="en_GB")


@dataclass(frozen=True)
class Answer:
    """What to say back: a purpose, the contact whose language it is in."""

    purpose: Purpose
    contact: Contact | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    # CHOOSE_YOUNG_PERSON: the first names offered, in order.
    names: list[str] = field(default_factory=list)


def reply_key(inbound_message_id: int) -> str:
    return f"sms-reply:{inbound_message_id}"


def store_reply(
    session: Session,
    inbound: Message,
    answer: Answer,
    now: datetime,
    settings: InboundSettings,
    *,
    answered_now: bool,
) -> Message:
    """Store the answer to `inbound`: sent (as TwiML) when `answered_now`,
    else queued. Does not commit."""
    contact = answer.contact
    translator = settings.translator_for(contact.preferred_language if contact else "en")
    values: dict[str, Any] = {
        "service_name": settings.messages.service_name,
        "phone": settings.messages.team_phone,
        **answer.values,
    }
    if answer.purpose is Purpose.CHOOSE_YOUNG_PERSON:
        values["options"] = choose_options(translator, answer.names)
    body = render(answer.purpose, translator, **values).body
    placed = contact is not None and inbound.contact_id == contact.id
    reply = Message(
        direction=Direction.OUTBOUND,
        channel=Channel.SMS,
        contact_id=contact.id if placed and contact else None,
        young_person_id=inbound.young_person_id if placed else None,
        to_address=inbound.from_address or "",
        from_address=inbound.to_address,
        body=body,
        status=MessageStatus.SENT if answered_now else MessageStatus.QUEUED,
        attempts=0,
        send_after=now,
        created_at=now,
        sent_at=now if answered_now else None,
        purpose=answer.purpose.value,
        automatic=False,
        dedupe_key=reply_key(inbound.id),
    )
    session.add(reply)
    session.flush()
    return reply


def reply_sent_for(session: Session, inbound_message_id: int) -> Message | None:
    """The answer given as TwiML to this message, if one was: a repeated
    delivery gets the same words again (Twilio sends only the one it gets)."""
    return session.scalar(
        select(Message).where(
            Message.dedupe_key == reply_key(inbound_message_id),
            Message.status.in_((MessageStatus.SENT, MessageStatus.DELIVERED)),
        )
    )

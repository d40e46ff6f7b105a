"""Text messages and emails to a family about one of their meetings:
reminders (`portal.services.meetings.reminders`) and the notices that a
meeting moved or will not happen (`portal.services.meetings.notices`).

Each goes to every contact of the young person, by the rules every message
to a family follows (`portal.services.messaging.to_families`): only a
contact who may see the portal, who has not said no to messages, by a
checked address. The words say the day and time in easy words in the
contact's own language, never what kind of meeting it is.

A text that asks "Reply YES or NO" opens a MEETING_REPLY conversation, so
the reply is filed against this meeting and this contact; it expires when
the meeting starts.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from easyread.dates import easy_date, easy_time, to_london
from portal.models import Channel, Contact, ConversationKind, Meeting
from portal.services.access.link_messages import TranslatorFor
from portal.services.conversations.questions import open_conversation
from portal.services.messaging.opt_outs import is_opted_out
from portal.services.messaging.templates import ASKS_FOR_A_REPLY, Purpose
from portal.services.messaging.to_families import (
    FamilyMessageSettings,
    NotSent,
    queue_for_contact,
)
from portal.services.wording import PlainTranslator

DEFAULT_REMINDER_DAYS = (7, 1)


class Unreachable(enum.StrEnum):
    """Why a contact was sent nothing (staff words: portal.staff.meeting_reminders)."""

    NO_PORTAL_ACCESS = "no_portal_access"
    DOES_NOT_WANT_MESSAGES = "does_not_want_messages"
    NO_CHECKED_ADDRESS = "no_checked_address"
    OPTED_OUT = "opted_out"
    ALREADY_SENT = "already_sent"
    SAID_CANNOT_COME = "said_cannot_come"


@dataclass(frozen=True)
class MeetingMessageSettings:
    messages: FamilyMessageSettings
    # Reminders go this many days before a meeting, e.g. (7, 1).
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    # Makes the Translator for a contact's language.
    translator_for: TranslatorFor = PlainTranslator

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], translator_for: TranslatorFor
    ) -> MeetingMessageSettings:
        days = sorted({int(d) for d in config.get("MEETING_REMINDER_DAYS", ())}, reverse=True)
        return cls(
            messages=FamilyMessageSettings.from_config(config),
            reminder_days=tuple(d for d in days if d > 0),
            translator_for=translator_for,
        )


@dataclass(frozen=True)
class ContactOutcome:
    """What happened for one contact: sent by `channel`, or `unreachable`."""

    contact_id: int
    contact_name: str
    channel: Channel | None = None
    unreachable: Unreachable | None = None
    message_id: int | None = None

    @property
    def sent(self) -> bool:
        return self.channel is not None


def meeting_contacts(session: Session, meeting: Meeting) -> Sequence[Contact]:
    """Everyone set up for the young person's portal; the sending rules then
    decide who may be written to (the same people who see the meeting's page)."""
    return session.scalars(
        select(Contact)
        .where(Contact.young_person_id == meeting.young_person_id, Contact.removed_at.is_(None))
        .order_by(Contact.id)
    ).all()


def meeting_path(meeting: Meeting) -> str:
    return f"/my-meetings/{meeting.id}"


def when_words(meeting: Meeting, language: str, now: datetime) -> dict[str, str]:
    """The day and the start time in easy words: "Tuesday 4 March", "10 in the morning"."""
    today = to_london(now).date()
    return {
        "day": easy_date(meeting.starts_at, language, today=today),
        "time": easy_time(meeting.starts_at, language),
    }


def send_about_meeting(
    session: Session,
    meeting: Meeting,
    contact: Contact,
    purpose: Purpose,
    now: datetime,
    settings: MeetingMessageSettings,
    *,
    dedupe_key: str,
    by_hand: bool = False,
) -> ContactOutcome:
    """Queue `purpose`'s message about `meeting` to `contact`, once for
    `dedupe_key`; opens the conversation a reply by text answers."""
    translator = settings.translator_for(contact.preferred_language)
    queued = queue_for_contact(
        session,
        contact,
        purpose,
        now,
        settings.messages,
        translator=translator,
        values=when_words(meeting, translator.language, now),
        path=meeting_path(meeting),
        meeting_id=meeting.id,
        dedupe_key=dedupe_key,
        by_hand=by_hand,
    )
    message = queued.message
    if message is None:
        return ContactOutcome(
            contact.id, contact.name, unreachable=_why(session, contact, queued.not_sent)
        )
    if message.channel is Channel.SMS and purpose in ASKS_FOR_A_REPLY:
        open_conversation(
            session,
            phone_e164=message.to_address,
            kind=ConversationKind.MEETING_REPLY,
            now=now,
            expires_at=meeting.starts_at,
            contact_id=contact.id,
            young_person_id=meeting.young_person_id,
            meeting_id=meeting.id,
            message_id=message.id,
        )
    return ContactOutcome(contact.id, contact.name, channel=message.channel, message_id=message.id)


def _why(session: Session, contact: Contact, not_sent: NotSent | None) -> Unreachable:
    if not_sent is NotSent.NO_PORTAL_ACCESS:
        return Unreachable.NO_PORTAL_ACCESS
    if not_sent is NotSent.DOES_NOT_WANT_MESSAGES:
        return Unreachable.DOES_NOT_WANT_MESSAGES
    if not_sent is NotSent.ALREADY_QUEUED:
        return Unreachable.ALREADY_SENT
    if contact.mobile_e164 and is_opted_out(session, contact.mobile_e164):
        return Unreachable.OPTED_OUT
    return Unreachable.NO_CHECKED_ADDRESS

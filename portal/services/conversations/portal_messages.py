"""The family's Messages page: writing to the keyworker team, and the one
thread they read there, newest first: what they wrote, the team's replies,
and the text messages and emails the service sent them.

- Writing files a `FamilyMessage` through `file_family_message` (risk triage,
  a "From the family" notice, urgent when flagged). The form carries a
  one-time token, unique per contact in the database, so the same form sent
  twice (a double tap, two requests at the same moment, a browser retry)
  files one message; the second sending gets the first one's outcome.
- The thread shows only what is the signed-in contact's own: their messages,
  replies to them, and messages the service sent to them. A message the
  service sent is shown by what it was for ("A reminder about a meeting"),
  never by its words: a sign-in link must never show on a page.
- When staff reply, `tell_family_of_reply` queues "you have a new message"
  by the contact's preferred channel (`to_families.queue_for_contact`,
  by hand, so not held in quiet hours); the text holds no content, only a
  link to /messages. Once per reply.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Direction,
    FamilyMessage,
    FamilyMessageChannel,
    FamilyReply,
    Message,
    MessageStatus,
)
from portal.services.conversations.family_messages import MAX_LENGTH, file_family_message
from portal.services.feedback.triage import triage_feedback
from portal.services.messaging.templates import Purpose
from portal.services.messaging.to_families import (
    FamilyMessageSettings,
    Queued,
    queue_for_contact,
)
from portal.services.records.family_replies import messages_for
from portal.services.records.urgent_alerts import UrgentSettings
from portal.services.wording import Translator

FORM_TOKEN_MAX_LENGTH = 64
# How many of each kind the page shows: the newest.
THREAD_LIMIT = 50
# Messages that reached the provider: what the family may have received.
WENT = (MessageStatus.SENT, MessageStatus.DELIVERED)


class MessageTooLong(ValueError):
    """Longer than MAX_LENGTH (the form says so kindly first)."""


@dataclass(frozen=True)
class SentWebMessage:
    family_message_id: int
    # The words may say the person is at risk: show where to get help now.
    flagged: bool
    # The form had been sent before: nothing new was filed.
    repeat: bool = False


def send_web_message(
    session: Session,
    contact: Contact,
    text: str,
    now: datetime,
    alerts: UrgentSettings,
    *,
    form_token: str | None,
    ip_address: str | None = None,
) -> SentWebMessage:
    """File what `contact` wrote on the Messages page, once per form token.
    Raises EmptyMessage or MessageTooLong, having filed nothing. Does not commit."""
    if len(text.strip()) > MAX_LENGTH:
        raise MessageTooLong
    token = form_token if form_token and len(form_token) <= FORM_TOKEN_MAX_LENGTH else None
    if token is not None:
        earlier = _sent_with(session, contact, token)
        if earlier is not None:
            return earlier
    try:
        # A savepoint: losing the race for the token undoes only this message
        # (and its notice, alerts and audit event).
        with session.begin_nested():
            filed = file_family_message(
                session,
                contact,
                text,
                FamilyMessageChannel.WEB,
                now,
                alerts,
                ip_address=ip_address,
                form_token=token,
            )
    except IntegrityError:
        earlier = _sent_with(session, contact, token) if token else None
        if earlier is None:
            raise
        return earlier
    return SentWebMessage(family_message_id=filed.message.id, flagged=filed.triage.flagged)


def _sent_with(session: Session, contact: Contact, token: str) -> SentWebMessage | None:
    found = session.scalar(
        select(FamilyMessage).where(
            FamilyMessage.contact_id == contact.id, FamilyMessage.form_token == token
        )
    )
    if found is None:
        return None
    return SentWebMessage(
        family_message_id=found.id, flagged=triage_feedback(found.text).flagged, repeat=True
    )


class ThreadKind(enum.StrEnum):
    # What the family member wrote (on the page or by text message).
    WROTE = "wrote"
    # A reply from the team.
    REPLY = "reply"
    # A text message or email the service sent them.
    SENT = "sent"


@dataclass(frozen=True)
class ThreadLine:
    kind: ThreadKind
    at: datetime
    # WROTE and REPLY: the words. SENT: None (never the words of a message).
    text: str | None = None
    # WROTE: "web" or "sms". SENT: "sms" or "email".
    channel: str | None = None
    # REPLY: who wrote it, what it answers, whether it is new.
    keyworker_name: str | None = None
    answers_kind: str | None = None
    meeting_starts_at: datetime | None = None
    is_new: bool = False
    reply_id: int | None = None
    # SENT: what it was for, a templates.Purpose value (None: not known).
    purpose: str | None = None


def family_thread(session: Session, contact: Contact) -> list[ThreadLine]:
    """The contact's thread, newest first. Three queries, whatever the data."""
    lines = [
        ThreadLine(kind=ThreadKind.WROTE, at=m.written_at, text=m.text, channel=m.channel.value)
        for m in session.scalars(
            select(FamilyMessage)
            .where(
                FamilyMessage.contact_id == contact.id,
                FamilyMessage.young_person_id == contact.young_person_id,
            )
            .order_by(FamilyMessage.written_at.desc(), FamilyMessage.id.desc())
            .limit(THREAD_LIMIT)
        )
    ]
    lines += [
        ThreadLine(
            kind=ThreadKind.REPLY,
            at=m.reply.written_at,
            text=m.reply.text,
            keyworker_name=m.keyworker_name,
            answers_kind=m.kind.value,
            meeting_starts_at=m.meeting_starts_at,
            is_new=m.is_new,
            reply_id=m.reply.id,
        )
        for m in messages_for(session, contact)[:THREAD_LIMIT]
    ]
    lines += [
        ThreadLine(
            kind=ThreadKind.SENT,
            at=sent_at or created_at,
            channel=channel.value,
            purpose=purpose,
        )
        for purpose, channel, sent_at, created_at in session.execute(
            select(Message.purpose, Message.channel, Message.sent_at, Message.created_at)
            .where(
                Message.contact_id == contact.id,
                Message.direction == Direction.OUTBOUND,
                Message.status.in_(WENT),
            )
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(THREAD_LIMIT)
        )
    ]
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines


def new_reply_ids(lines: Sequence[ThreadLine]) -> list[int]:
    return [line.reply_id for line in lines if line.is_new and line.reply_id is not None]


def tell_family_of_reply(
    session: Session,
    reply: FamilyReply,
    now: datetime,
    settings: FamilyMessageSettings,
    translator: Translator,
) -> Queued:
    """Queue "you have a new message" to the contact the reply is for, by
    their preferred channel, if the rules allow; once per reply. The text
    says nothing of what the reply says. Does not commit."""
    contact = session.get(Contact, reply.contact_id)
    if contact is None:
        raise ValueError("the reply has no contact")
    return queue_for_contact(
        session,
        contact,
        Purpose.NEW_MESSAGE,
        now,
        settings,
        translator=translator,
        path="/messages",
        dedupe_key=f"new_message:reply:{reply.id}",
        by_hand=True,
    )

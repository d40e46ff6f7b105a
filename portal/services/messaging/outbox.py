"""The outbox: text messages and emails are written to the `messages` table in
the same transaction as the action that causes them, and the worker
(`portal.services.messaging.worker`) sends what is due.

Sending is at most once (`portal.services.messaging.sending`): a message
whose worker died while sending it, or whose provider's answer was lost,
stays "sending". `stuck_messages` lists such rows for a person to check, and
`requeue_message` or `give_up_message` settles them, in the caller's
transaction.

What goes in a message is the caller's responsibility, and it must never hold
clinical details, a diagnosis or the purpose of a meeting: only "you have a
message" or "you have a meeting on ..." and a link to the portal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Channel,
    Contact,
    Direction,
    Message,
    MessageStatus,
    StaffUser,
    utc_now,
)
from portal.services.records.audit import record_event

# A claim older than this has not been settled by its worker: it crashed, or
# lost the provider's answer.
STUCK_AFTER = timedelta(minutes=10)
SUBJECT_MAX_LENGTH = 200


class MessageNotQueued(ValueError):
    """The message cannot be written to the outbox as asked."""


def queue_sms(
    session: Session,
    *,
    contact: Contact,
    body: str,
    young_person_id: int | None = None,
    send_after: datetime | None = None,
) -> Message:
    """Add a text message to `contact` to the caller's transaction. It is sent
    only if that transaction commits. Does not commit."""
    if not contact.mobile_e164:
        raise MessageNotQueued("the contact has no mobile number")
    return _queue(
        session,
        channel=Channel.SMS,
        contact_id=contact.id,
        to_address=contact.mobile_e164,
        subject=None,
        body=body,
        young_person_id=young_person_id or contact.young_person_id,
        send_after=send_after,
    )


def queue_email(
    session: Session,
    *,
    contact: Contact,
    subject: str,
    body: str,
    young_person_id: int | None = None,
    send_after: datetime | None = None,
) -> Message:
    """Add an email to `contact` to the caller's transaction. It is sent only
    if that transaction commits. Does not commit."""
    if not contact.email:
        raise MessageNotQueued("the contact has no email address")
    return _queue(
        session,
        channel=Channel.EMAIL,
        contact_id=contact.id,
        to_address=contact.email,
        subject=_checked_subject(subject),
        body=body,
        young_person_id=young_person_id or contact.young_person_id,
        send_after=send_after,
    )


def queue_staff_email(
    session: Session,
    *,
    staff_user: StaffUser,
    subject: str,
    body: str,
    young_person_id: int | None,
) -> Message:
    """Add an email to a member of staff (at their work address) to the
    caller's transaction, about `young_person_id` if given. Does not commit."""
    return _queue(
        session,
        channel=Channel.EMAIL,
        contact_id=None,
        to_address=staff_user.email,
        subject=_checked_subject(subject),
        body=body,
        young_person_id=young_person_id,
        send_after=None,
    )


def _checked_subject(subject: str) -> str:
    subject = subject.strip()
    if not subject:
        raise MessageNotQueued("an email needs a subject")
    if len(subject) > SUBJECT_MAX_LENGTH or "\n" in subject or "\r" in subject:
        raise MessageNotQueued("the subject must be one line of 200 characters or fewer")
    return subject


def _queue(
    session: Session,
    *,
    channel: Channel,
    contact_id: int | None,
    to_address: str,
    subject: str | None,
    body: str,
    young_person_id: int | None,
    send_after: datetime | None,
) -> Message:
    if not body.strip():
        raise MessageNotQueued("the message is empty")
    now = utc_now()
    message = Message(
        direction=Direction.OUTBOUND,
        channel=channel,
        young_person_id=young_person_id,
        contact_id=contact_id,
        to_address=to_address,
        subject=subject,
        body=body,
        status=MessageStatus.QUEUED,
        attempts=0,
        send_after=send_after or now,
        created_at=now,
    )
    session.add(message)
    return message


def stuck_messages(session: Session, now: datetime) -> Sequence[Message]:
    """Messages claimed more than STUCK_AFTER ago and never settled. Each may
    or may not have been sent: check with the provider, then requeue or give up."""
    return session.scalars(
        select(Message)
        .where(Message.status == MessageStatus.SENDING, Message.claimed_at < now - STUCK_AFTER)
        .order_by(Message.claimed_at, Message.id)
    ).all()


def requeue_message(session: Session, message_id: int, now: datetime) -> Message:
    """Send a stuck or failed message again, after a person has checked it was
    not sent. Its attempts start again."""
    message = session.get(Message, message_id)
    if message is None or message.direction is not Direction.OUTBOUND:
        raise MessageNotQueued("there is no outgoing message with that id")
    if message.status not in (MessageStatus.SENDING, MessageStatus.FAILED):
        raise MessageNotQueued("only a message that is stuck or failed can be sent again")
    message.status = MessageStatus.QUEUED
    message.attempts = 0
    message.send_after = now
    message.claimed_at = None
    record_event(
        session, "message.requeued", young_person_id=message.young_person_id, message_id=message.id
    )
    return message


def give_up_message(session: Session, message_id: int) -> Message:
    """Mark a stuck message failed, so it is no longer reported."""
    message = session.get(Message, message_id)
    if message is None or message.status is not MessageStatus.SENDING:
        raise MessageNotQueued("only a message that is stuck can be given up")
    message.status = MessageStatus.FAILED
    message.last_error = "Marked failed by an operator"
    record_event(
        session, "message.given_up", young_person_id=message.young_person_id, message_id=message.id
    )
    return message


def latest_messages(session: Session, *, limit: int = 100) -> Sequence[Message]:
    """The most recent messages, newest first (the outbox page and command)."""
    return session.scalars(
        select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    ).all()


def message_record(message: Message, *, stuck: bool, with_body: bool) -> dict[str, Any]:
    """One message as plain data, for `flask outbox --json`. The subject and
    body (which hold sign-in links) only `with_body`. Times are UTC, ISO 8601."""

    def moment(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    record: dict[str, Any] = {
        "id": message.id,
        "direction": message.direction.value,
        "channel": message.channel.value,
        "status": message.status.value,
        "stuck": stuck,
        "to": message.to_address,
        "from": message.from_address,
        "young_person_id": message.young_person_id,
        "contact_id": message.contact_id,
        "purpose": message.purpose,
        "meeting_id": message.meeting_id,
        "automatic": message.automatic,
        "attempts": message.attempts,
        "error_code": message.error_code,
        "last_error": message.last_error,
        "provider_id": message.provider_id,
        "created_at": moment(message.created_at),
        "send_after": moment(message.send_after),
        "claimed_at": moment(message.claimed_at),
        "sent_at": moment(message.sent_at),
    }
    if with_body:
        record |= {"subject": message.subject, "body": message.body}
    return record

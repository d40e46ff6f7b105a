"""The outbox: text messages and emails are written to the `messages` table in
the same transaction as the action that causes them, and the worker sends
what is due.

Sending is at most once. A worker claims a row (status "sending", one more
attempt) and commits that claim *before* it calls the provider. If the worker
dies between the call and recording the answer, the row stays "sending": it
is never sent again by itself, because it may already have reached the
family. `stuck_messages` lists such rows for a person to check, and
`requeue_message` or `give_up_message` settles them.

What goes in a message is the caller's responsibility, and it must never hold
clinical details, a diagnosis or the purpose of a meeting: only "you have a
message" or "you have a meeting on ..." and a link to the portal.

Logs name messages by id only: bodies hold sign-in links, and addresses are
personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.clients.email import EmailClient
from portal.clients.errors import MessageSendError
from portal.clients.sent import SentMessage
from portal.clients.sms import SmsClient, twilio_status_to_message_status
from portal.models import Channel, Contact, Direction, Message, MessageStatus, utc_now
from portal.services.records.audit import record_event

__all__ = [
    "BACKOFF",
    "STUCK_AFTER",
    "MessageNotQueued",
    "SendSummary",
    "give_up_message",
    "latest_messages",
    "queue_email",
    "queue_sms",
    "requeue_message",
    "send_due_messages",
    "stuck_messages",
    "twilio_status_to_message_status",
]

logger = logging.getLogger("portal.messaging")

# How long to wait before the next try, after the 1st, 2nd, 3rd... failure.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
    timedelta(hours=4),
)
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
        contact=contact,
        to_address=contact.mobile_e164,
        subject=None,
        body=body,
        young_person_id=young_person_id,
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
    subject = subject.strip()
    if not subject:
        raise MessageNotQueued("an email needs a subject")
    if len(subject) > SUBJECT_MAX_LENGTH or "\n" in subject or "\r" in subject:
        raise MessageNotQueued("the subject must be one line of 200 characters or fewer")
    return _queue(
        session,
        channel=Channel.EMAIL,
        contact=contact,
        to_address=contact.email,
        subject=subject,
        body=body,
        young_person_id=young_person_id,
        send_after=send_after,
    )


def _queue(
    session: Session,
    *,
    channel: Channel,
    contact: Contact,
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
        young_person_id=young_person_id or contact.young_person_id,
        contact_id=contact.id,
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


@dataclass(frozen=True)
class SendSummary:
    sent: int = 0
    # Failed this time, queued again for later.
    retried: int = 0
    # Failed for good.
    failed: int = 0
    # The provider may or may not have it: left "sending" for a person to check.
    to_check: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.to_check

    def describe(self) -> str:
        return (
            f"Sent {self.sent}, to retry {self.retried}, failed {self.failed}, "
            f"to check {self.to_check}."
        )


def send_due_messages(
    session: Session,
    sms: SmsClient,
    email: EmailClient,
    now: datetime,
    *,
    limit: int = 50,
    max_attempts: int = 5,
    status_callback_url: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> SendSummary:
    """Send up to `limit` queued messages whose time has come, one at a time,
    oldest first. Each is claimed and committed before the provider is
    called, and its outcome committed after. Safe to run in several workers
    at once: no two claim the same message. It commits and rolls back as it
    goes, so give it a session of its own with nothing pending."""
    counts = {"sent": 0, "retried": 0, "failed": 0, "to_check": 0}
    for _ in range(limit):
        if should_stop():
            break
        message = claim_next_message(session, now, max_attempts=max_attempts)
        if message is None:
            break
        outcome = _send_claimed(
            session, message, sms, email, now, max_attempts, status_callback_url
        )
        counts[outcome] += 1
    return SendSummary(**counts)


def claim_next_message(session: Session, now: datetime, *, max_attempts: int) -> Message | None:
    """Claim the next due message for this worker and commit the claim.
    Returns None when nothing is due."""
    # A few rounds: another worker may take the row between our two statements.
    for _ in range(5):
        message_id = next_due_message_id(session, now, max_attempts=max_attempts)
        if message_id is None:
            session.rollback()
            return None
        if mark_claimed(session, message_id):
            session.commit()
            return session.get(Message, message_id, populate_existing=True)
        session.rollback()
    return None


def next_due_message_id(session: Session, now: datetime, *, max_attempts: int) -> int | None:
    """The id of the oldest due message. On PostgreSQL the row is locked until
    the transaction ends, and rows other workers have locked are skipped."""
    query = (
        select(Message.id)
        .where(
            Message.direction == Direction.OUTBOUND,
            Message.status == MessageStatus.QUEUED,
            Message.send_after <= now,
            Message.attempts < max_attempts,
        )
        .order_by(Message.send_after, Message.id)
        .limit(1)
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalar(query)


def mark_claimed(session: Session, message_id: int) -> bool:
    """Move the message from queued to sending, counting an attempt. Only one
    worker can succeed: the update matches nothing once another has claimed
    it. (SQLite has no row locks; this is its only guard, and PostgreSQL's
    second one.)"""
    result = session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.QUEUED)
        .values(
            status=MessageStatus.SENDING,
            attempts=Message.attempts + 1,
            claimed_at=utc_now(),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


def _send_claimed(
    session: Session,
    message: Message,
    sms: SmsClient,
    email: EmailClient,
    now: datetime,
    max_attempts: int,
    status_callback_url: str | None,
) -> str:
    try:
        sent = _hand_to_provider(message, sms, email, status_callback_url)
    except MessageSendError as error:
        return _record_failure(session, message, error, now, max_attempts)
    except Exception:
        # A fault of our own or the library's: whether the provider got the
        # message is unknown, so it is not sent again by itself.
        logger.exception("Message %s: unexpected error while sending", message.id)
        message.last_error = "Unexpected error while sending; it may have been sent"
        session.commit()
        return "to_check"
    message.status = sent.status
    message.provider_id = sent.provider_id
    message.sent_at = utc_now()
    message.last_error = None
    session.commit()
    logger.info("Message %s handed to the provider as %s", message.id, sent.provider_id)
    return "sent"


def _hand_to_provider(
    message: Message, sms: SmsClient, email: EmailClient, status_callback_url: str | None
) -> SentMessage:
    if message.channel is Channel.SMS:
        return sms.send(message.to_address, message.body, status_callback_url=status_callback_url)
    return email.send(message.to_address, message.subject or "", message.body)


def _record_failure(
    session: Session, message: Message, error: MessageSendError, now: datetime, max_attempts: int
) -> str:
    message.last_error = str(error)
    if error.outcome_unknown:
        outcome = "to_check"  # stays "sending" until a person settles it
    elif error.retryable and message.attempts < max_attempts:
        message.status = MessageStatus.QUEUED
        message.send_after = now + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        outcome = "retried"
    else:
        message.status = MessageStatus.FAILED
        outcome = "failed"
    session.commit()
    logger.warning(
        "Message %s not sent (attempt %s, code %s): %s",
        message.id,
        message.attempts,
        error.code,
        outcome,
    )
    return outcome


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
    not sent. Its attempts start again. Commits."""
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
    session.commit()
    return message


def give_up_message(session: Session, message_id: int) -> Message:
    """Mark a stuck message failed, so it is no longer reported. Commits."""
    message = session.get(Message, message_id)
    if message is None or message.status is not MessageStatus.SENDING:
        raise MessageNotQueued("only a message that is stuck can be given up")
    message.status = MessageStatus.FAILED
    message.last_error = "Marked failed by an operator"
    record_event(
        session, "message.given_up", young_person_id=message.young_person_id, message_id=message.id
    )
    session.commit()
    return message


def latest_messages(session: Session, *, limit: int = 100) -> Sequence[Message]:
    """The most recent messages, newest first (the outbox page and command)."""
    return session.scalars(
        select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    ).all()

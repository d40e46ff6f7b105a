"""One pass of the worker: send the outbox's due messages, one at a time.

Sending is at most once. Each message takes two units of work from the edge
(`units`, see `portal.services.messaging.worker`):

1. the claim (status "sending", one more attempt), committed *before* the
   provider is called;
2. then, with no transaction open while the provider answers, the outcome.

If the worker dies between the two, or the provider's answer is lost, the row
stays "sending": it is never sent again by itself, because it may already
have reached the family. `portal.services.messaging.outbox.stuck_messages`
lists such rows for a person to check.

The claim's unit of work also checks the message may still go
(`reason_not_to_send`): a text to a number that has opted out since it was
queued, or a message to a contact whose portal access was switched off or
who was removed from the record, is cancelled there, before the provider is
called. When Twilio refuses a text because the number opted out (21610), the
number is recorded as opted out in the same unit of work as the failure.

With SQLite, run one worker: it has no row locks, and two workers would
wait on each other's writes. With PostgreSQL any number may run.

Logs name messages by id only: bodies hold sign-in links, and addresses are
personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.clients.email import EmailClient
from portal.clients.errors import MessageSendError
from portal.clients.sent import SentMessage
from portal.clients.sms import TWILIO_OPTED_OUT, SmsClient
from portal.models import (
    Channel,
    Contact,
    Direction,
    Message,
    MessageStatus,
    OptOutSource,
    utc_now,
)
from portal.services.messaging.opt_outs import is_opted_out, set_opted_out
from portal.services.messaging.templates import Purpose
from portal.services.records.audit import record_event

logger = logging.getLogger("portal.messaging")

# A unit of work from the edge: a session whose changes are committed when
# the block ends, and rolled back if it raises.
Units = Callable[[], AbstractContextManager[Session]]

Outcome = Literal["sent", "retried", "failed", "to_check", "cancelled"]

# How long to wait before the next try, after the 1st, 2nd, 3rd... failure.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
    timedelta(hours=4),
)
UNEXPECTED_ERROR = "Unexpected error while sending; it may have been sent"

# Why a queued message was not sent after all, in staff words (last_error).
NOT_SENT_OPTED_OUT = "Not sent: this mobile number has opted out of text messages"
NOT_SENT_REMOVED = "Not sent: the contact was removed from the record"
NOT_SENT_ACCESS_OFF = "Not sent: the contact's portal access was switched off"


@dataclass(frozen=True)
class SendSummary:
    sent: int = 0
    # Failed this time, queued again for later.
    retried: int = 0
    # Failed for good.
    failed: int = 0
    # The provider may or may not have it: left "sending" for a person to check.
    to_check: int = 0
    # No longer to be sent (opted out, access off): never given to the provider.
    cancelled: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.to_check + self.cancelled

    def describe(self) -> str:
        text = (
            f"Sent {self.sent}, to retry {self.retried}, failed {self.failed}, "
            f"to check {self.to_check}."
        )
        return text + (f" Cancelled {self.cancelled}." if self.cancelled else "")


@dataclass(frozen=True)
class ClaimedMessage:
    """What the provider needs, copied out of the claim's unit of work, so
    nothing is held open while the provider is called."""

    id: int
    channel: Channel
    to_address: str
    subject: str | None
    body: str

    @classmethod
    def of(cls, message: Message) -> ClaimedMessage:
        return cls(message.id, message.channel, message.to_address, message.subject, message.body)


def send_due_messages(
    units: Units,
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
    oldest first, until none is due or `should_stop()`. Each claim is
    committed (its own unit of work) before the provider is called, and each
    outcome after. Safe to run in several workers at once: no two claim the
    same message."""
    counts = {"sent": 0, "retried": 0, "failed": 0, "to_check": 0, "cancelled": 0}
    for _ in range(limit):
        if should_stop():
            break
        with units() as session:
            claimed = _claim_or_cancel(session, now, max_attempts)
        if claimed is None:
            break
        if claimed == "cancelled":
            counts["cancelled"] += 1
            continue
        outcome = _send_claimed(units, claimed, sms, email, now, max_attempts, status_callback_url)
        counts[outcome] += 1
    return SendSummary(**counts)


def _claim_or_cancel(
    session: Session, now: datetime, max_attempts: int
) -> ClaimedMessage | Literal["cancelled"] | None:
    """Claim the next due message, or cancel it if it may no longer go."""
    message = claim_next_message(session, now, max_attempts=max_attempts)
    if message is None:
        return None
    reason = reason_not_to_send(session, message)
    if reason is None:
        return ClaimedMessage.of(message)
    message.status = MessageStatus.CANCELLED
    message.attempts -= 1  # never handed to the provider
    message.last_error = reason
    record_event(
        session,
        "message.cancelled",
        young_person_id=message.young_person_id,
        message_id=message.id,
        reason=reason,
    )
    logger.info("Message %s cancelled before sending", message.id)
    return "cancelled"


def reason_not_to_send(session: Session, message: Message) -> str | None:
    """Why `message`, queued earlier, must not be sent now, in staff words; or
    None. A text to a number that has opted out since (except the message
    that confirms the opt-out), or a message to a contact who was removed or
    whose portal access was switched off (sign-in links too: a link asked
    for before that would sign them in). Messages to staff have no contact."""
    if (
        message.channel is Channel.SMS
        and message.purpose != Purpose.OPTED_OUT.value
        and is_opted_out(session, message.to_address)
    ):
        return NOT_SENT_OPTED_OUT
    if message.contact_id is None:
        return None
    contact = session.get(Contact, message.contact_id)
    if contact is None or contact.removed_at is not None:
        return NOT_SENT_REMOVED
    if not contact.portal_access_enabled:
        return NOT_SENT_ACCESS_OFF
    return None


def claim_next_message(session: Session, now: datetime, *, max_attempts: int) -> Message | None:
    """Claim the next due message for this worker, in the caller's unit of
    work; it must be committed before the message is sent. Returns None when
    nothing is due."""
    # A few rounds: another worker may take the row between our two statements.
    for _ in range(5):
        message_id = next_due_message_id(session, now, max_attempts=max_attempts)
        if message_id is None:
            return None
        if mark_claimed(session, message_id):
            return session.get(Message, message_id, populate_existing=True)
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
    units: Units,
    claimed: ClaimedMessage,
    sms: SmsClient,
    email: EmailClient,
    now: datetime,
    max_attempts: int,
    status_callback_url: str | None,
) -> Outcome:
    try:
        sent = _hand_to_provider(claimed, sms, email, status_callback_url)
    except MessageSendError as error:
        with units() as session:
            return _record_failure(session, claimed.id, error, now, max_attempts)
    except Exception:
        # A fault of our own or the library's: whether the provider got the
        # message is unknown, so it is not sent again by itself.
        logger.exception("Message %s: unexpected error while sending", claimed.id)
        with units() as session:
            _claimed_row(session, claimed.id).last_error = UNEXPECTED_ERROR
        return "to_check"
    with units() as session:
        message = _claimed_row(session, claimed.id)
        message.status = sent.status
        message.provider_id = sent.provider_id
        message.sent_at = utc_now()
        message.last_error = None
        message.error_code = None
    logger.info("Message %s handed to the provider as %s", claimed.id, sent.provider_id)
    return "sent"


def _hand_to_provider(
    claimed: ClaimedMessage, sms: SmsClient, email: EmailClient, status_callback_url: str | None
) -> SentMessage:
    if claimed.channel is Channel.SMS:
        return sms.send(claimed.to_address, claimed.body, status_callback_url=status_callback_url)
    return email.send(claimed.to_address, claimed.subject or "", claimed.body)


def _claimed_row(session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id, populate_existing=True)
    assert message is not None  # claimed rows are never deleted
    return message


def _record_failure(
    session: Session, message_id: int, error: MessageSendError, now: datetime, max_attempts: int
) -> Outcome:
    message = _claimed_row(session, message_id)
    message.last_error = str(error)
    message.error_code = error.code
    if message.channel is Channel.SMS and error.code == str(TWILIO_OPTED_OUT):
        _record_refused_opt_out(session, message, now)
    outcome: Outcome
    if error.outcome_unknown:
        outcome = "to_check"  # stays "sending" until a person settles it
    elif error.retryable and message.attempts < max_attempts:
        message.status = MessageStatus.QUEUED
        message.send_after = now + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        outcome = "retried"
    else:
        message.status = MessageStatus.FAILED
        outcome = "failed"
    logger.warning(
        "Message %s not sent (attempt %s, code %s): %s",
        message.id,
        message.attempts,
        error.code,
        outcome,
    )
    return outcome


def _record_refused_opt_out(session: Session, message: Message, now: datetime) -> None:
    """Twilio refused the text because the number opted out: record it, on
    the record of every young person a contact with that number is about, so
    nothing more is queued for it or sent to it."""
    young_person_ids = session.scalars(
        select(Contact.young_person_id).where(
            Contact.mobile_e164 == message.to_address, Contact.removed_at.is_(None)
        )
    ).all()
    set_opted_out(
        session,
        message.to_address,
        True,
        OptOutSource.SEND_REFUSED,
        now,
        message_id=message.id,
        young_person_ids=young_person_ids,
    )

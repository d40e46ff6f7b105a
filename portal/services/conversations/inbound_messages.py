"""Text messages that arrive: stored once, before anything else happens.

Twilio retries a webhook it got no answer to, and may deliver the same
message twice at the same moment. Each message is stored under its
`MessageSid` with one INSERT ... ON CONFLICT DO NOTHING (SQLite and
PostgreSQL both have it), in a unit of work of its own that the edge
commits before the message is handled, so a failure while handling it
loses nothing:

- handling claims the row (`claim_for_processing`: a conditional UPDATE
  that only one delivery wins) and is saved with it, or not at all;
- a failure is counted on the row (`record_processing_failure`), and the
  message worker tries again (`retry_unprocessed`) up to `MAX_ATTEMPTS`
  times; after that the row waits for a person (`flask inbox` lists it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.models import Channel, Direction, Message, MessageStatus
from portal.services.messaging.sending import Units

logger = logging.getLogger("portal.conversations")

# Tries at handling one message, the webhook's own included.
MAX_ATTEMPTS = 5
# The worker leaves a message this long for the webhook to handle.
WAITING_AFTER = timedelta(seconds=30)
# A MessageSid is "SM" or "MM" and 32 hexadecimal digits; the column holds 64.
SID_MAX_LENGTH = 64
ERROR_MAX_LENGTH = 500


@dataclass(frozen=True)
class InboundSms:
    """What Twilio posted about one message, as stored."""

    sid: str
    from_number: str
    to_number: str
    body: str
    media_types: tuple[str, ...] = ()
    media_count: int = 0
    opt_out_type: str | None = None


@dataclass(frozen=True)
class Stored:
    message_id: int
    # False when this MessageSid was stored already (a repeated delivery).
    new: bool


def store_inbound(session: Session, sms: InboundSms, now: datetime) -> Stored:
    """Store `sms` unless its MessageSid is stored already. Does not commit:
    the edge commits this on its own, before handling the message."""
    values: dict[str, object] = {
        "direction": Direction.INBOUND,
        "channel": Channel.SMS,
        "to_address": sms.to_number,
        "from_address": sms.from_number,
        "body": sms.body,
        "status": MessageStatus.RECEIVED,
        "provider_id": sms.sid,
        "attempts": 0,
        "send_after": now,
        "created_at": now,
        "media_count": sms.media_count,
        "media_types": list(sms.media_types) or None,
        "opt_out_type": sms.opt_out_type,
        "processing_attempts": 0,
        "automatic": False,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(Message)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["channel", "provider_id"])
        .returning(Message.id)
    )
    inserted = session.execute(statement).scalar()
    if inserted is not None:
        return Stored(message_id=inserted, new=True)
    existing = session.scalar(
        select(Message.id).where(Message.channel == Channel.SMS, Message.provider_id == sms.sid)
    )
    assert existing is not None  # the conflict was with this row
    return Stored(message_id=existing, new=False)


def claim_for_processing(session: Session, message_id: int, now: datetime) -> Message | None:
    """Mark the message handled, if no delivery has: the first statement of
    the unit of work that handles it, so on SQLite it takes the write lock
    at once, and on PostgreSQL a second delivery waits here for the first."""
    claimed = session.execute(
        update(Message)
        .where(
            Message.id == message_id,
            Message.direction == Direction.INBOUND,
            Message.processed_at.is_(None),
        )
        .values(processed_at=now, processing_error=None)
        .execution_options(synchronize_session=False)
    )
    if int(claimed.rowcount or 0) != 1:  # type: ignore[attr-defined]
        return None
    return session.get(Message, message_id, populate_existing=True)


def record_processing_failure(session: Session, message_id: int, error: BaseException) -> None:
    """Count a failed try at handling the message, in a unit of work of its own."""
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.processed_at.is_(None))
        .values(
            processing_attempts=Message.processing_attempts + 1,
            processing_error=text,
        )
        .execution_options(synchronize_session=False)
    )


def unprocessed_ids(session: Session, now: datetime, *, limit: int = 50) -> list[int]:
    """Inbound messages not handled yet, oldest first, that the worker may
    try again: older than WAITING_AFTER, fewer than MAX_ATTEMPTS tries."""
    return list(
        session.scalars(
            select(Message.id)
            .where(
                Message.direction == Direction.INBOUND,
                Message.processed_at.is_(None),
                Message.processing_attempts < MAX_ATTEMPTS,
                Message.created_at <= now - WAITING_AFTER,
            )
            .order_by(Message.created_at, Message.id)
            .limit(limit)
        )
    )


def retry_unprocessed(
    units: Units,
    now: datetime,
    process: Callable[[Session, int], object],
    *,
    limit: int = 50,
) -> int:
    """The worker's job: handle again each message a webhook could not, in
    a unit of work of its own. `process(session, message_id)` handles one.
    Returns how many were handled this pass."""
    with units() as session:
        message_ids = unprocessed_ids(session, now, limit=limit)
    handled = 0
    for message_id in message_ids:
        try:
            with units() as session:
                process(session, message_id)
        except Exception as error:
            logger.exception("Inbound message %s: not handled; trying again later", message_id)
            with units() as session:
                record_processing_failure(session, message_id, error)
            continue
        handled += 1
    return handled


def latest_inbound(session: Session, *, limit: int = 20) -> Sequence[Message]:
    """The most recent messages that arrived, newest first (`flask inbox`)."""
    return session.scalars(
        select(Message)
        .where(Message.direction == Direction.INBOUND)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    ).all()


def waiting_for_a_person(session: Session) -> Sequence[Message]:
    """Messages the service tried MAX_ATTEMPTS times to handle, and could not."""
    return session.scalars(
        select(Message)
        .where(
            Message.direction == Direction.INBOUND,
            Message.processed_at.is_(None),
            Message.processing_attempts >= MAX_ATTEMPTS,
        )
        .order_by(Message.created_at, Message.id)
    ).all()

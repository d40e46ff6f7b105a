"""What Twilio's status callbacks say about a text message the service sent.

Callbacks can arrive in any order ("delivered" before "sent"), and twice.
A message's status only moves forward: queued, sending, sent, then
delivered or failed, which are final. A callback that would move it back,
or sideways from one final status to the other, changes nothing. One
conditional UPDATE does it, so two callbacks at the same moment cannot
both win.

A failure ("undelivered" or "failed") keeps Twilio's error code, and so
reaches the keyworker's worklist like any failed message.
"""

from __future__ import annotations

import enum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import Channel, Direction, Message, MessageStatus

# How far along each status is. Statuses of the same rank do not replace
# each other; CANCELLED (never sent) and RECEIVED (inbound) never change.
RANK: dict[MessageStatus, int] = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.FAILED: 3,
}


class StatusOutcome(enum.StrEnum):
    MOVED = "moved"
    # The message is already as far along, or further.
    UNCHANGED = "unchanged"
    # No message the service sent has this MessageSid.
    UNKNOWN = "unknown"


def statuses_before(status: MessageStatus) -> list[MessageStatus]:
    """The statuses a message may move to `status` from."""
    return [earlier for earlier, rank in RANK.items() if rank < RANK[status]]


def record_delivery_status(
    session: Session,
    provider_id: str,
    status: MessageStatus,
    *,
    error_code: str | None = None,
) -> StatusOutcome:
    """Move the outbound text message with `provider_id` to `status`, if that
    is forward. Does not commit."""
    if status not in RANK:
        raise ValueError(f"a status callback cannot set {status.value!r}")
    values: dict[str, object] = {"status": status}
    if status is MessageStatus.FAILED:
        values["error_code"] = error_code
        values["last_error"] = f"Not delivered (Twilio error {error_code or 'not given'})"
    moved = session.execute(
        update(Message)
        .where(
            Message.channel == Channel.SMS,
            Message.direction == Direction.OUTBOUND,
            Message.provider_id == provider_id,
            Message.status.in_(statuses_before(status)),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if int(moved.rowcount or 0) > 0:  # type: ignore[attr-defined]
        return StatusOutcome.MOVED
    exists = session.scalar(
        select(Message.id).where(
            Message.channel == Channel.SMS,
            Message.direction == Direction.OUTBOUND,
            Message.provider_id == provider_id,
        )
    )
    return StatusOutcome.UNCHANGED if exists is not None else StatusOutcome.UNKNOWN

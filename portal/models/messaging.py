"""Text messages and emails, sent and received."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Channel


class Direction(enum.StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus(enum.StrEnum):
    # In the outbox, waiting for the worker (again, after a failure that may pass).
    QUEUED = "queued"
    # Claimed by a worker, which is handing it to the provider. A row that stays
    # here was perhaps sent, perhaps not: a person checks (see services/messaging).
    SENDING = "sending"
    # Accepted by the provider (or kept by the outbox client).
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    RECEIVED = "received"


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # A provider id is unique per channel, so a retried webhook is stored once.
        UniqueConstraint("channel", "provider_id"),
        # The worker's question: which queued messages are due?
        Index("ix_messages_status_send_after", "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "message_direction"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "message_channel"))
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_people.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    from_address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[MessageStatus] = mapped_column(enum_column(MessageStatus, "message_status"))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    send_after: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # When a worker last claimed it (status "sending") to hand it to the provider.
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

"""Text messages and emails, sent and received."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
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
    # Not sent, and never will be: the number opted out, or the contact's
    # access was switched off, after it was queued.
    CANCELLED = "cancelled"
    RECEIVED = "received"


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # A provider id is unique per channel, so a retried webhook is stored once.
        UniqueConstraint("channel", "provider_id"),
        # The worker's question: which queued messages are due?
        Index("ix_messages_status_send_after", "status", "send_after"),
        # Inbound messages stored but not yet handled (the worker retries them).
        Index("ix_messages_direction_processed_at", "direction", "processed_at"),
        # A young person's messages, and which of them failed (the worklist):
        # without it SQLite reads every outbound message of the service.
        Index(
            "ix_messages_young_person_direction_status", "young_person_id", "direction", "status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "message_direction"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "message_channel"))
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_people.id"))
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
    # What an outbound message is for (a `portal.services.messaging.templates`
    # purpose, such as "meeting_reminder"), and the meeting it is about.
    purpose: Mapped[str | None] = mapped_column(String(40))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # Sent by the service on its own (reminders, feedback requests): held in
    # quiet hours. A sign-in link someone asked for, or a message a keyworker
    # sends, is not automatic.
    automatic: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Makes a message once-only: a second message with the same key is never
    # queued (such as one reminder per contact per meeting change).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # The provider's error code for the last failure (Twilio's, such as 21211).
    error_code: Mapped[str | None] = mapped_column(String(20))
    # Inbound only: pictures or files sent with it (never fetched), and
    # whether it has been handled. Stored first, handled after, so a failure
    # while handling it loses nothing: the worker tries again.
    media_count: Mapped[int] = mapped_column(default=0, server_default="0")
    media_types: Mapped[list[str] | None] = mapped_column(JSON)
    # Inbound only: Twilio's OptOutType (STOP, START or HELP) when Twilio
    # took the message as one of its keywords.
    opt_out_type: Mapped[str | None] = mapped_column(String(20))
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    processing_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    processing_error: Mapped[str | None] = mapped_column(Text)

"""What a client returns when a provider has accepted a message."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import MessageStatus


@dataclass(frozen=True)
class SentMessage:
    # The provider's id for the message (Twilio's "SM..." sid, the email's
    # Message-ID, or "outbox-..." for the outbox clients).
    provider_id: str
    status: MessageStatus

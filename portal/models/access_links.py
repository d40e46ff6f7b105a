"""Access links ("magic links"): how a young person or family member gets into
the portal without a password. Only a hash of each link's secret is stored.
Requests for a link at /sign-in wait in `link_requests` until handled."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Channel, Contact
from portal.models.staff import StaffUser


class LinkPurpose(enum.StrEnum):
    """What a link is for. A link works only where its purpose is accepted."""

    # Sent by staff from the record (or `flask invite`): lasts longer, since a
    # family may not read it at once.
    INVITATION = "invitation"
    # Asked for by the family at /sign-in: short, since they are waiting for it.
    SIGN_IN = "sign_in"


class AccessLink(Base):
    """One link for one contact and one purpose. It works once: `used_at` is
    set by the button on the link's page (never by opening it)."""

    __tablename__ = "access_links"
    __table_args__ = (
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
        CheckConstraint("identity_failures >= 0", name="identity_failures_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose, "access_link_purpose"))
    # SHA-256 of the secret in the link, in hex. The secret itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # How the link was sent.
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "access_link_channel"))
    # The member of staff who sent it; None when the family asked for it or
    # an operator ran `flask invite`.
    issued_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A newer link for the same contact was issued before this one was used.
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Wrong dates of birth given after using this link.
    identity_failures: Mapped[int] = mapped_column(default=0)
    identity_confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The wrong answer that locked sign-in was given on this link.
    locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    contact: Mapped[Contact] = relationship()
    issued_by: Mapped[StaffUser | None] = relationship()

    def __repr__(self) -> str:
        # Never the hash: it identifies the link.
        return f"<AccessLink {self.id} {self.purpose.value} contact {self.contact_id}>"


class LinkRequest(Base):
    """Someone asked for a sign-in link at /sign-in. The request only writes
    this row, for a known address or not, so it takes as long either way;
    matching the address and sending links happen after the answer has gone
    (`portal.services.access.link_requests`). Once handled, the address and
    client address are cleared: the audit trail keeps what happened."""

    __tablename__ = "link_requests"
    __table_args__ = (
        CheckConstraint(
            "processed_at IS NOT NULL OR address IS NOT NULL", name="waiting_has_address"
        ),
        # The worker's question: which requests were left waiting?
        Index("ix_link_requests_processed_at_requested_at", "processed_at", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "link_request_channel"))
    # As contacts store it (E.164, or lower case); None once handled.
    address: Mapped[str | None] = mapped_column(String(254))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    def __repr__(self) -> str:
        # Never the address: it is personal data.
        return f"<LinkRequest {self.id} {self.channel.value}>"

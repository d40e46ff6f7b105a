"""Two-way text messages: which numbers have said STOP, the questions a text
message asked that a reply may answer, and what families write to the team.

- `SmsOptOut` is history: each STOP or START (or a refusal from Twilio that
  says the number has opted out) is a new row, and the latest row for a
  number stands. A number, not a contact, opts out: two parents may share one.
- `SmsConversation` is an open question sent by text ("Reply YES if you can
  come"), so that a reply from that number can be filed against the right
  young person. It closes when answered, replaced or expired.
- `FamilyMessage` is history: what a family member wrote to the team, on the
  Messages page or in a text message that answered no open question.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Contact


class OptOutSource(enum.StrEnum):
    # The family texted STOP or START (or another opt-out or opt-in keyword).
    KEYWORD = "keyword"
    # Twilio told us in the webhook's OptOutType parameter.
    TWILIO_OPT_OUT_TYPE = "twilio_opt_out_type"
    # Twilio refused to send: the number had opted out (error 21610).
    SEND_REFUSED = "send_refused"
    # A member of staff recorded it, for example after a phone call.
    STAFF = "staff"


class SmsOptOut(AppendOnly, Base):
    """One opt-out or opt-in of a phone number. The latest row stands."""

    __tablename__ = "sms_opt_outs"
    __table_args__ = (Index("ix_sms_opt_outs_phone_id", "phone_e164", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_e164: Mapped[str] = mapped_column(String(16))
    opted_out: Mapped[bool] = mapped_column()
    source: Mapped[OptOutSource] = mapped_column(enum_column(OptOutSource, "opt_out_source"))
    # The inbound or outbound message that caused it, if any.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ConversationKind(enum.StrEnum):
    # "Can you come?" after a meeting reminder: YES, NO.
    MEETING_REPLY = "meeting_reply"
    # A feedback question (the Friends and Family Test), step by step.
    FEEDBACK = "feedback"
    # The number belongs to more than one young person's contact, and a reply
    # could not be placed: "Which young person is this about? Reply 1 or 2".
    CHOOSE_YOUNG_PERSON = "choose_young_person"


class SmsConversation(Base):
    """A question a text message asked, waiting for a reply from `phone_e164`."""

    __tablename__ = "sms_conversations"
    __table_args__ = (Index("ix_sms_conversations_phone_open", "phone_e164", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_e164: Mapped[str] = mapped_column(String(16))
    kind: Mapped[ConversationKind] = mapped_column(
        enum_column(ConversationKind, "conversation_kind")
    )
    # Whose record a reply goes to. Empty for CHOOSE_YOUNG_PERSON until answered.
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_people.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    # The outbound message that asked the question.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    # CHOOSE_YOUNG_PERSON: the inbound message waiting to be placed, and the
    # numbered choices offered, as [{"contact_id": .., "young_person_id": ..}].
    waiting_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    options: Mapped[list[dict[str, int]] | None] = mapped_column(JSON)
    # Where a conversation of several questions has got to (feedback).
    step: Mapped[str | None] = mapped_column(String(40))
    # How many unclear answers it has had (to ask again only once).
    unclear_replies: Mapped[int] = mapped_column(default=0, server_default="0")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    contact: Mapped[Contact | None] = relationship()


class FamilyMessageChannel(enum.StrEnum):
    WEB = "web"
    SMS = "sms"


class FamilyMessage(AppendOnly, Base):
    """What a family member wrote to the keyworker team. Staff see it as a
    "From the family" item (kind "message") and may reply."""

    __tablename__ = "family_messages"
    __table_args__ = (
        # The same form sent twice files one message (see migration 0019).
        Index("uq_family_messages_contact_form_token", "contact_id", "form_token", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    channel: Mapped[FamilyMessageChannel] = mapped_column(
        enum_column(FamilyMessageChannel, "family_message_channel")
    )
    text: Mapped[str] = mapped_column(Text)
    # The text message it came in, once: a delivery retried by Twilio files nothing twice.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), unique=True)
    # The Messages page form's one-time token: sending that form again files nothing.
    form_token: Mapped[str | None] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    contact: Mapped[Contact] = relationship()

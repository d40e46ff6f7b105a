"""Feedback from young people and families, including the Friends and Family Test."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Contact, YoungPerson


class FftAnswer(enum.StrEnum):
    """The six NHS Friends and Family Test answers."""

    VERY_GOOD = "very_good"
    GOOD = "good"
    NEITHER = "neither_good_nor_poor"
    POOR = "poor"
    VERY_POOR = "very_poor"
    DONT_KNOW = "dont_know"


class FeedbackChannel(enum.StrEnum):
    WEB = "web"
    SMS = "sms"
    PAPER = "paper"
    PHONE = "phone"


class FeedbackResponse(AppendOnly, Base):
    __tablename__ = "feedback_responses"
    __table_args__ = (
        CheckConstraint("fft_answer IS NOT NULL OR comment IS NOT NULL", name="has_content"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    channel: Mapped[FeedbackChannel] = mapped_column(
        enum_column(FeedbackChannel, "feedback_channel")
    )
    fft_answer: Mapped[FftAnswer | None] = mapped_column(enum_column(FftAnswer, "fft_answer"))
    comment: Mapped[str | None] = mapped_column(Text)
    may_use_anonymously: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)

    young_person: Mapped[YoungPerson] = relationship()
    contact: Mapped[Contact | None] = relationship()

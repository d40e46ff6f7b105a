"""Feedback from young people and families, including the Friends and Family Test."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Channel, Contact, YoungPerson


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


class AnsweredBy(enum.StrEnum):
    """Who answered, as the person said (or, by text, as the record says)."""

    YOUNG_PERSON = "young_person"
    PARENT_OR_CARER = "parent_or_carer"
    SOMEONE_HELPING = "someone_helping"


class FeedbackRequest(Base):
    """The service asked one contact for feedback, about keyworker support in
    general (`meeting_id` empty) or about one meeting.

    At most one request is open per contact and subject: `open_key` holds
    "<contact id>:support" or "<contact id>:meeting:<meeting id>" while the
    request is open and is emptied when it is answered, expires or is
    withdrawn, so the unique constraint makes "one open request" one atomic
    rule in the database."""

    __tablename__ = "feedback_requests"
    __table_args__ = (
        UniqueConstraint("open_key", name="uq_feedback_requests_open_key"),
        CheckConstraint("(closed_at IS NULL) = (open_key IS NOT NULL)", name="open_until_closed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # How it was sent: None until a message was queued (or when none could be).
    channel: Mapped[Channel | None] = mapped_column(enum_column(Channel, "request_channel"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    # Sent on the schedule or after a meeting, or asked for by a keyworker.
    automatic: Mapped[bool] = mapped_column(default=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    open_key: Mapped[str | None] = mapped_column(String(60))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    young_person: Mapped[YoungPerson] = relationship()
    contact: Mapped[Contact] = relationship()


class FeedbackResponse(AppendOnly, Base):
    """One answer to "How was your keyworker support?" (the Friends and
    Family Test), with what was good and what could be better.

    By text, a response comes in parts: the number first, then a comment (or
    a comment first, then the number). Each part is a row; a later part
    names the first in `part_of_id`, so nothing is ever changed."""

    __tablename__ = "feedback_responses"
    __table_args__ = (
        CheckConstraint(
            "fft_answer IS NOT NULL OR comment IS NOT NULL OR improvement IS NOT NULL",
            name="has_content",
        ),
        # Only later parts: finding a response's parts needs it, and an index
        # holding every first part (NULL) misleads SQLite's planner into
        # reading all of them to find "the first parts received this month".
        Index(
            "ix_feedback_responses_part_of_id",
            "part_of_id",
            sqlite_where=text("part_of_id IS NOT NULL"),
            postgresql_where=text("part_of_id IS NOT NULL"),
        ),
        # A family's newest answers first (the record, exports): without the
        # time in the index the planner reads the whole service's answers
        # backwards by time to find one family's newest.
        Index("ix_feedback_responses_young_person_received", "young_person_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    channel: Mapped[FeedbackChannel] = mapped_column(
        enum_column(FeedbackChannel, "feedback_channel")
    )
    fft_answer: Mapped[FftAnswer | None] = mapped_column(enum_column(FftAnswer, "fft_answer"))
    # "What was good?" on the web; the one comment by text.
    comment: Mapped[str | None] = mapped_column(Text)
    # "What could be better?"
    improvement: Mapped[str | None] = mapped_column(Text)
    # Before permission to quote became a consent decision (FEEDBACK_IN_REPORTS);
    # kept for the rows of that time, and no longer written.
    may_use_anonymously: Mapped[bool] = mapped_column(default=False)
    answered_by: Mapped[AnsweredBy | None] = mapped_column(enum_column(AnsweredBy, "answered_by"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_requests.id"), index=True)
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_responses.id"))
    # Safeguarding triage found a possible disclosure in the words.
    flagged: Mapped[bool] = mapped_column(default=False, server_default="0")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)

    young_person: Mapped[YoungPerson] = relationship()
    contact: Mapped[Contact | None] = relationship()


class FeedbackTheme(Base):
    """A theme keyworkers tag feedback with, such as "Communication". The
    standard ones come with the portal; administrators add others. A theme
    is switched off, never deleted, so old tags keep their meaning."""

    __tablename__ = "feedback_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Words that suggest the theme, one per line (a person confirms each tag).
    keywords: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    display_order: Mapped[int] = mapped_column(default=0)


class FeedbackThemeTag(Base):
    """A person confirmed that a response is about a theme. Removing a tag
    deletes its row; both are audited."""

    __tablename__ = "feedback_theme_tags"
    __table_args__ = (UniqueConstraint("response_id", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_responses.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("feedback_themes.id"), index=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    tagged_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    tagged_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    theme: Mapped[FeedbackTheme] = relationship()


class YouSaidWeDid(AppendOnly, Base):
    """What the service did about a response ("You said, we did"): the family
    reads it in the portal, and the anonymised report lists some."""

    __tablename__ = "you_said_we_did"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_responses.id"), index=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    # Staff words, in easy read: what the family said, and what changed.
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)

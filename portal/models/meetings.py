"""Meetings about a young person: CETRs, CTRs, MDTs and register reviews."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UtcDateTime, enum_column, utc_now
from portal.models.people import YoungPerson
from portal.models.staff import StaffUser


class MeetingKind(enum.StrEnum):
    CETR = "cetr"
    CTR = "ctr"
    MDT = "mdt"
    REGISTER_REVIEW = "register_review"
    OTHER = "other"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Meeting(Base):
    """Start and end are instants stored in UTC; they are shown in Europe/London."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("place IS NOT NULL OR video_link IS NOT NULL", name="has_place_or_link"),
        # A young person's meetings in time order, newest or soonest first.
        Index("ix_meetings_young_person_starts", "young_person_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    place: Mapped[str | None] = mapped_column(Text)
    video_link: Mapped[str | None] = mapped_column(String(500))
    reasonable_adjustments: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)
    # Goes up by one with every change (the calendar file's SEQUENCE), and
    # stops two people saving over each other's changes.
    sequence: Mapped[int] = mapped_column(default=1, server_default="1")
    # Why it was cancelled (staff words; families see only that it is cancelled).
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # After the meeting: what happened, for staff, and a short easy read
    # outcome the family's meeting page shows.
    outcome: Mapped[str | None] = mapped_column(Text)
    family_outcome: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    young_person: Mapped[YoungPerson] = relationship()
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", order_by="MeetingAttendee.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": sequence}


class MeetingAttendee(Base):
    """Someone expected at a meeting, by role (names are optional)."""

    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    role: Mapped[str] = mapped_column(String(120))
    agency: Mapped[str | None] = mapped_column(String(120))
    name: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class MeetingSupportConfirmation(Base):
    """Staff telling the family what was arranged for a support request,
    such as "Quiet room booked". One for each request; it can be reworded."""

    __tablename__ = "meeting_support_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    support_request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_support_requests.id"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    confirmed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    confirmed_by: Mapped[StaffUser] = relationship()

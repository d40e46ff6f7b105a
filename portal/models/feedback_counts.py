"""Service-wide feedback counts per day, kept up to date as answers arrive.

The collated view for the whole service reads these instead of every
response: at a million responses, counting the rows each time is too slow.
They are derived data: `portal.services.feedback.day_counts` recounts a
day from `feedback_responses`, `feedback_theme_tags` and `feedback_requests`
whenever something that day's figures depend on changes, so they can always
be rebuilt (`flask --app portal recount-feedback`).

A day is a calendar day in Europe/London. Responses count on the day their
first part came; requests on the day they were made.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, enum_column
from portal.models.feedback import AnsweredBy, FeedbackChannel, FftAnswer
from portal.models.meetings import MeetingKind


class FeedbackDayCount(Base):
    """How many responses of one day had this answer, channel, person and
    kind of meeting (None: not said, or not about a meeting)."""

    __tablename__ = "feedback_day_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    fft_answer: Mapped[FftAnswer | None] = mapped_column(
        enum_column(FftAnswer, "day_count_fft_answer")
    )
    channel: Mapped[FeedbackChannel] = mapped_column(
        enum_column(FeedbackChannel, "day_count_channel")
    )
    answered_by: Mapped[AnsweredBy | None] = mapped_column(
        enum_column(AnsweredBy, "day_count_answered_by")
    )
    meeting_kind: Mapped[MeetingKind | None] = mapped_column(
        enum_column(MeetingKind, "day_count_meeting_kind")
    )
    responses: Mapped[int]


class FeedbackThemeDayCount(Base):
    """How many responses of one day are tagged with a theme."""

    __tablename__ = "feedback_theme_day_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("feedback_themes.id"))
    responses: Mapped[int]


class FeedbackRequestDayCount(Base):
    """Of the requests made on one day, how many were sent and how many answered."""

    __tablename__ = "feedback_request_day_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sent: Mapped[int]
    answered: Mapped[int]

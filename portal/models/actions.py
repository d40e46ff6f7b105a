"""Actions: who will do what, by when, for a young person, agreed at a
meeting (a CETR, an MDT) or added by hand, followed until they are done.

An action is one row that changes (its status, who, when), with a
`sequence` that stops two people saving over each other's changes. Every
save also appends a snapshot to `action_changes`, so nothing said before is
lost: the first change is the action as it was added.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.meetings import Meeting
from portal.models.staff import StaffUser


class ActionStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANNOT_BE_DONE = "cannot_be_done"


# A reason is there exactly when the action cannot be done.
_REASON_RULE = "(status = 'cannot_be_done') = (cannot_be_done_reason IS NOT NULL)"


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (CheckConstraint(_REASON_RULE, name="reason_when_cannot_be_done"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    # The meeting it was agreed at; None: added by hand.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    # A role or agency, such as "Keyworker", "School SENCO" or "CAMHS".
    who: Mapped[str] = mapped_column(String(120))
    named_person: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.NOT_STARTED
    )
    # Staff words; the family sees only that it will not happen.
    cannot_be_done_reason: Mapped[str | None] = mapped_column(Text)
    visible_to_family: Mapped[bool] = mapped_column(default=True)
    # Goes up by one with every save; a save names the one its form showed.
    sequence: Mapped[int] = mapped_column(default=1, server_default="1")
    # None only for actions copied in from before who added them was kept.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    meeting: Mapped[Meeting | None] = relationship()
    created_by: Mapped[StaffUser | None] = relationship()


class ActionChange(AppendOnly, Base):
    """One save of an action: every field as it was saved, who and when."""

    __tablename__ = "action_changes"
    __table_args__ = (CheckConstraint(_REASON_RULE, name="reason_when_cannot_be_done"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    sequence: Mapped[int] = mapped_column()
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(120))
    named_person: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_status"))
    cannot_be_done_reason: Mapped[str | None] = mapped_column(Text)
    visible_to_family: Mapped[bool] = mapped_column()
    # None only for the first change of an action copied in from before.
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    changed_by: Mapped[StaffUser | None] = relationship()

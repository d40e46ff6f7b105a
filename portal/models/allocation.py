"""Who is a young person's keyworker, since when and why (the history), and
cover: a colleague who may see a case until an end date while the keyworker
is away. The need-to-know rule (`portal.services.access.staff`) reads both."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, utc_now
from portal.models.people import YoungPerson
from portal.models.staff import StaffUser


class KeyworkerAllocation(AppendOnly, Base):
    """One allocation: from `from_date` the young person's keyworker is
    `keyworker` (none: not allocated). `YoungPerson.keyworker_id` is the
    current answer, changed in the same transaction; these rows are its
    history and are never changed."""

    __tablename__ = "keyworker_allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    keyworker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # The keyworker before this allocation, as the change found it.
    previous_keyworker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # A day in Europe/London.
    from_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    allocated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    allocated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    young_person: Mapped[YoungPerson] = relationship()
    keyworker: Mapped[StaffUser | None] = relationship(foreign_keys=[keyworker_id])
    previous_keyworker: Mapped[StaffUser | None] = relationship(
        foreign_keys=[previous_keyworker_id]
    )
    allocated_by: Mapped[StaffUser | None] = relationship(foreign_keys=[allocated_by_id])


class CoverGrant(Base):
    """A colleague may see the young person's record from `starts_on` to the
    end of `ends_on` (days in Europe/London): nothing has to run for it to
    end. A manager may end it early: `ended_at` and `ended_by` are then set,
    once, and nothing else about a grant ever changes."""

    __tablename__ = "cover_grants"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_it_starts"),
        CheckConstraint(
            "(ended_at IS NULL) = (ended_by_id IS NULL)", name="ended_early_says_by_whom"
        ),
        Index("ix_cover_grants_colleague_id_ends_on", "colleague_id", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    colleague_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    young_person: Mapped[YoungPerson] = relationship()
    colleague: Mapped[StaffUser] = relationship(foreign_keys=[colleague_id])
    granted_by: Mapped[StaffUser | None] = relationship(foreign_keys=[granted_by_id])
    ended_by: Mapped[StaffUser | None] = relationship(foreign_keys=[ended_by_id])

    def is_current_on(self, day: date) -> bool:
        """The rule `portal.services.access.staff` asks in SQL, for one grant."""
        return self.ended_at is None and self.starts_on <= day <= self.ends_on

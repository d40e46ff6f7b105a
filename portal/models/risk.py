"""The history of a young person's risk rating: every change, and every
review that kept it the same, with who, when and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import RiskRating, YoungPerson
from portal.models.staff import StaffUser


class RiskRatingChange(AppendOnly, Base):
    """One decision about the rating. `from_rating` is None for the first
    rating; `from_rating == to_rating` is a review without change. The
    current rating stays on `young_people`, changed in the same transaction
    (`portal.services.records.risk_rating`)."""

    __tablename__ = "risk_rating_changes"
    __table_args__ = (CheckConstraint("length(reason) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    from_rating: Mapped[RiskRating | None] = mapped_column(
        enum_column(RiskRating, "risk_rating_from")
    )
    to_rating: Mapped[RiskRating] = mapped_column(enum_column(RiskRating, "risk_rating_to"))
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    young_person: Mapped[YoungPerson] = relationship()
    changed_by: Mapped[StaffUser] = relationship()

    @property
    def is_review(self) -> bool:
        """The rating was looked at and kept the same."""
        return self.from_rating == self.to_rating

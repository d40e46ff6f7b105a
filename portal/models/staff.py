"""Teams and the staff who sign in to the workspace."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.models.base import Base, UtcDateTime, enum_column, utc_now
from portal.models.encrypted import EncryptedString


class StaffRole(enum.StrEnum):
    KEYWORKER = "keyworker"
    MANAGER = "manager"
    ADMIN = "admin"


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    members: Mapped[list[StaffUser]] = relationship(back_populates="team")


class StaffUser(Base):
    __tablename__ = "staff_users"
    __table_args__ = (
        # Emails are kept lower-case so the unique constraint is case-insensitive.
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("failed_sign_in_count >= 0", name="failed_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole, "staff_role"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Base32 TOTP secret; set when the user confirms their authenticator app.
    # Read and written as it is; the database holds it encrypted.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString(255))
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The last time-step accepted, so one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column()
    failed_sign_in_count: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    team: Mapped[Team | None] = relationship(back_populates="members")

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def has_totp(self) -> bool:
        return self.totp_secret is not None and self.totp_enrolled_at is not None

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role.value}>"

"""Person-centred plans. Every save is a new version; nothing is overwritten."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import YoungPerson
from portal.models.staff import StaffUser


class PlanSectionKind(enum.StrEnum):
    ABOUT_ME = "about_me"
    WHAT_MATTERS = "what_matters"
    WHAT_HELPS = "what_helps"
    WHAT_DOES_NOT_HELP = "what_does_not_help"
    MY_GOALS = "my_goals"
    IF_I_AM_NOT_OK = "if_i_am_not_ok"


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    young_person: Mapped[YoungPerson] = relationship()
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", order_by="PlanVersion.number"
    )


class PlanVersion(AppendOnly, Base):
    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    number: Mapped[int] = mapped_column()
    change_note: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    plan: Mapped[Plan] = relationship(back_populates="versions")
    created_by: Mapped[StaffUser] = relationship()
    sections: Mapped[list[PlanSection]] = relationship(back_populates="version")


class PlanSection(AppendOnly, Base):
    __tablename__ = "plan_sections"
    __table_args__ = (UniqueConstraint("version_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    kind: Mapped[PlanSectionKind] = mapped_column(enum_column(PlanSectionKind, "plan_section_kind"))
    body: Mapped[str] = mapped_column(Text)

    version: Mapped[PlanVersion] = relationship(back_populates="sections")

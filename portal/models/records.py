"""The keyworker's contemporaneous notes and the audit trail (both append-only),
and when each family member last looked at each part of the portal."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.staff import StaffUser

SUMMARY_MAX_LENGTH = 120


class ActorRole(enum.StrEnum):
    KEYWORKER = "keyworker"
    MANAGER = "manager"
    ADMIN = "admin"
    FAMILY = "family"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


class Note(AppendOnly, Base):
    """A note on a young person's record. An amendment is a new note that points
    at the note it corrects; the original stays as written. A note is amended
    at most once (the unique `amends_note_id`), so the amendments of an entry
    form one line, and two people amending the same note cannot both succeed."""

    __tablename__ = "notes"
    # A young person's notes, the newest first.
    __table_args__ = (Index("ix_notes_young_person_created", "young_person_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    # What happened, in a few words.
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    amends_note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"), unique=True)
    # When what the note is about happened; `created_at` is when it was written.
    event_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)

    author: Mapped[StaffUser] = relationship()


class AuditEvent(AppendOnly, Base):
    """Who did what to whose record, and when."""

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(
            "actor_role IN ('system', 'anonymous') OR "
            "actor_staff_id IS NOT NULL OR actor_contact_id IS NOT NULL",
            name="actor_named",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    actor_role: Mapped[ActorRole] = mapped_column(enum_column(ActorRole, "actor_role"))
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    actor_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    action: Mapped[str] = mapped_column(String(80), index=True)
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_people.id"), index=True)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))


class FamilyPageLook(Base):
    """When a contact first and last opened a part of the portal ("plan",
    "meetings", "feedback", or "any" page), kept as they look, so the home
    page's "changed since you last looked" reads one row per part instead
    of every page view in the audit trail
    (portal.services.records.page_looks)."""

    __tablename__ = "family_page_looks"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), primary_key=True)
    area: Mapped[str] = mapped_column(String(20), primary_key=True)
    first_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_at: Mapped[datetime] = mapped_column(UtcDateTime)

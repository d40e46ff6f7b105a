"""What staff do about something a family sent, beyond opening the record:
a reply in words the family reads in the portal, and "dealt with" for an
item that needs no reply.

All three tables are history (append-only). A reply never changes, so the
family having read it is not a column on the reply but a row of its own,
one for each reply (the unique `reply_id` makes "read" happen once, even when
two devices open the messages page at the same moment).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, utc_now
from portal.models.family_input import FamilyInputNotice
from portal.models.people import Contact
from portal.models.staff import StaffUser


class FamilyReply(AppendOnly, Base):
    """A keyworker's reply to one notice, to the contact who sent the item.
    A notice may have more than one reply; each stays as written."""

    __tablename__ = "family_replies"
    __table_args__ = (Index("ix_family_replies_contact_written", "contact_id", "written_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("family_input_notices.id"), index=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    # Who it is to: the contact who sent the item. Only they see it.
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    notice: Mapped[FamilyInputNotice] = relationship()
    contact: Mapped[Contact] = relationship()
    written_by: Mapped[StaffUser] = relationship()


class FamilyReplyRead(AppendOnly, Base):
    """The contact a reply was to opened it in the portal. One for each reply."""

    __tablename__ = "family_reply_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("family_replies.id"), unique=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    read_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class FamilyInputAcknowledgement(AppendOnly, Base):
    """A member of staff marked a notice (not an urgent one: those have
    `UrgentAcknowledgement`) as dealt with, without a reply. One for each
    notice (the unique constraint decides between two at the same moment)."""

    __tablename__ = "family_input_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("family_input_notices.id"), unique=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    acknowledged_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    # Optional words for staff, such as "Talked about it on the phone".
    note: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    acknowledged_by: Mapped[StaffUser] = relationship()

"""Staff checks that a contact's mobile number or email address is theirs.
Sign-in links go only to addresses staff have checked
(`portal.services.access.addresses.may_receive_link`)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Channel, Contact
from portal.models.staff import StaffUser


class VerificationMethod(enum.StrEnum):
    """How a member of staff checked that an address belongs to the contact."""

    # They phoned the number (or phoned the person about the email address)
    # and spoke to them.
    PHONED = "phoned"
    # The person told them the number or address face to face.
    IN_PERSON = "in_person"
    # The person answered a text message or email the service sent to it.
    REPLIED = "replied"


class AddressVerification(AppendOnly, Base):
    """One check of one address, with who made it, when and how. The
    contact's `phone_verified` or `email_verified` flag is the current
    answer; these rows are its history. A check belongs to the address it
    names: when the contact's address changes, the flag goes off."""

    __tablename__ = "address_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "verified_channel"))
    # The address as it was checked (E.164, or lower case).
    address: Mapped[str] = mapped_column(String(254))
    method: Mapped[VerificationMethod] = mapped_column(
        enum_column(VerificationMethod, "verification_method")
    )
    note: Mapped[str | None] = mapped_column(Text)
    verified_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    verified_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    contact: Mapped[Contact] = relationship(back_populates="address_verifications")
    verified_by: Mapped[StaffUser] = relationship()

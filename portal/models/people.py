"""Young people on the keyworker service, the people around them, and their
communication needs (Accessible Information Standard)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.models.base import Base, UtcDateTime, enum_column, utc_now
from portal.models.staff import StaffUser, Team
from portal.phone import to_e164

if TYPE_CHECKING:
    from portal.models.verifications import AddressVerification


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on `day`: the one calculation of age, for the access
    and consent rules and for what staff see. Someone born on 29 February has
    their birthday on 1 March in years that have no 29 February."""
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


class RegisterStatus(enum.StrEnum):
    ON_REGISTER = "on_register"
    NOT_ON_REGISTER = "not_on_register"


class RiskRating(enum.StrEnum):
    """Dynamic Support Register rating. Staff only: never shown to families as a label."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class CommunicationNeedType(enum.StrEnum):
    """Needs recorded under the Accessible Information Standard."""

    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"
    BSL_INTERPRETER = "bsl_interpreter"
    SPOKEN_LANGUAGE_INTERPRETER = "spoken_language_interpreter"
    BRAILLE = "braille"
    AUDIO = "audio"
    PERSON_TO_HELP_READ = "person_to_help_read"
    LONGER_APPOINTMENTS = "longer_appointments"
    TEXT_NOT_PHONE = "text_not_phone"
    QUIET_ROOM = "quiet_room"
    VISUAL_TIMETABLE = "visual_timetable"


class Relationship(enum.StrEnum):
    SELF = "self"
    PARENT = "parent"
    CARER = "carer"
    RELATIVE = "relative"
    ADVOCATE = "advocate"
    OTHER = "other"


class LegalAuthority(enum.StrEnum):
    """Authority an adult contact holds to decide for a young person aged 18 or over."""

    NONE = "none"
    LASTING_POWER_OF_ATTORNEY = "lasting_power_of_attorney"
    DEPUTY = "deputy"


class Channel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"


class YoungPerson(Base):
    __tablename__ = "young_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    pronouns: Mapped[str | None] = mapped_column(String(40))
    register_status: Mapped[RegisterStatus] = mapped_column(
        enum_column(RegisterStatus, "register_status")
    )
    risk_rating: Mapped[RiskRating | None] = mapped_column(enum_column(RiskRating, "risk_rating"))
    risk_rating_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    risk_rating_reason: Mapped[str | None] = mapped_column(Text)
    # When someone last looked at the rating and changed it or kept it (the
    # history is in `risk_rating_changes`). A rating not reviewed for three
    # months needs a person.
    risk_rating_reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    keyworker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    # A BCP 47 language tag, such as "en", "cy" or "pl".
    preferred_language: Mapped[str] = mapped_column(String(20), default="en")
    communication_notes: Mapped[str | None] = mapped_column(Text)
    # When the communication needs are next to be checked with the young
    # person and family (the review step of the Accessible Information Standard).
    communication_review_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # The profile's optimistic version: each save of the profile page adds 1,
    # and a save from a form of an older version is refused
    # (`portal.services.records.profile`).
    profile_version: Mapped[int] = mapped_column(default=1, server_default="1")
    profile_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    profile_updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    keyworker: Mapped[StaffUser | None] = relationship(foreign_keys=[keyworker_id])
    team: Mapped[Team] = relationship()
    profile_updated_by: Mapped[StaffUser | None] = relationship(
        foreign_keys=[profile_updated_by_id]
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="young_person", order_by="Contact.id"
    )
    communication_needs: Mapped[list[CommunicationNeed]] = relationship(
        back_populates="young_person",
        order_by="CommunicationNeed.need",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint(
            "(risk_rating IS NULL) = (risk_rating_changed_at IS NULL)",
            name="risk_rating_has_date",
        ),
        CheckConstraint(
            "risk_rating IS NOT NULL OR risk_rating_reviewed_at IS NULL",
            name="risk_review_has_rating",
        ),
        CheckConstraint("profile_version >= 1", name="profile_version_positive"),
    )

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)


class CommunicationNeed(Base):
    __tablename__ = "communication_needs"
    __table_args__ = (UniqueConstraint("young_person_id", "need"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    need: Mapped[CommunicationNeedType] = mapped_column(
        enum_column(CommunicationNeedType, "communication_need_type")
    )
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    young_person: Mapped[YoungPerson] = relationship(back_populates="communication_needs")


class Contact(Base):
    """Someone who may use the portal about a young person, including the young
    person themselves (relationship "self")."""

    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint("mobile_e164 IS NULL OR mobile_e164 LIKE '+%'", name="mobile_is_e164"),
        CheckConstraint("email IS NULL OR email = lower(email)", name="email_lower_case"),
        CheckConstraint(
            "(preferred_channel != 'sms' OR mobile_e164 IS NOT NULL)"
            " AND (preferred_channel != 'email' OR email IS NOT NULL)",
            name="preferred_channel_has_address",
        ),
        CheckConstraint(
            "relation != 'self' OR "
            "(has_parental_responsibility = false AND legal_authority = 'none')",
            name="self_holds_no_authority",
        ),
        CheckConstraint("identity_check_failures >= 0", name="identity_failures_not_negative"),
        CheckConstraint(
            "phone_verified = false OR mobile_e164 IS NOT NULL", name="phone_verified_has_number"
        ),
        CheckConstraint(
            "email_verified = false OR email IS NOT NULL", name="email_verified_has_address"
        ),
        CheckConstraint(
            "(identity_check_skip_reason IS NULL) = (identity_check_skip_set_at IS NULL)"
            " AND (identity_check_skip_reason IS NULL) = (identity_check_skip_set_by_id IS NULL)",
            name="identity_check_skip_recorded",
        ),
        CheckConstraint(
            "legal_authority != 'none'"
            " OR (authority_health_and_welfare = false AND authority_property_and_finance = false)",
            name="authority_scope_needs_authority",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("(removed_at IS NULL) = (removed_by_id IS NULL)", name="removal_recorded"),
        CheckConstraint(
            "removed_at IS NULL OR portal_access_enabled = false", name="removed_has_no_access"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[Relationship] = mapped_column(enum_column(Relationship, "relation"))
    # Free text for the detail, for example "Mum", "Foster carer", "IMHA".
    relationship_detail: Mapped[str | None] = mapped_column(String(100))
    has_parental_responsibility: Mapped[bool] = mapped_column(default=False)
    legal_authority: Mapped[LegalAuthority] = mapped_column(
        enum_column(LegalAuthority, "legal_authority"), default=LegalAuthority.NONE
    )
    # What the lasting power of attorney or deputyship covers: either or both.
    # Only with an authority (the contact form asks for at least one).
    authority_health_and_welfare: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    authority_property_and_finance: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    mobile_e164: Mapped[str | None] = mapped_column(String(16), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    preferred_channel: Mapped[Channel] = mapped_column(enum_column(Channel, "contact_channel"))
    preferred_language: Mapped[str] = mapped_column(String(20), default="en")
    # Staff checked that the number or address is this person's (history in
    # `address_verifications`). Sign-in links go only to a checked address,
    # and a carer's rows are joined only by one. Changing the address turns
    # its flag off: a check belongs to the value that was checked.
    phone_verified: Mapped[bool] = mapped_column(default=False)
    email_verified: Mapped[bool] = mapped_column(default=False)
    portal_access_enabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # Family sign-in (portal.services.access.links, portal.services.access.identity_check).
    # Wrong dates of birth in a row, on any of this contact's links. A right
    # answer or a new invitation from staff sets it back to 0.
    identity_check_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when too many wrong answers lock sign-in. Until staff send a new
    # invitation, no link of this contact works and none can be asked for.
    sign_in_locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A reasonable adjustment: staff recorded why this contact is not asked the
    # date of birth, who recorded it and when.
    identity_check_skip_reason: Mapped[str | None] = mapped_column(Text)
    identity_check_skip_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    identity_check_skip_set_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # What helps this person take part, in staff's words ("phone after 4pm",
    # "needs a BSL interpreter at meetings").
    reasonable_adjustments: Mapped[str | None] = mapped_column(Text)
    # The optimistic version of the contact's details: each save from the
    # contact page adds 1, and a save from an older form is refused
    # (`portal.services.records.contacts`).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # Removed from the record by staff: kept for history and the export, but
    # with no portal access (`portal.services.access.family_rules`).
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    young_person: Mapped[YoungPerson] = relationship(back_populates="contacts")
    identity_check_skip_set_by: Mapped[StaffUser | None] = relationship(
        foreign_keys=[identity_check_skip_set_by_id]
    )
    updated_by: Mapped[StaffUser | None] = relationship(foreign_keys=[updated_by_id])
    removed_by: Mapped[StaffUser | None] = relationship(foreign_keys=[removed_by_id])
    address_verifications: Mapped[list[AddressVerification]] = relationship(
        back_populates="contact", order_by="AddressVerification.id"
    )

    @validates("mobile_e164")
    def _normalise_mobile(self, _key: str, value: str | None) -> str | None:
        number = to_e164(value) if value else None
        if self.mobile_e164 is not None and number != self.mobile_e164:
            self.phone_verified = False  # the check was of the old number
        return number

    @validates("email")
    def _normalise_email(self, _key: str, value: str | None) -> str | None:
        address = value.strip().lower() if value else None
        if self.email is not None and address != self.email:
            self.email_verified = False  # the check was of the old address
        return address

"""Consent, and the records that say who may decide: capacity and Gillick
assessments and best-interests decisions. All of them are append-only history."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.people import Contact, YoungPerson
from portal.models.staff import StaffUser


class ConsentChoice(enum.StrEnum):
    YES = "yes"
    NO = "no"


class DecisionBasis(enum.StrEnum):
    OWN_CONSENT = "own_consent"
    PARENTAL_RESPONSIBILITY = "parental_responsibility"
    GILLICK_COMPETENT = "gillick_competent"
    BEST_INTERESTS = "best_interests"
    LASTING_POWER_OF_ATTORNEY = "lasting_power_of_attorney"
    DEPUTY = "deputy"


class DecisionChannel(enum.StrEnum):
    PORTAL = "portal"
    SMS = "sms"
    EMAIL = "email"
    IN_PERSON = "in_person"
    PHONE = "phone"
    PAPER = "paper"


class DecisionArea(enum.StrEnum):
    """The decisions for which capacity or competence is assessed."""

    REGISTER = "register"
    INFORMATION_SHARING = "information_sharing"
    FAMILY_ACCESS = "family_access"
    CONTACT_BY_MESSAGE = "contact_by_message"
    CARE_AND_TREATMENT = "care_and_treatment"


class AssessmentOutcome(enum.StrEnum):
    GILLICK_COMPETENT = "gillick_competent"
    NOT_GILLICK_COMPETENT = "not_gillick_competent"
    HAS_CAPACITY = "has_capacity"
    LACKS_CAPACITY = "lacks_capacity"


class ConsentItem(Base):
    """Something a young person can say yes or no to, such as being on the register."""

    __tablename__ = "consent_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # Named agency for information-sharing items, such as "School" or "GP".
    agency: Mapped[str | None] = mapped_column(String(120))
    display_order: Mapped[int] = mapped_column(default=0)


class ConsentDecision(AppendOnly, Base):
    """One decision. The current choice is the latest decision for the item.

    Some items are about one person: "family_sees_portal" says whether a named
    contact may see the young person's portal. For those, `about_contact_id`
    names the contact, and the current choice is the latest decision for the
    item and that contact."""

    __tablename__ = "consent_decisions"
    __table_args__ = (
        CheckConstraint(
            "decided_by_contact_id IS NOT NULL OR decided_by_staff_id IS NOT NULL",
            name="someone_decided",
        ),
        CheckConstraint(
            "basis != 'best_interests' OR best_interests_decision_id IS NOT NULL",
            name="best_interests_is_recorded",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("consent_items.id"), index=True)
    choice: Mapped[ConsentChoice] = mapped_column(enum_column(ConsentChoice, "consent_choice"))
    decided_by_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    decided_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    basis: Mapped[DecisionBasis] = mapped_column(enum_column(DecisionBasis, "decision_basis"))
    best_interests_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("best_interests_decisions.id")
    )
    channel: Mapped[DecisionChannel] = mapped_column(
        enum_column(DecisionChannel, "decision_channel")
    )
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    # The contact the decision is about, for items about one person.
    about_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))

    young_person: Mapped[YoungPerson] = relationship()
    item: Mapped[ConsentItem] = relationship()
    decided_by_contact: Mapped[Contact | None] = relationship(foreign_keys=[decided_by_contact_id])
    about_contact: Mapped[Contact | None] = relationship(foreign_keys=[about_contact_id])
    decided_by_staff: Mapped[StaffUser | None] = relationship(foreign_keys=[decided_by_staff_id])


class CapacityAssessment(AppendOnly, Base):
    """Gillick competence (under 16) or mental capacity (16 and over) for one
    kind of decision, as recorded by staff. The latest one for an area stands."""

    __tablename__ = "capacity_assessments"
    __table_args__ = (
        # Only a young person found Gillick competent can refuse a contact;
        # from 16 their own agreement is asked for instead (see family_access).
        CheckConstraint(
            "refused_contact_id IS NULL OR outcome = 'gillick_competent'",
            name="refusal_needs_gillick_competence",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    decision_area: Mapped[DecisionArea] = mapped_column(enum_column(DecisionArea, "decision_area"))
    outcome: Mapped[AssessmentOutcome] = mapped_column(
        enum_column(AssessmentOutcome, "assessment_outcome")
    )
    # For Gillick-competent refusals: a contact the young person does not want to see or decide.
    refused_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    assessed_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    recorded_by: Mapped[StaffUser] = relationship()


class BestInterestsDecision(AppendOnly, Base):
    """A decision made for someone who lacks capacity for it (Mental Capacity Act s4)."""

    __tablename__ = "best_interests_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    decision_area: Mapped[DecisionArea] = mapped_column(enum_column(DecisionArea, "bi_area"))
    decision: Mapped[str] = mapped_column(Text)
    decision_maker_name: Mapped[str] = mapped_column(String(200))
    decision_maker_role: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    # A contact this decision allows to see the portal, when that is what it decided.
    allows_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

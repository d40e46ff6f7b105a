"""Staff record a consent decision someone made outside the portal (told by
phone, in person, on paper), or one made in a young person's best interests.

Who may decide is `family_rules.may_change_consent` with
`through_portal=False`, asked for each of the young person's contacts:
`lawful_bases` offers only the people (and bases) it allows, and
`record_on_behalf` refuses any other. When the latest assessment for the
item's area says the young person lacks capacity, a recorded
best-interests decision for that area is also a lawful basis (the member of
staff records it; the decision names the best-interests decision).

Like the family pages, recording is optimistic: the form carries the
decision that was current when it was shown, and a decision recorded
against a choice someone else changed meanwhile is refused with both shown.
Decisions are added, never updated; each is audited.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionBasis,
    DecisionChannel,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.services.access.family_rules import CAPACITY_AGE, may_change_consent, portal_access
from portal.services.access.family_sessions import end_sessions_after_access_lost
from portal.services.access.staff import require_visible
from portal.services.consent.current import current_decision
from portal.services.consent.decide import would_change
from portal.services.consent.people import may_be_about
from portal.services.consent.registry import item_type
from portal.services.records.audit import record_event

# How staff heard of a decision: never "portal" (the family pages record those).
STAFF_CHANNELS = (
    DecisionChannel.PHONE,
    DecisionChannel.IN_PERSON,
    DecisionChannel.PAPER,
    DecisionChannel.EMAIL,
    DecisionChannel.SMS,
)
STAFF_DECIDED = "staff.consent.decided"
NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class LawfulBasis:
    """Someone who may decide the item now, and on what basis."""

    # What a form sends: "contact-12" or "best-interests-5".
    key: str
    basis: DecisionBasis
    contact: Contact | None = None
    best_interests: BestInterestsDecision | None = None


@dataclass(frozen=True)
class OnBehalf:
    """What the member of staff recorded, and what they saw when they chose."""

    item: ConsentItem
    choice: ConsentChoice
    basis_key: str
    channel: DecisionChannel
    # The decision that was current when the form was shown (None: nobody had decided).
    seen_decision_id: int | None
    about_contact_id: int | None = None
    note: str | None = None


class OnBehalfOutcome(enum.StrEnum):
    RECORDED = "recorded"
    # The same choice on the same basis already stands: nothing added.
    UNCHANGED = "unchanged"
    # Someone changed the choice since the form was shown: nothing added.
    STALE = "stale"


@dataclass(frozen=True)
class OnBehalfResult:
    outcome: OnBehalfOutcome
    decision: ConsentDecision | None = None
    # For STALE: the decision that stands now, and the one the form was shown with.
    current: ConsentDecision | None = None
    seen: ConsentDecision | None = None


class BasisRefused(ValueError):
    """The person or basis named may not decide this item (or the form is not valid)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def lawful_bases(
    session: Session, young_person: YoungPerson, item: ConsentItem, today: date
) -> list[LawfulBasis]:
    """Everyone who may decide `item` for `young_person` today, and on what
    basis; a best-interests decision when the young person lacks capacity."""
    options = []
    for contact in young_person.contacts:
        access = may_change_consent(session, contact, item.code, today, through_portal=False)
        if access.allowed and access.basis is not None:
            options.append(LawfulBasis(f"contact-{contact.id}", access.basis, contact=contact))
    decision = _standing_best_interests(session, young_person, item, today)
    if decision is not None:
        options.append(
            LawfulBasis(
                f"best-interests-{decision.id}",
                DecisionBasis.BEST_INTERESTS,
                best_interests=decision,
            )
        )
    return options


def record_on_behalf(
    session: Session,
    staff: StaffUser,
    young_person: YoungPerson,
    draft: OnBehalf,
    today: date,
    *,
    ip_address: str | None = None,
) -> OnBehalfResult:
    """Add the decision `draft` describes. Raises NotVisible unless `staff`
    may see the young person, BasisRefused when the basis is not lawful now.
    Flushes; the caller's unit of work commits."""
    require_visible(session, staff, young_person.id)
    basis = _checked(session, young_person, draft, today)
    # One decision at a time for a young person (PostgreSQL; SQLite writes one at a time).
    session.execute(
        select(YoungPerson.id).where(YoungPerson.id == young_person.id).with_for_update()
    )
    current = current_decision(session, young_person.id, draft.item, draft.about_contact_id)
    if (current.id if current is not None else None) != draft.seen_decision_id:
        seen = (
            session.get(ConsentDecision, draft.seen_decision_id) if draft.seen_decision_id else None
        )
        return OnBehalfResult(OnBehalfOutcome.STALE, current=current, seen=seen)
    if not would_change(current, draft.choice, basis.basis):
        return OnBehalfResult(OnBehalfOutcome.UNCHANGED, current=current)
    decision = ConsentDecision(
        young_person_id=young_person.id,
        item_id=draft.item.id,
        choice=draft.choice,
        decided_by_contact_id=basis.contact.id if basis.contact else None,
        decided_by_staff_id=staff.id if basis.contact is None else None,
        basis=basis.basis,
        best_interests_decision_id=basis.best_interests.id if basis.best_interests else None,
        channel=draft.channel,
        recorded_by_staff_id=staff.id,
        about_contact_id=draft.about_contact_id,
        note=draft.note,
        decided_at=utc_now(),
    )
    session.add(decision)
    session.flush()
    record_event(
        session,
        STAFF_DECIDED,
        staff_user=staff,
        young_person_id=young_person.id,
        ip_address=ip_address,
        consent_decision_id=decision.id,
        item=draft.item.code,
        choice=draft.choice.value,
        basis=basis.basis.value,
        channel=draft.channel.value,
        about_contact_id=draft.about_contact_id,
    )
    _recheck_access(session, young_person, draft.about_contact_id, today)
    return OnBehalfResult(OnBehalfOutcome.RECORDED, decision)


def _checked(
    session: Session, young_person: YoungPerson, draft: OnBehalf, today: date
) -> LawfulBasis:
    if draft.channel not in STAFF_CHANNELS:
        raise BasisRefused("channel")
    if draft.note is not None and len(draft.note) > NOTE_MAX_LENGTH:
        raise BasisRefused("note_too_long")
    kind = item_type(draft.item.code)
    about_one = kind.about_one_contact
    others = {c.id for c in young_person.contacts if may_be_about(kind, c)}
    if about_one and draft.about_contact_id not in others:
        raise BasisRefused("about")
    if not about_one and draft.about_contact_id is not None:
        raise BasisRefused("about")
    for option in lawful_bases(session, young_person, draft.item, today):
        if option.key == draft.basis_key:
            return option
    raise BasisRefused("basis")


def _standing_best_interests(
    session: Session, young_person: YoungPerson, item: ConsentItem, today: date
) -> BestInterestsDecision | None:
    """The latest best-interests decision for the item's area, while the
    latest assessment for that area says the young person lacks capacity."""
    if young_person.age_on(today) < CAPACITY_AGE:
        return None
    area = item_type(item.code).area
    latest = session.scalars(
        select(CapacityAssessment)
        .where(
            CapacityAssessment.young_person_id == young_person.id,
            CapacityAssessment.decision_area == area,
        )
        .order_by(
            CapacityAssessment.assessed_on.desc(),
            CapacityAssessment.recorded_at.desc(),
            CapacityAssessment.id.desc(),
        )
        .limit(1)
    ).first()
    if latest is None or latest.outcome is not AssessmentOutcome.LACKS_CAPACITY:
        return None
    return session.scalars(
        select(BestInterestsDecision)
        .where(
            BestInterestsDecision.young_person_id == young_person.id,
            BestInterestsDecision.decision_area == area,
        )
        .order_by(
            BestInterestsDecision.decided_on.desc(),
            BestInterestsDecision.recorded_at.desc(),
            BestInterestsDecision.id.desc(),
        )
        .limit(1)
    ).first()


def _recheck_access(
    session: Session, young_person: YoungPerson, about_contact_id: int | None, today: date
) -> None:
    """A decision about one contact seeing the portal takes effect at once."""
    about = next((c for c in young_person.contacts if c.id == about_contact_id), None)
    if about is None:
        return
    still = portal_access(session, about, today)
    if not still.allowed:
        end_sessions_after_access_lost(session, about, still.reason)

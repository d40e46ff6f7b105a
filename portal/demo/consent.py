"""The demo's consent: the standard items, and each young person's decisions.

The items are added by the same function that adds the app's own
(`demo_consent_items` is the one place that calls it). The decisions are
what the keyworker recorded at a meeting a month ago (who decides follows the
young person's age), plus:

- Niamh (18) lacks capacity for two decisions, each assessed on its own:
  being on the register, and who may see her portal. Each has a
  best-interests decision.
- From 16 a parent sees the portal only when the young person agrees: those
  who are 16 or 17 have agreed that their Mum may.
- Sam said yes to sharing with school, then changed his mind on the portal:
  history, not overwriting.

There is no staff page for recording decisions yet, so they are built as
rows. Sam's change on the portal is one too, dated a few days ago: the family
pages' own `portal.services.consent.choices.decide` would date it now and
leave a notice for staff marked new, and the demo starts with nothing new for
staff to read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.people import DemoFamily
from portal.demo.staff import DEMO_STAFF
from portal.models import (
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
    Relationship,
    StaffRole,
)
from portal.services.access.family_rules import ADULT_AGE, CAPACITY_AGE
from portal.services.consent.registry import FAMILY_SEES_PORTAL, sync_consent_items

# What everyone (but Niamh) agreed to at the meeting.
AGREED_IN_PERSON = ("register", "share_school", "share_gp", "contact_by_message")
DECIDED_DAYS_AGO = 30
# The demo team's manager makes the best-interests decisions.
MANAGER_NAME = next(name for name, _email, role in DEMO_STAFF if role is StaffRole.MANAGER)
YES = ConsentChoice.YES


def demo_consent_items(session: Session) -> dict[str, ConsentItem]:
    """The consent items by code, after adding any standard one that is missing.
    The one place the demo asks for the items."""
    sync_consent_items(session)
    return {item.code: item for item in session.scalars(select(ConsentItem))}


def add_demo_consent(
    session: Session,
    family: DemoFamily,
    items: Mapping[str, ConsentItem],
    *,
    today: date,
    now: datetime,
) -> None:
    """Add `family`'s young person's consent decisions (see the module's notes)."""
    if family.spec.preferred_name == "Niamh":
        _add_best_interests_consent(session, family, items, today=today, now=now)
        return
    by_relation = _by_relation(family.contacts)
    if family.spec.age < CAPACITY_AGE:
        decider, basis = by_relation[Relationship.PARENT], DecisionBasis.PARENTAL_RESPONSIBILITY
    else:
        decider, basis = by_relation[Relationship.SELF], DecisionBasis.OWN_CONSENT
    decided_at = now - timedelta(days=DECIDED_DAYS_AGO)
    for code in AGREED_IN_PERSON:
        session.add(_decision(family, items[code], YES, decider, basis, decided_at=decided_at))
    if CAPACITY_AGE <= family.spec.age < ADULT_AGE:
        mum = by_relation[Relationship.PARENT]
        session.add(
            _decision(
                family,
                items[FAMILY_SEES_PORTAL.code],
                YES,
                decider,
                basis,
                decided_at=decided_at,
                about=mum,
            )
        )
    if family.spec.preferred_name == "Sam":
        session.add(
            _decision(
                family,
                items["share_school"],
                ConsentChoice.NO,
                decider,
                basis,
                decided_at=now - timedelta(days=3),
                channel=DecisionChannel.PORTAL,
                note="Changed his mind about school (demo).",
            )
        )


def _by_relation(contacts: Sequence[Contact]) -> dict[Relationship, Contact]:
    """Each kind of contact, by the last of that kind: Liv's Dad decides for
    her, and her Mum is on the record too."""
    return {contact.relation: contact for contact in contacts}


def _decision(
    family: DemoFamily,
    item: ConsentItem,
    choice: ConsentChoice,
    decider: Contact,
    basis: DecisionBasis,
    *,
    decided_at: datetime,
    about: Contact | None = None,
    channel: DecisionChannel = DecisionChannel.IN_PERSON,
    note: str | None = None,
) -> ConsentDecision:
    """A decision `decider` made (about `about`, for "family_sees_portal"),
    on the keyworker's record."""
    return ConsentDecision(
        young_person_id=family.person.id,
        recorded_by_staff_id=family.keyworker.id,
        item_id=item.id,
        choice=choice,
        decided_by_contact_id=decider.id,
        about_contact_id=about.id if about is not None else None,
        basis=basis,
        channel=channel,
        decided_at=decided_at,
        note=note,
    )


def _add_best_interests_consent(
    session: Session,
    family: DemoFamily,
    items: Mapping[str, ConsentItem],
    *,
    today: date,
    now: datetime,
) -> None:
    """Niamh's capacity assessments and best-interests decisions, and her
    consent to the register given on that basis."""
    keyworker = family.keyworker
    for area in (DecisionArea.REGISTER, DecisionArea.FAMILY_ACCESS):
        session.add(
            CapacityAssessment(
                young_person_id=family.person.id,
                decision_area=area,
                outcome=AssessmentOutcome.LACKS_CAPACITY,
                recorded_by_id=keyworker.id,
                assessed_on=today - timedelta(days=35),
                review_on=today + timedelta(days=330),
                note="Assessed with the learning disability nurse (demo).",
            )
        )
    sister = _by_relation(family.contacts)[Relationship.RELATIVE]
    register = _best_interests(
        family,
        DecisionArea.REGISTER,
        "Stay on the register.",
        "Keeps support in place at home.",
        today=today,
    )
    portal = _best_interests(
        family,
        DecisionArea.FAMILY_ACCESS,
        "Her sister may see the portal.",
        "Her sister helps her read her plan and get ready for meetings.",
        today=today,
        allows=sister,
    )
    session.add_all([register, portal])
    session.flush()
    session.add(
        ConsentDecision(
            young_person_id=family.person.id,
            recorded_by_staff_id=keyworker.id,
            item_id=items["register"].id,
            choice=YES,
            decided_by_staff_id=keyworker.id,
            basis=DecisionBasis.BEST_INTERESTS,
            best_interests_decision_id=register.id,
            channel=DecisionChannel.IN_PERSON,
            decided_at=now - timedelta(days=DECIDED_DAYS_AGO),
        )
    )


def _best_interests(
    family: DemoFamily,
    area: DecisionArea,
    decision: str,
    reason: str,
    *,
    today: date,
    allows: Contact | None = None,
) -> BestInterestsDecision:
    """A best-interests decision the team manager made a month ago, due for
    review in eleven months."""
    return BestInterestsDecision(
        young_person_id=family.person.id,
        decision_area=area,
        decision=decision,
        decision_maker_name=MANAGER_NAME,
        decision_maker_role="Team manager",
        reason=reason,
        allows_contact_id=allows.id if allows is not None else None,
        decided_on=today - timedelta(days=DECIDED_DAYS_AGO),
        review_on=today + timedelta(days=335),
        recorded_by_id=family.keyworker.id,
    )

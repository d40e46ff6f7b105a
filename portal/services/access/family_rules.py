"""Who may see a young person's portal, and who may change each consent choice.

One place decides, from the record; views never check access themselves. The
answer is worked out again on every call, from what is recorded now, so a
change to the record takes effect at the next request in every session.

`today` is the date in Europe/London (`portal.timezones.london_today()`), so
an answer changes on the morning of a birthday, not at midnight UTC.

Who may see the portal (`portal_access`)
----------------------------------------

The staff switch `Contact.portal_access_enabled` must be on in every case:
staff can always turn access off, whatever else the record says. A contact
staff removed from the record (`Contact.removed_at`) has no access, and
decides nothing, whatever else is recorded. On top of it:

| age      | contact                     | may see the portal when                             |
|----------|-----------------------------|-----------------------------------------------------|
| any      | the young person ("self")   | they are at least `minimum_own_access_age` (11)     |
| under 16 | has parental responsibility | unless a Gillick-competent refusal names them       |
| under 16 | anyone else                 | never                                               |
| 16, 17   | anyone                      | the young person agreed, or, if staff recorded that |
|          |                             | the young person lacks capacity for family access,  |
|          |                             | a best-interests decision allows them               |
| 18+      | attorney (health and        | always, unless the young person, not recorded as    |
|          | welfare LPA) or deputy      | lacking capacity, said no to them                   |
| 18+      | anyone else                 | as for 16 and 17                                    |

How the record says it:

- **The young person's agreement** is a `ConsentDecision` for the consent item
  "family_sees_portal" with `about_contact_id` naming the contact. Decisions
  are append-only, so agreeing, withdrawing and agreeing again are three rows;
  the decision that stands is the latest for that item and contact
  (`portal.services.consent.current`, the rule every page uses). It allows only when it
  is "yes" on the basis "own_consent": a decision made by anyone else cannot
  stand in for the young person's agreement, and a later one of any kind ends
  an earlier agreement. A column on the existing history table was chosen over
  a new table so that this choice has the same history, channel, audit and
  withdrawal as every other consent choice. It counts from the 16th birthday:
  before that, parental responsibility decides.
- **Capacity** is the latest `CapacityAssessment` for the area
  "family_access" (by `assessed_on`, then when it was recorded). From 16 the
  Mental Capacity Act presumes capacity: with no assessment, or any outcome but
  "lacks_capacity", the young person's own agreement is needed.
- **A Gillick-competent refusal** is a `CapacityAssessment` for
  "family_access" with the outcome "gillick_competent" and `refused_contact_id`
  naming the contact (a database check allows a refusal only with that
  outcome). For each contact, the latest family-access assessment that names
  them, or names nobody, stands. So refusing Mum and then Dad refuses both; a
  later assessment naming nobody ("not Gillick competent", or "competent and
  refusing nobody") ends every refusal, and staff record again any refusal
  that still holds.
- **A best-interests decision** (Mental Capacity Act section 4) is a
  `BestInterestsDecision` for "family_access" with `allows_contact_id` naming
  the contact. It counts only while the latest assessment for family access
  says the young person lacks capacity: a best-interests decision is made for
  someone who cannot make the decision, and once staff record that the young
  person can, their own choice decides. As with refusals, the latest decision
  naming the contact or naming nobody stands, so a later decision that names
  nobody ends earlier ones.
- **A best-interests decision past its review date still counts.** The review
  date is when staff must look at it again, not an end date: taking away the
  sister who helps someone read because a meeting was late would harm the
  person the decision protects. The answer carries `review_overdue=True` so
  staff pages can show that the review is due. Staff who decide access should
  stop can turn the switch off at once.
- **An attorney or deputy** is a contact whose `legal_authority` is
  "lasting_power_of_attorney" or "deputy" and whose authority covers health
  and welfare (`authority_health_and_welfare`): one for property and finance
  only is treated as anyone else. Both exist only for people aged 18
  and over. Their authority is for decisions the person cannot make, so a
  young person who is not recorded as lacking capacity and whose latest
  decision about them is "no" is respected.

Who may change a consent choice (`may_change_consent`)
------------------------------------------------------

Each consent item belongs to a decision area (`decision_area_for`, from the
item's type in `portal.services.consent.registry`), and the latest capacity
or Gillick assessment for that area counts:

- under 16: people with parental responsibility, unless the young person is
  Gillick competent for the area: then only the young person;
- 16 and 17: the young person, unless they lack capacity for the area: then
  nobody in the family (staff record a best-interests decision);
- 18 and over: the young person, or, when they lack capacity for the area, an
  attorney or deputy;
- an item only the young person decides, from 16 ("family_sees_portal":
  its type is `decided_from_16` and `only_the_young_person_decides`): only the
  young person, from 16, with capacity for family access. Before 16, access
  follows parental responsibility; without capacity, staff record a
  best-interests decision (consulting any attorney or deputy);
- an item each contact decides about their own ("feedback_in_reports", whose
  type is `each_contact_decides_own`): every contact decides about themselves
  only, at any age, on their own consent; a young person assessed as lacking
  capacity for the item's area does not (their words are not quoted).

The answer's `basis` is the `DecisionBasis` to record with the decision. By
default the contact must also be allowed to see the portal (a decision made
through the portal); staff recording a decision made in person pass
`through_portal=False`.

Queries
-------

Both functions run on every family request, so each reads at most the young
person, the family-access assessments, the latest agreement and the latest
best-interests decision about the contact: four small queries at most
(`may_change_consent` adds one for the item's area).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.models import (
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    ConsentChoice,
    ConsentDecision,
    Contact,
    DecisionArea,
    DecisionBasis,
    LegalAuthority,
    Relationship,
)
from portal.services.consent.current import current_decision
from portal.services.consent.registry import FAMILY_SEES_PORTAL, item_type

DEFAULT_MINIMUM_OWN_ACCESS_AGE = 11
# The Mental Capacity Act applies from 16; adult authority (LPA, deputy) from 18.
CAPACITY_AGE = 16
ADULT_AGE = 18

_AUTHORITY_BASIS = {
    LegalAuthority.LASTING_POWER_OF_ATTORNEY: DecisionBasis.LASTING_POWER_OF_ATTORNEY,
    LegalAuthority.DEPUTY: DecisionBasis.DEPUTY,
}


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    # A short code saying why, for audit and tests (never shown to families).
    reason: str
    # When allowed: the basis on which the contact sees or decides.
    basis: DecisionBasis | None = None
    # When a best-interests decision is what allows it.
    best_interests_decision_id: int | None = None
    # That decision's review date has passed: staff should review it.
    review_overdue: bool = False


def _health_and_welfare_authority(contact: Contact) -> DecisionBasis | None:
    """The basis of the contact's lasting power of attorney or deputyship,
    when it covers health and welfare. One for property and finance only
    gives no say over the plan, meetings or consent."""
    if not contact.authority_health_and_welfare:
        return None
    return _AUTHORITY_BASIS.get(contact.legal_authority)


def decision_area_for(item_code: str) -> DecisionArea:
    """The decision area whose capacity or Gillick assessment governs an item
    (the item's type in `portal.services.consent.registry` says)."""
    return item_type(item_code).area


def portal_access(
    session: Session,
    contact: Contact,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> AccessDecision:
    """May `contact` see their young person's portal on `today` (a London date)?"""
    if contact.removed_at is not None:
        return AccessDecision(False, "contact_removed")
    if not contact.portal_access_enabled:
        return AccessDecision(False, "access_switched_off")
    age = contact.young_person.age_on(today)
    if contact.relation is Relationship.SELF:
        if age < minimum_own_access_age:
            return AccessDecision(False, "young_person_under_minimum_age")
        return AccessDecision(True, "young_person_themselves")
    if age < CAPACITY_AGE:
        return _access_under_16(session, contact)
    return _access_from_16(session, contact, today, adult=age >= ADULT_AGE)


def may_change_consent(
    session: Session,
    contact: Contact,
    item_code: str,
    today: date,
    *,
    through_portal: bool = True,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> AccessDecision:
    """May `contact` decide the consent item `item_code` for their young person?

    When allowed, `basis` is what to record with the decision."""
    if contact.removed_at is not None:
        return AccessDecision(False, "contact_removed")
    if through_portal:
        access = portal_access(
            session, contact, today, minimum_own_access_age=minimum_own_access_age
        )
        if not access.allowed:
            return access
    age = contact.young_person.age_on(today)
    is_self = contact.relation is Relationship.SELF
    kind = item_type(item_code)
    latest = _latest(_assessments(session, contact.young_person_id, kind.area))
    outcome = latest.outcome if latest is not None else None
    lacks_capacity = outcome is AssessmentOutcome.LACKS_CAPACITY

    if kind.each_contact_decides_own:
        if is_self and lacks_capacity:
            return AccessDecision(False, "lacks_capacity_best_interests_decision_needed")
        return AccessDecision(True, "decides_own", DecisionBasis.OWN_CONSENT)
    if kind.decided_from_16 and age < CAPACITY_AGE:
        return AccessDecision(False, "under_16_parental_responsibility_decides_access")
    if kind.only_the_young_person_decides:
        if not is_self:
            return AccessDecision(False, "only_the_young_person_decides_who_sees")
        if lacks_capacity:
            return AccessDecision(False, "lacks_capacity_best_interests_decision_needed")
        return AccessDecision(True, "young_person_decides", DecisionBasis.OWN_CONSENT)
    if age < CAPACITY_AGE:
        return _decides_under_16(contact, outcome, is_self=is_self)
    return _decides_from_16(contact, age, is_self=is_self, lacks_capacity=lacks_capacity)


def _decides_under_16(
    contact: Contact, outcome: AssessmentOutcome | None, *, is_self: bool
) -> AccessDecision:
    """Parental responsibility decides, unless the young person is Gillick
    competent for the item's area."""
    if outcome is AssessmentOutcome.GILLICK_COMPETENT:
        if is_self:
            return AccessDecision(True, "gillick_competent", DecisionBasis.GILLICK_COMPETENT)
        return AccessDecision(False, "young_person_is_gillick_competent")
    if contact.has_parental_responsibility:
        return AccessDecision(
            True, "parental_responsibility", DecisionBasis.PARENTAL_RESPONSIBILITY
        )
    if is_self:
        return AccessDecision(False, "parental_responsibility_decides")
    return AccessDecision(False, "no_parental_responsibility")


def _decides_from_16(
    contact: Contact, age: int, *, is_self: bool, lacks_capacity: bool
) -> AccessDecision:
    """The young person decides, unless they lack capacity for the item's
    area: then, from 18, an attorney or deputy."""
    if is_self:
        if lacks_capacity:
            return AccessDecision(False, "lacks_capacity_best_interests_decision_needed")
        return AccessDecision(True, "young_person_decides", DecisionBasis.OWN_CONSENT)
    authority = _health_and_welfare_authority(contact)
    if age >= ADULT_AGE and authority is not None:
        if lacks_capacity:
            return AccessDecision(True, authority.value, authority)
        return AccessDecision(False, "young_person_has_capacity")
    if lacks_capacity:
        return AccessDecision(False, "lacks_capacity_best_interests_decision_needed")
    return AccessDecision(False, "young_person_decides")


def _access_under_16(session: Session, contact: Contact) -> AccessDecision:
    if not contact.has_parental_responsibility:
        return AccessDecision(False, "no_parental_responsibility")
    assessments = _assessments(session, contact.young_person_id, DecisionArea.FAMILY_ACCESS)
    standing = _latest([a for a in assessments if a.refused_contact_id in (None, contact.id)])
    if (
        standing is not None
        and standing.outcome is AssessmentOutcome.GILLICK_COMPETENT
        and standing.refused_contact_id == contact.id
    ):
        return AccessDecision(False, "gillick_competent_refused_contact")
    return AccessDecision(True, "parental_responsibility", DecisionBasis.PARENTAL_RESPONSIBILITY)


def _access_from_16(
    session: Session, contact: Contact, today: date, *, adult: bool
) -> AccessDecision:
    assessment = _latest(_assessments(session, contact.young_person_id, DecisionArea.FAMILY_ACCESS))
    lacks_capacity = (
        assessment is not None and assessment.outcome is AssessmentOutcome.LACKS_CAPACITY
    )
    agreement = _latest_agreement(session, contact)
    # The young person's own latest choice about this contact, if that is what stands.
    own_choice = (
        agreement.choice
        if agreement is not None and agreement.basis is DecisionBasis.OWN_CONSENT
        else None
    )

    authority = _health_and_welfare_authority(contact) if adult else None
    if authority is not None:
        if own_choice is ConsentChoice.NO and not lacks_capacity:
            return AccessDecision(False, "young_person_said_no")
        return AccessDecision(True, authority.value, authority)

    if lacks_capacity:
        decision = _latest_best_interests(session, contact)
        if decision is not None and decision.allows_contact_id == contact.id:
            return AccessDecision(
                True,
                "best_interests_decision",
                DecisionBasis.BEST_INTERESTS,
                best_interests_decision_id=decision.id,
                review_overdue=decision.review_on < today,
            )
        return AccessDecision(False, "lacks_capacity_no_best_interests_decision")

    if own_choice is ConsentChoice.YES:
        return AccessDecision(True, "young_person_agreed", DecisionBasis.OWN_CONSENT)
    if agreement is None:
        return AccessDecision(False, "no_agreement_recorded")
    if own_choice is ConsentChoice.NO:
        return AccessDecision(False, "young_person_said_no")
    return AccessDecision(False, "latest_decision_not_the_young_persons")


def _assessments(
    session: Session, young_person_id: int, area: DecisionArea
) -> Sequence[CapacityAssessment]:
    """Every assessment for one area, oldest first (there are only ever a few)."""
    return session.scalars(
        select(CapacityAssessment)
        .where(
            CapacityAssessment.young_person_id == young_person_id,
            CapacityAssessment.decision_area == area,
        )
        .order_by(
            CapacityAssessment.assessed_on,
            CapacityAssessment.recorded_at,
            CapacityAssessment.id,
        )
    ).all()


def _latest(assessments: Sequence[CapacityAssessment]) -> CapacityAssessment | None:
    return assessments[-1] if assessments else None


def _latest_agreement(session: Session, contact: Contact) -> ConsentDecision | None:
    """The "family_sees_portal" decision about `contact` that stands now."""
    return current_decision(
        session, contact.young_person_id, FAMILY_SEES_PORTAL.code, about_contact_id=contact.id
    )


def _latest_best_interests(session: Session, contact: Contact) -> BestInterestsDecision | None:
    """The latest family-access best-interests decision naming `contact` or nobody."""
    return session.scalars(
        select(BestInterestsDecision)
        .where(
            BestInterestsDecision.young_person_id == contact.young_person_id,
            BestInterestsDecision.decision_area == DecisionArea.FAMILY_ACCESS,
            or_(
                BestInterestsDecision.allows_contact_id == contact.id,
                BestInterestsDecision.allows_contact_id.is_(None),
            ),
        )
        .order_by(
            BestInterestsDecision.decided_on.desc(),
            BestInterestsDecision.recorded_at.desc(),
            BestInterestsDecision.id.desc(),
        )
        .limit(1)
    ).first()

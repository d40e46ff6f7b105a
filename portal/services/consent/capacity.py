"""Staff record Gillick competence and mental-capacity assessments, and
best-interests decisions, for one decision area at a time.

Both are append-only history: a new assessment or decision stands from the
moment it is recorded (the access rules in `family_rules` read the latest
one for each area), and earlier ones stay. The rules here:

- Gillick competence is assessed before the 16th birthday, mental capacity
  from it (the Mental Capacity Act applies from 16);
- a Gillick-competent young person may refuse one of their contacts, for
  family access only;
- a best-interests decision is made only for someone whose latest assessment
  for that area says they lack capacity, and only a family-access decision
  names a contact it lets see the portal;
- dates are not in the future, and a review date comes after the decision.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    DecisionArea,
    Relationship,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.services.access.family_rules import CAPACITY_AGE
from portal.services.access.staff import require_visible
from portal.services.records.audit import record_event

TEXT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 200
ROLE_MAX_LENGTH = 120
GILLICK_OUTCOMES = (AssessmentOutcome.GILLICK_COMPETENT, AssessmentOutcome.NOT_GILLICK_COMPETENT)
CAPACITY_OUTCOMES = (AssessmentOutcome.HAS_CAPACITY, AssessmentOutcome.LACKS_CAPACITY)


class CapacityProblem(enum.StrEnum):
    OUTCOME_NOT_FOR_AGE = "outcome_not_for_age"
    REFUSAL_NOT_ALLOWED = "refusal_not_allowed"
    NOT_A_CONTACT = "not_a_contact"
    DATE_IN_FUTURE = "date_in_future"
    REVIEW_NOT_AFTER = "review_not_after"
    TEXT_MISSING = "text_missing"
    TEXT_TOO_LONG = "text_too_long"
    CAPACITY_NOT_LACKING = "capacity_not_lacking"
    ALLOWS_ONLY_FAMILY_ACCESS = "allows_only_family_access"


class CapacityRefused(ValueError):
    def __init__(self, problems: list[CapacityProblem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AssessmentDraft:
    area: DecisionArea
    outcome: AssessmentOutcome
    assessed_on: date
    review_on: date | None
    note: str
    refused_contact_id: int | None = None


@dataclass(frozen=True)
class BestInterestsDraft:
    area: DecisionArea
    decision: str
    decision_maker_name: str
    decision_maker_role: str
    reason: str
    decided_on: date
    review_on: date
    allows_contact_id: int | None = None


def outcomes_for_age(young_person: YoungPerson, on: date) -> tuple[AssessmentOutcome, ...]:
    """Gillick outcomes before 16, capacity outcomes from 16."""
    return GILLICK_OUTCOMES if young_person.age_on(on) < CAPACITY_AGE else CAPACITY_OUTCOMES


def record_assessment(
    session: Session,
    staff: StaffUser,
    young_person: YoungPerson,
    draft: AssessmentDraft,
    today: date,
    *,
    ip_address: str | None = None,
) -> CapacityAssessment:
    """Add an assessment. Raises NotVisible, or CapacityRefused with every
    problem. Flushes; the caller's unit of work commits."""
    require_visible(session, staff, young_person.id)
    problems = _dates(draft.assessed_on, draft.review_on, today)
    problems += _texts(draft.note)
    if draft.outcome not in outcomes_for_age(young_person, draft.assessed_on):
        problems.append(CapacityProblem.OUTCOME_NOT_FOR_AGE)
    if draft.refused_contact_id is not None:
        if (
            draft.outcome is not AssessmentOutcome.GILLICK_COMPETENT
            or draft.area is not DecisionArea.FAMILY_ACCESS
        ):
            problems.append(CapacityProblem.REFUSAL_NOT_ALLOWED)
        problems += _contact_problems(young_person, draft.refused_contact_id)
    if problems:
        raise CapacityRefused(problems)
    assessment = CapacityAssessment(
        young_person_id=young_person.id,
        decision_area=draft.area,
        outcome=draft.outcome,
        refused_contact_id=draft.refused_contact_id,
        recorded_by_id=staff.id,
        assessed_on=draft.assessed_on,
        review_on=draft.review_on,
        note=draft.note.strip(),
        recorded_at=utc_now(),
    )
    session.add(assessment)
    session.flush()
    record_event(
        session,
        "staff.capacity.assessed",
        staff_user=staff,
        young_person_id=young_person.id,
        ip_address=ip_address,
        capacity_assessment_id=assessment.id,
        area=draft.area.value,
        outcome=draft.outcome.value,
        refused_contact_id=draft.refused_contact_id,
    )
    return assessment


def record_best_interests(
    session: Session,
    staff: StaffUser,
    young_person: YoungPerson,
    draft: BestInterestsDraft,
    today: date,
    *,
    ip_address: str | None = None,
) -> BestInterestsDecision:
    """Add a best-interests decision. Raises NotVisible, or CapacityRefused
    with every problem. Flushes; the caller's unit of work commits."""
    require_visible(session, staff, young_person.id)
    problems = _dates(draft.decided_on, draft.review_on, today)
    problems += _texts(draft.decision, draft.reason, draft.decision_maker_name)
    problems += _texts(draft.decision_maker_role)
    if len(draft.decision_maker_name) > NAME_MAX_LENGTH:
        problems.append(CapacityProblem.TEXT_TOO_LONG)
    if len(draft.decision_maker_role) > ROLE_MAX_LENGTH:
        problems.append(CapacityProblem.TEXT_TOO_LONG)
    latest = latest_assessment(session, young_person.id, draft.area)
    if latest is None or latest.outcome is not AssessmentOutcome.LACKS_CAPACITY:
        problems.append(CapacityProblem.CAPACITY_NOT_LACKING)
    if draft.allows_contact_id is not None:
        if draft.area is not DecisionArea.FAMILY_ACCESS:
            problems.append(CapacityProblem.ALLOWS_ONLY_FAMILY_ACCESS)
        problems += _contact_problems(young_person, draft.allows_contact_id)
    if problems:
        raise CapacityRefused(sorted(set(problems), key=problems.index))
    decision = BestInterestsDecision(
        young_person_id=young_person.id,
        decision_area=draft.area,
        decision=draft.decision.strip(),
        decision_maker_name=draft.decision_maker_name.strip(),
        decision_maker_role=draft.decision_maker_role.strip(),
        reason=draft.reason.strip(),
        allows_contact_id=draft.allows_contact_id,
        decided_on=draft.decided_on,
        review_on=draft.review_on,
        recorded_by_id=staff.id,
        recorded_at=utc_now(),
    )
    session.add(decision)
    session.flush()
    record_event(
        session,
        "staff.capacity.best_interests_decided",
        staff_user=staff,
        young_person_id=young_person.id,
        ip_address=ip_address,
        best_interests_decision_id=decision.id,
        area=draft.area.value,
        allows_contact_id=draft.allows_contact_id,
    )
    return decision


def latest_assessment(
    session: Session, young_person_id: int, area: DecisionArea
) -> CapacityAssessment | None:
    """The assessment that stands for `area` (the order `family_rules` reads)."""
    return session.scalars(
        select(CapacityAssessment)
        .where(
            CapacityAssessment.young_person_id == young_person_id,
            CapacityAssessment.decision_area == area,
        )
        .order_by(
            CapacityAssessment.assessed_on.desc(),
            CapacityAssessment.recorded_at.desc(),
            CapacityAssessment.id.desc(),
        )
        .limit(1)
    ).first()


def assessments_of(session: Session, young_person_id: int) -> list[CapacityAssessment]:
    """Every assessment, newest first, with who recorded it."""
    return list(
        session.scalars(
            select(CapacityAssessment)
            .where(CapacityAssessment.young_person_id == young_person_id)
            .options(joinedload(CapacityAssessment.recorded_by))
            .order_by(
                CapacityAssessment.assessed_on.desc(),
                CapacityAssessment.recorded_at.desc(),
                CapacityAssessment.id.desc(),
            )
        )
    )


def best_interests_of(session: Session, young_person_id: int) -> list[BestInterestsDecision]:
    """Every best-interests decision, newest first."""
    return list(
        session.scalars(
            select(BestInterestsDecision)
            .where(BestInterestsDecision.young_person_id == young_person_id)
            .order_by(
                BestInterestsDecision.decided_on.desc(),
                BestInterestsDecision.recorded_at.desc(),
                BestInterestsDecision.id.desc(),
            )
        )
    )


def _dates(on: date, review_on: date | None, today: date) -> list[CapacityProblem]:
    problems = []
    if on > today:
        problems.append(CapacityProblem.DATE_IN_FUTURE)
    if review_on is not None and review_on <= on:
        problems.append(CapacityProblem.REVIEW_NOT_AFTER)
    return problems


def _texts(*texts: str) -> list[CapacityProblem]:
    problems = []
    for text in texts:
        if not text.strip():
            problems.append(CapacityProblem.TEXT_MISSING)
        elif len(text) > TEXT_MAX_LENGTH:
            problems.append(CapacityProblem.TEXT_TOO_LONG)
    return problems


def _contact_problems(young_person: YoungPerson, contact_id: int) -> list[CapacityProblem]:
    others = {c.id for c in young_person.contacts if c.relation is not Relationship.SELF}
    return [] if contact_id in others else [CapacityProblem.NOT_A_CONTACT]

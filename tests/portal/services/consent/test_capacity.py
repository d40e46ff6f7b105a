"""Recording Gillick competence, mental capacity and best-interests
decisions: the rules refuse what the law does not allow, history is kept, and
what is recorded changes who may see the portal as the access rules say."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AssessmentOutcome, AuditEvent, DecisionArea, DecisionBasis
from portal.services.access.family_rules import portal_access
from portal.services.access.staff import NotVisible
from portal.services.consent.capacity import (
    AssessmentDraft,
    BestInterestsDraft,
    CapacityProblem,
    CapacityRefused,
    assessments_of,
    record_assessment,
    record_best_interests,
)
from tests.support.consent_households import TODAY, household
from tests.support.factories import make_staff_user, make_team

UNDER_16 = date(2013, 5, 1)
AGED_17 = date(2009, 5, 1)


def _assessment(outcome: AssessmentOutcome, **changes: object) -> AssessmentDraft:
    values: dict[str, object] = {
        "area": DecisionArea.FAMILY_ACCESS,
        "outcome": outcome,
        "assessed_on": date(2026, 11, 30),
        "review_on": date(2027, 5, 30),
        "note": "Talked it through with them and their advocate.",
    }
    values.update(changes)
    return AssessmentDraft(**values)  # type: ignore[arg-type]


def _best_interests(**changes: object) -> BestInterestsDraft:
    values: dict[str, object] = {
        "area": DecisionArea.FAMILY_ACCESS,
        "decision": "Their aunt may see the portal to help them read it.",
        "decision_maker_name": "Sam Example",
        "decision_maker_role": "Team manager",
        "reason": "She reads it with them every week.",
        "decided_on": date(2026, 12, 1),
        "review_on": date(2027, 6, 1),
    }
    values.update(changes)
    return BestInterestsDraft(**values)  # type: ignore[arg-type]


def test_a_gillick_competent_refusal_ends_the_parents_access(session: Session) -> None:
    home = household(session, born=UNDER_16)
    assert portal_access(session, home.parent, TODAY).allowed
    draft = _assessment(AssessmentOutcome.GILLICK_COMPETENT, refused_contact_id=home.parent.id)
    record_assessment(session, home.keyworker, home.young_person, draft, TODAY)
    refused = portal_access(session, home.parent, TODAY)
    assert not refused.allowed and refused.reason == "gillick_competent_refused_contact"
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "staff.capacity.assessed")
    ).one()
    assert event.detail["refused_contact_id"] == home.parent.id


def test_lacking_capacity_a_best_interests_decision_lets_the_aunt_see(session: Session) -> None:
    home = household(session, born=AGED_17)
    record_assessment(
        session,
        home.keyworker,
        home.young_person,
        _assessment(AssessmentOutcome.LACKS_CAPACITY),
        TODAY,
    )
    assert portal_access(session, home.aunt, TODAY).reason == (
        "lacks_capacity_no_best_interests_decision"
    )
    decision = record_best_interests(
        session,
        home.keyworker,
        home.young_person,
        _best_interests(allows_contact_id=home.aunt.id),
        TODAY,
    )
    access = portal_access(session, home.aunt, TODAY)
    assert access.allowed and access.basis is DecisionBasis.BEST_INTERESTS
    assert access.best_interests_decision_id == decision.id
    # A later assessment that finds capacity ends it: their own choice decides.
    record_assessment(
        session,
        home.keyworker,
        home.young_person,
        _assessment(AssessmentOutcome.HAS_CAPACITY, assessed_on=date(2026, 12, 2), review_on=None),
        TODAY,
    )
    assert not portal_access(session, home.aunt, TODAY).allowed
    assert [a.outcome for a in assessments_of(session, home.young_person.id)] == [
        AssessmentOutcome.HAS_CAPACITY,
        AssessmentOutcome.LACKS_CAPACITY,
    ]


@pytest.mark.parametrize(
    ("born", "draft", "problem"),
    [
        (AGED_17, _assessment(AssessmentOutcome.GILLICK_COMPETENT), "outcome_not_for_age"),
        (UNDER_16, _assessment(AssessmentOutcome.LACKS_CAPACITY), "outcome_not_for_age"),
        (
            UNDER_16,
            _assessment(AssessmentOutcome.GILLICK_COMPETENT, assessed_on=date(2026, 12, 3)),
            "date_in_future",
        ),
        (
            UNDER_16,
            _assessment(AssessmentOutcome.GILLICK_COMPETENT, review_on=date(2026, 11, 30)),
            "review_not_after",
        ),
        (UNDER_16, _assessment(AssessmentOutcome.GILLICK_COMPETENT, note=" "), "text_missing"),
    ],
)
def test_assessments_the_law_does_not_allow_are_refused(
    session: Session, born: date, draft: AssessmentDraft, problem: str
) -> None:
    home = household(session, born=born)
    with pytest.raises(CapacityRefused) as refused:
        record_assessment(session, home.keyworker, home.young_person, draft, TODAY)
    assert CapacityProblem(problem) in refused.value.problems
    assert assessments_of(session, home.young_person.id) == []


def test_a_refusal_needs_gillick_competence_for_family_access(session: Session) -> None:
    home = household(session, born=UNDER_16)
    for draft in (
        _assessment(AssessmentOutcome.NOT_GILLICK_COMPETENT, refused_contact_id=home.parent.id),
        _assessment(
            AssessmentOutcome.GILLICK_COMPETENT,
            area=DecisionArea.REGISTER,
            refused_contact_id=home.parent.id,
        ),
    ):
        with pytest.raises(CapacityRefused) as refused:
            record_assessment(session, home.keyworker, home.young_person, draft, TODAY)
        assert refused.value.problems == [CapacityProblem.REFUSAL_NOT_ALLOWED]


def test_a_contact_of_someone_else_cannot_be_named(session: Session) -> None:
    home = household(session, born=UNDER_16)
    other = household(session, born=UNDER_16)
    draft = _assessment(AssessmentOutcome.GILLICK_COMPETENT, refused_contact_id=other.parent.id)
    with pytest.raises(CapacityRefused) as refused:
        record_assessment(session, home.keyworker, home.young_person, draft, TODAY)
    assert refused.value.problems == [CapacityProblem.NOT_A_CONTACT]


def test_a_best_interests_decision_needs_a_lack_of_capacity(session: Session) -> None:
    home = household(session, born=AGED_17)
    with pytest.raises(CapacityRefused) as refused:
        record_best_interests(session, home.keyworker, home.young_person, _best_interests(), TODAY)
    assert refused.value.problems == [CapacityProblem.CAPACITY_NOT_LACKING]


def test_only_a_family_access_decision_names_someone_to_see(session: Session) -> None:
    home = household(session, born=AGED_17)
    record_assessment(
        session,
        home.keyworker,
        home.young_person,
        _assessment(AssessmentOutcome.LACKS_CAPACITY, area=DecisionArea.REGISTER),
        TODAY,
    )
    draft = _best_interests(area=DecisionArea.REGISTER, allows_contact_id=home.aunt.id)
    with pytest.raises(CapacityRefused) as refused:
        record_best_interests(session, home.keyworker, home.young_person, draft, TODAY)
    assert refused.value.problems == [CapacityProblem.ALLOWS_ONLY_FAMILY_ACCESS]


def test_a_keyworker_of_another_case_is_refused(session: Session) -> None:
    home = household(session, born=UNDER_16)
    other = make_staff_user(session, team=make_team(session), with_totp=False)
    with pytest.raises(NotVisible):
        record_assessment(
            session,
            other,
            home.young_person,
            _assessment(AssessmentOutcome.GILLICK_COMPETENT),
            TODAY,
        )

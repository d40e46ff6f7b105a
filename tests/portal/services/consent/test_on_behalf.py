"""Staff record a decision on someone's behalf: only the people the rules
allow are offered, any other basis is refused, a stale form is refused with
both decisions, and each decision is audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AssessmentOutcome,
    AuditEvent,
    ConsentChoice,
    ConsentDecision,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
)
from portal.services.access.family_rules import portal_access
from portal.services.access.staff import NotVisible
from portal.services.consent.current import current_decision
from portal.services.consent.on_behalf import (
    STAFF_DECIDED,
    BasisRefused,
    OnBehalf,
    OnBehalfOutcome,
    lawful_bases,
    record_on_behalf,
)
from tests.support.consent_households import TODAY, household, item
from tests.support.factories import (
    make_best_interests_decision,
    make_capacity_assessment,
    make_staff_user,
    make_team,
)

UNDER_16 = date(2013, 5, 1)
AGED_17 = date(2009, 5, 1)


def _draft(session: Session, key: str, *, code: str = "register", **changes: object) -> OnBehalf:
    values: dict[str, object] = {
        "item": item(session, code),
        "choice": ConsentChoice.YES,
        "basis_key": key,
        "channel": DecisionChannel.PHONE,
        "seen_decision_id": None,
    }
    values.update(changes)
    return OnBehalf(**values)  # type: ignore[arg-type]


def test_under_16_only_parental_responsibility_is_offered(session: Session) -> None:
    home = household(session, born=UNDER_16)
    options = lawful_bases(session, home.young_person, item(session, "register"), TODAY)
    assert [(o.contact, o.basis) for o in options] == [
        (home.parent, DecisionBasis.PARENTAL_RESPONSIBILITY)
    ]


@pytest.mark.parametrize("who", ["self_contact", "aunt"])
def test_under_16_anyone_else_is_refused(session: Session, who: str) -> None:
    home = household(session, born=UNDER_16)
    key = f"contact-{getattr(home, who).id}"
    with pytest.raises(BasisRefused):
        record_on_behalf(session, home.keyworker, home.young_person, _draft(session, key), TODAY)
    assert session.scalar(select(func.count(ConsentDecision.id))) == 0


def test_a_gillick_competent_young_person_decides_and_the_parent_is_refused(
    session: Session,
) -> None:
    home = household(session, born=UNDER_16)
    make_capacity_assessment(
        session,
        young_person=home.young_person,
        outcome=AssessmentOutcome.GILLICK_COMPETENT,
        area=DecisionArea.REGISTER,
    )
    options = lawful_bases(session, home.young_person, item(session, "register"), TODAY)
    assert [(o.contact, o.basis) for o in options] == [
        (home.self_contact, DecisionBasis.GILLICK_COMPETENT)
    ]
    with pytest.raises(BasisRefused):
        record_on_behalf(
            session,
            home.keyworker,
            home.young_person,
            _draft(session, f"contact-{home.parent.id}"),
            TODAY,
        )


def test_lacking_capacity_a_best_interests_decision_is_the_basis(session: Session) -> None:
    home = household(session, born=AGED_17)
    make_capacity_assessment(
        session,
        young_person=home.young_person,
        outcome=AssessmentOutcome.LACKS_CAPACITY,
        area=DecisionArea.REGISTER,
    )
    assert lawful_bases(session, home.young_person, item(session, "register"), TODAY) == []
    best = make_best_interests_decision(
        session, young_person=home.young_person, allows_contact=None, area=DecisionArea.REGISTER
    )
    [option] = lawful_bases(session, home.young_person, item(session, "register"), TODAY)
    assert option.basis is DecisionBasis.BEST_INTERESTS and option.best_interests == best

    result = record_on_behalf(
        session, home.keyworker, home.young_person, _draft(session, option.key), TODAY
    )
    assert result.decision is not None
    assert result.decision.best_interests_decision_id == best.id
    assert result.decision.decided_by_staff_id == home.keyworker.id


def test_a_decision_told_by_phone_is_recorded_and_audited(session: Session) -> None:
    home = household(session, born=UNDER_16)
    draft = _draft(session, f"contact-{home.parent.id}", note="Mum rang.")
    result = record_on_behalf(session, home.keyworker, home.young_person, draft, TODAY)

    assert result.outcome is OnBehalfOutcome.RECORDED and result.decision is not None
    decision = result.decision
    assert decision.decided_by_contact_id == home.parent.id
    assert decision.recorded_by_staff_id == home.keyworker.id
    assert decision.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert decision.channel is DecisionChannel.PHONE and decision.note == "Mum rang."
    assert current_decision(session, home.young_person.id, "register") == decision
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == STAFF_DECIDED)).one()
    assert event.detail["consent_decision_id"] == decision.id


def test_a_stale_form_is_refused_with_both_decisions(session: Session) -> None:
    home = household(session, born=UNDER_16)
    key = f"contact-{home.parent.id}"
    first = record_on_behalf(
        session, home.keyworker, home.young_person, _draft(session, key), TODAY
    )
    second = record_on_behalf(
        session,
        home.keyworker,
        home.young_person,
        _draft(session, key, choice=ConsentChoice.NO, seen_decision_id=first.decision.id),  # type: ignore[union-attr]
        TODAY,
    )
    # A third form, shown before the second was saved.
    stale = record_on_behalf(
        session,
        home.keyworker,
        home.young_person,
        _draft(session, key, seen_decision_id=first.decision.id),  # type: ignore[union-attr]
        TODAY,
    )
    assert stale.outcome is OnBehalfOutcome.STALE
    assert stale.current == second.decision and stale.seen == first.decision
    assert session.scalar(select(func.count(ConsentDecision.id))) == 2


def test_the_same_choice_on_the_same_basis_adds_nothing(session: Session) -> None:
    home = household(session, born=UNDER_16)
    key = f"contact-{home.parent.id}"
    first = record_on_behalf(
        session, home.keyworker, home.young_person, _draft(session, key), TODAY
    )
    again = record_on_behalf(
        session,
        home.keyworker,
        home.young_person,
        _draft(session, key, seen_decision_id=first.decision.id),  # type: ignore[union-attr]
        TODAY,
    )
    assert again.outcome is OnBehalfOutcome.UNCHANGED


def test_the_portal_channel_is_refused(session: Session) -> None:
    home = household(session, born=UNDER_16)
    draft = _draft(session, f"contact-{home.parent.id}", channel=DecisionChannel.PORTAL)
    with pytest.raises(BasisRefused):
        record_on_behalf(session, home.keyworker, home.young_person, draft, TODAY)


def test_a_keyworker_of_another_case_is_refused(session: Session) -> None:
    home = household(session, born=UNDER_16)
    other = make_staff_user(session, team=make_team(session), with_totp=False)
    with pytest.raises(NotVisible):
        record_on_behalf(
            session, other, home.young_person, _draft(session, f"contact-{home.parent.id}"), TODAY
        )


def test_the_young_persons_yes_told_in_person_lets_their_aunt_see_the_portal(
    session: Session,
) -> None:
    home = household(session, born=AGED_17)
    assert not portal_access(session, home.aunt, TODAY).allowed
    draft = _draft(
        session,
        f"contact-{home.self_contact.id}",
        code="family_sees_portal",
        about_contact_id=home.aunt.id,
        channel=DecisionChannel.IN_PERSON,
    )
    result = record_on_behalf(session, home.keyworker, home.young_person, draft, TODAY)
    assert result.decision is not None and result.decision.basis is DecisionBasis.OWN_CONSENT
    assert portal_access(session, home.aunt, TODAY).allowed
    # The aunt cannot decide it for herself, nor the parent.
    for contact in (home.aunt, home.parent):
        with pytest.raises(BasisRefused):
            record_on_behalf(
                session,
                home.keyworker,
                home.young_person,
                _draft(
                    session,
                    f"contact-{contact.id}",
                    code="family_sees_portal",
                    about_contact_id=home.aunt.id,
                    seen_decision_id=result.decision.id,
                ),
                TODAY,
            )

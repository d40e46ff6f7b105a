"""The demo's consent follows who decides at each age, with a history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.demo.consent import demo_consent_items
from portal.demo.seed import seed_demo_data
from portal.models import (
    BestInterestsDecision,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    DecisionBasis,
    DecisionChannel,
    YoungPerson,
    utc_now,
)
from portal.services.consent.registry import CONSENT_ITEM_TYPES, FEEDBACK_IN_REPORTS


def _decisions(session: Session, name: str, *, quoting: bool = False) -> list[ConsentDecision]:
    """The young person's consent decisions; with `quoting`, only those about
    quoting feedback (each person's own words), else all the others."""
    about_quoting = ConsentItem.code == FEEDBACK_IN_REPORTS.code
    return list(
        session.scalars(
            select(ConsentDecision)
            .join(YoungPerson, YoungPerson.id == ConsentDecision.young_person_id)
            .join(ConsentItem, ConsentItem.id == ConsentDecision.item_id)
            .where(YoungPerson.preferred_name == name, about_quoting if quoting else ~about_quoting)
            .order_by(ConsentDecision.decided_at, ConsentDecision.id)
        )
    )


def test_people_who_may_be_quoted_decided_about_their_own_words(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    quoting = [
        d for name in ("Sam", "Liv", "Leah") for d in _decisions(session, name, quoting=True)
    ]
    assert quoting
    for decision in quoting:
        assert decision.about_contact_id == decision.decided_by_contact_id is not None
        assert decision.choice is ConsentChoice.YES


def test_the_demo_uses_the_standard_items_and_adds_them_once(session: Session) -> None:
    items = demo_consent_items(session)
    assert sorted(items) == sorted(item.code for item in CONSENT_ITEM_TYPES)
    assert demo_consent_items(session).keys() == items.keys()
    assert session.scalar(select(func.count()).select_from(ConsentItem)) == len(items)


def test_under_16_a_parent_decides_and_from_16_the_young_person(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    (liv_decider,) = {d.decided_by_contact for d in _decisions(session, "Liv")}
    assert liv_decider is not None and liv_decider.relationship_detail == "Dad"
    assert {d.basis for d in _decisions(session, "Liv")} == {DecisionBasis.PARENTAL_RESPONSIBILITY}
    leah = _decisions(session, "Leah")
    assert {d.basis for d in leah} == {DecisionBasis.OWN_CONSENT}
    (agreement,) = [d for d in leah if d.about_contact_id is not None]
    assert agreement.about_contact is not None
    assert agreement.about_contact.relationship_detail == "Mum"


def test_sam_changed_his_mind_about_school_on_the_portal(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    school = [d for d in _decisions(session, "Sam") if d.item.code == "share_school"]
    assert [(d.choice, d.channel) for d in school] == [
        (ConsentChoice.YES, DecisionChannel.IN_PERSON),
        (ConsentChoice.NO, DecisionChannel.PORTAL),
    ]
    assert school[-1].decided_at > utc_now() - timedelta(days=4)


def test_niamhs_register_consent_rests_on_a_best_interests_decision(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    (decision,) = _decisions(session, "Niamh")
    assert decision.item.code == "register" and decision.basis is DecisionBasis.BEST_INTERESTS
    assert decision.decided_by_contact_id is None and decision.decided_by_staff_id is not None
    best_interests = session.get(BestInterestsDecision, decision.best_interests_decision_id)
    assert best_interests is not None and best_interests.decision == "Stay on the register."

"""Who may change a choice, as the reader is told it: themselves (and who
else), the young person, their parents, an attorney, or staff in the young
person's best interests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from portal.models import (
    AssessmentOutcome,
    DecisionArea,
    DecisionBasis,
    LegalAuthority,
    Relationship,
)
from portal.services.access.family_rules import may_change_consent
from portal.services.consent.decide import DecideOutcome
from portal.services.consent.family_view import DeciderKind, choice_page
from portal.services.consent.registry import FAMILY_SEES_PORTAL
from portal.services.consent.who_decides import WhoDecides, who_may_change
from portal.timezones import london_today
from tests.portal.services.consent.choices_data import (
    NO,
    YES,
    change,
    contact_of,
    decisions,
    item,
    item_after_sync,
    person_named,
)
from tests.support.factories import (
    make_capacity_assessment,
    make_contact,
    make_contact_with_authority,
    make_team,
    make_young_person,
)


def test_sam_may_change_his_own_choices(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    page = choice_page(demo, sam, item(demo, "share_school"), london_today())
    assert page.may_decide
    assert page.who_may_change.who is WhoDecides.YOU


def test_sams_parent_may_not_change_them_and_is_told_sam_decides(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    page = choice_page(demo, parent, item(demo, "share_school"), london_today())
    assert not page.may_decide
    assert page.who_may_change.who is WhoDecides.YOUNG_PERSON
    assert not page.who_may_change.gillick_competent


def test_livs_parents_decide_and_each_is_told_about_the_other(demo: Session) -> None:
    mum, _dad = [c for c in person_named(demo, "Liv").contacts if c.relation is Relationship.PARENT]
    page = choice_page(demo, mum, item(demo, "share_school"), london_today())
    assert page.may_decide
    assert page.access.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert page.who_may_change.who is WhoDecides.YOU
    assert page.who_may_change.names == ("Chris",)
    assert change(demo, mum, "share_school", NO) is DecideOutcome.CHANGED
    latest = decisions(demo, mum.young_person, "share_school")[-1]
    assert latest.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert latest.decided_by_contact_id == mum.id


def test_a_young_person_under_16_is_told_their_parents_decide(session: Session) -> None:
    person = make_young_person(
        session, team=make_team(session), date_of_birth=london_today() - timedelta(days=13 * 366)
    )
    child = make_contact(session, young_person=person, relation=Relationship.SELF)
    make_contact(session, young_person=person, name="Jo Example")
    page = choice_page(session, child, item_after_sync(session, "share_gp"), london_today())
    assert not page.may_decide
    assert page.who_may_change.who is WhoDecides.PARENTS
    assert page.who_may_change.names == ("Jo",)


def test_a_gillick_competent_young_person_decides_and_the_parent_may_not(
    session: Session,
) -> None:
    person = make_young_person(
        session, team=make_team(session), date_of_birth=london_today() - timedelta(days=14 * 366)
    )
    child = make_contact(session, young_person=person, relation=Relationship.SELF)
    parent = make_contact(session, young_person=person)
    make_capacity_assessment(
        session,
        young_person=person,
        outcome=AssessmentOutcome.GILLICK_COMPETENT,
        area=DecisionArea.INFORMATION_SHARING,
    )
    school = item_after_sync(session, "share_school")
    parent_page = choice_page(session, parent, school, london_today())
    assert not parent_page.may_decide
    assert parent_page.who_may_change.who is WhoDecides.YOUNG_PERSON
    assert parent_page.who_may_change.gillick_competent
    assert change(session, parent, "share_school", YES) is DecideOutcome.NOT_ALLOWED
    assert change(session, child, "share_school", YES) is DecideOutcome.CHANGED
    (decision,) = decisions(session, person, "share_school")
    assert decision.basis is DecisionBasis.GILLICK_COMPETENT
    assert decision.decided_by_contact_id == child.id


def test_niamhs_sister_may_not_decide_for_her(demo: Session) -> None:
    sister = contact_of(demo, "Niamh", Relationship.RELATIVE)
    niamh = sister.young_person
    # Niamh lacks capacity for the register: staff decide in her best interests.
    register = choice_page(demo, sister, item(demo, "register"), london_today())
    assert not register.may_decide
    assert register.who_may_change.who is WhoDecides.BEST_INTERESTS
    # Niamh has capacity to decide about sharing: she decides.
    school = choice_page(demo, sister, item(demo, "share_school"), london_today())
    assert not school.may_decide
    assert school.who_may_change.who is WhoDecides.YOUNG_PERSON
    before = len(decisions(demo, niamh, "register"))
    assert change(demo, sister, "register", NO) is DecideOutcome.NOT_ALLOWED
    assert len(decisions(demo, niamh, "register")) == before
    # The register choice Niamh's team made shows as theirs.
    current = register.lines[0].current
    assert current is not None and current.decider.kind is DeciderKind.KEYWORKER


def test_an_attorney_is_named_for_a_choice_but_not_for_who_sees(session: Session) -> None:
    """An adult who lacks capacity for a choice is told their attorney makes
    it; who sees the portal an attorney never decides, so staff decide it in
    their best interests."""
    person = make_young_person(
        session, team=make_team(session), date_of_birth=london_today() - timedelta(days=20 * 366)
    )
    reader = make_contact(session, young_person=person, relation=Relationship.SELF)
    make_contact_with_authority(
        session, young_person=person, legal_authority=LegalAuthority.LASTING_POWER_OF_ATTORNEY
    )
    for area in (DecisionArea.INFORMATION_SHARING, DecisionArea.FAMILY_ACCESS):
        make_capacity_assessment(
            session, young_person=person, outcome=AssessmentOutcome.LACKS_CAPACITY, area=area
        )
    today = london_today()
    for code, who in (
        ("share_gp", WhoDecides.ATTORNEY),
        (FAMILY_SEES_PORTAL.code, WhoDecides.BEST_INTERESTS),
    ):
        access = may_change_consent(session, reader, code, today)
        assert access.reason == "lacks_capacity_best_interests_decision_needed", code
        assert who_may_change(access, reader, code, today).who is who, code


def test_a_removed_parent_is_not_named_as_someone_who_decides(session: Session) -> None:
    twelve = london_today() - timedelta(days=365 * 12 + 30)
    person = make_young_person(session, team=make_team(session), date_of_birth=twelve)
    mum = make_contact(session, young_person=person, name="Mo Testparent")
    dad = make_contact(session, young_person=person, name="Lee Testparent")
    session.refresh(person)
    access = may_change_consent(session, mum, "share_school", london_today())
    assert access.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert who_may_change(access, mum, "share_school", london_today()).names == ("Lee",)
    dad.removed_at = datetime.now(UTC)
    assert who_may_change(access, mum, "share_school", london_today()).names == ()

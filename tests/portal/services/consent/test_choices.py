"""My choices: the current choices, who may change them, changing one (added
to the history, never overwritten), and asking the keyworker to change one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.demo.seed import seed_demo_data
from portal.models import (
    AssessmentOutcome,
    AuditEvent,
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
    FamilyInputKind,
    FamilyInputNotice,
    Relationship,
    StaffUser,
    WebSession,
    YoungPerson,
    utc_now,
)
from portal.services.access.family_rules import may_change_consent
from portal.services.consent.choices import (
    HISTORY_LENGTH,
    DecideOutcome,
    DeciderKind,
    NotAChoice,
    PendingChange,
    WhoDecides,
    ask_to_change,
    check_change,
    choice_page,
    choices_overview,
    consent_item,
    decide,
    prepare_change,
)
from portal.services.consent.items import FAMILY_SEES_PORTAL, ensure_standard_consent_items
from portal.timezones import london_today
from tests.factories import (
    make_capacity_assessment,
    make_consent_decision,
    make_contact,
    make_team,
    make_young_person,
)
from tests.family_sessions import start_family_session

YES, NO = ConsentChoice.YES, ConsentChoice.NO


@pytest.fixture
def demo(session: Session) -> Session:
    seed_demo_data(session, fast_hashing=True)
    return session


def _person(session: Session, name: str) -> YoungPerson:
    return session.scalars(select(YoungPerson).where(YoungPerson.preferred_name == name)).one()


def _contact(session: Session, name: str, relation: Relationship) -> Contact:
    return session.scalars(
        select(Contact)
        .where(Contact.young_person_id == _person(session, name).id, Contact.relation == relation)
        .order_by(Contact.id)
    ).first()  # type: ignore[return-value]


def _item(session: Session, code: str) -> ConsentItem:
    item = consent_item(session, code)
    assert item is not None
    return item


def _decisions(session: Session, person: YoungPerson, code: str) -> list[ConsentDecision]:
    return list(
        session.scalars(
            select(ConsentDecision)
            .join(ConsentItem)
            .where(ConsentDecision.young_person_id == person.id, ConsentItem.code == code)
            .order_by(ConsentDecision.decided_at, ConsentDecision.id)
        )
    )


def _notices(session: Session, kind: FamilyInputKind) -> list[FamilyInputNotice]:
    return list(
        session.scalars(
            select(FamilyInputNotice)
            .where(FamilyInputNotice.kind == kind)
            .order_by(FamilyInputNotice.id)
        )
    )


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _change(
    session: Session, contact: Contact, code: str, choice: ConsentChoice, about: int | None = None
) -> DecideOutcome:
    item = _item(session, code)
    pending = prepare_change(session, contact, item, choice, about)
    return decide(session, contact, item, pending, london_today()).outcome


# Reading


def test_the_overview_lists_every_item_in_order_with_its_current_choice(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    overview = choices_overview(demo, sam, london_today())
    codes = [item.code for item in overview.items]
    assert codes == list(demo.scalars(select(ConsentItem.code).order_by(ConsentItem.display_order)))
    by_code = {item.code: item for item in overview.items}
    # Sam said yes to school, then no: the latest stands.
    school = by_code["share_school"].lines[0].current
    assert school is not None and school.choice is NO
    assert school.decider.kind is DeciderKind.YOU
    assert by_code["share_camhs"].lines[0].current is None
    # One line for each of Sam's other contacts: his Mum.
    (line,) = by_code[FAMILY_SEES_PORTAL].lines
    assert line.about is not None and line.about.first_name == "Alex"
    assert line.about.relationship_detail == "Mum"
    assert line.current is not None and line.current.choice is YES
    assert overview.anything_chosen


def test_a_family_member_sees_only_the_line_about_themselves(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    make_contact(demo, young_person=parent.young_person, name="Chris Testfield")
    overview = choices_overview(demo, parent, london_today())
    (line,) = next(i for i in overview.items if i.code == FAMILY_SEES_PORTAL).lines
    assert line.about is not None and line.about.is_viewer
    school = next(i for i in overview.items if i.code == "share_school").lines[0].current
    assert school is not None
    assert school.decider.kind is DeciderKind.YOUNG_PERSON
    assert school.decider.name == "Sam"


def test_a_young_person_with_no_decisions_has_nothing_chosen(session: Session) -> None:
    person = make_young_person(
        session, team=make_team(session), date_of_birth=london_today() - timedelta(days=14 * 366)
    )
    parent = make_contact(session, young_person=person)
    # Another young person's decision is not theirs.
    other = make_young_person(session, team=person.team)
    make_consent_decision(session, young_person=other, item_code="register")
    overview = choices_overview(session, parent, london_today())
    assert not overview.anything_chosen
    # Under 16 nobody chooses who sees the portal: parental responsibility decides.
    fsp = next(i for i in overview.items if i.code == FAMILY_SEES_PORTAL)
    assert fsp.starts_at_16 and fsp.lines == ()


def test_history_is_newest_first_and_short(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    for days in range(HISTORY_LENGTH + 5):
        make_consent_decision(
            demo,
            young_person=sam.young_person,
            item_code="share_gp",
            choice=YES if days % 2 else NO,
            decided_by_contact=sam,
            decided_at=utc_now() - timedelta(hours=days + 1),
        )
    page = choice_page(demo, sam, _item(demo, "share_gp"), london_today())
    assert len(page.history) == HISTORY_LENGTH
    times = [decision.decided_at for decision in page.history]
    assert times == sorted(times, reverse=True)
    assert page.lines[0].current is not None
    assert page.lines[0].current.id == page.history[0].id


def test_a_staff_decision_is_by_the_keyworker_or_the_team(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    keyworker = demo.get(StaffUser, sam.young_person.keyworker_id)
    make_consent_decision(
        demo, young_person=sam.young_person, item_code="share_housing", decided_by_staff=keyworker
    )
    make_consent_decision(demo, young_person=sam.young_person, item_code="share_camhs")
    overview = choices_overview(demo, sam, london_today())
    by_code = {item.code: item.lines[0].current for item in overview.items}
    assert by_code["share_housing"].decider.kind is DeciderKind.KEYWORKER  # type: ignore[union-attr]
    assert by_code["share_camhs"].decider.kind is DeciderKind.STAFF  # type: ignore[union-attr]


# Who may change a choice


def test_sam_may_change_his_own_choices(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    page = choice_page(demo, sam, _item(demo, "share_school"), london_today())
    assert page.may_decide
    assert page.who_may_change.who is WhoDecides.YOU


def test_sams_parent_may_not_change_them_and_is_told_sam_decides(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    page = choice_page(demo, parent, _item(demo, "share_school"), london_today())
    assert not page.may_decide
    assert page.who_may_change.who is WhoDecides.YOUNG_PERSON
    assert not page.who_may_change.gillick_competent


def test_livs_parents_decide_and_each_is_told_about_the_other(demo: Session) -> None:
    mum, _dad = [c for c in _person(demo, "Liv").contacts if c.relation is Relationship.PARENT]
    page = choice_page(demo, mum, _item(demo, "share_school"), london_today())
    assert page.may_decide
    assert page.access.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert page.who_may_change.who is WhoDecides.YOU
    assert page.who_may_change.names == ("Chris",)
    assert _change(demo, mum, "share_school", NO) is DecideOutcome.CHANGED
    latest = _decisions(demo, mum.young_person, "share_school")[-1]
    assert latest.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert latest.decided_by_contact_id == mum.id


def test_a_young_person_under_16_is_told_their_parents_decide(session: Session) -> None:
    person = make_young_person(
        session, team=make_team(session), date_of_birth=london_today() - timedelta(days=13 * 366)
    )
    child = make_contact(session, young_person=person, relation=Relationship.SELF)
    make_contact(session, young_person=person, name="Jo Example")
    page = choice_page(session, child, _item_after_seed(session, "share_gp"), london_today())
    assert not page.may_decide
    assert page.who_may_change.who is WhoDecides.PARENTS
    assert page.who_may_change.names == ("Jo",)


def _item_after_seed(session: Session, code: str) -> ConsentItem:
    ensure_standard_consent_items(session)
    return _item(session, code)


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
    item = _item_after_seed(session, "share_school")
    parent_page = choice_page(session, parent, item, london_today())
    assert not parent_page.may_decide
    assert parent_page.who_may_change.who is WhoDecides.YOUNG_PERSON
    assert parent_page.who_may_change.gillick_competent
    assert _change(session, parent, "share_school", YES) is DecideOutcome.NOT_ALLOWED
    assert _change(session, child, "share_school", YES) is DecideOutcome.CHANGED
    (decision,) = _decisions(session, person, "share_school")
    assert decision.basis is DecisionBasis.GILLICK_COMPETENT
    assert decision.decided_by_contact_id == child.id


def test_niamhs_sister_may_not_decide_for_her(demo: Session) -> None:
    sister = _contact(demo, "Niamh", Relationship.RELATIVE)
    niamh = sister.young_person
    # Niamh lacks capacity for the register: staff decide in her best interests.
    register = choice_page(demo, sister, _item(demo, "register"), london_today())
    assert not register.may_decide
    assert register.who_may_change.who is WhoDecides.BEST_INTERESTS
    # Niamh has capacity to decide about sharing: she decides.
    school = choice_page(demo, sister, _item(demo, "share_school"), london_today())
    assert not school.may_decide
    assert school.who_may_change.who is WhoDecides.YOUNG_PERSON
    before = len(_decisions(demo, niamh, "register"))
    assert _change(demo, sister, "register", NO) is DecideOutcome.NOT_ALLOWED
    assert len(_decisions(demo, niamh, "register")) == before
    # The register choice Niamh's team made shows as theirs.
    current = register.lines[0].current
    assert current is not None and current.decider.kind is DeciderKind.KEYWORKER


# Changing a choice


def test_sam_changes_sharing_with_school_and_the_history_is_kept(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    person = sam.young_person
    before = _decisions(demo, person, "share_school")
    assert before[-1].choice is NO

    assert _change(demo, sam, "share_school", YES) is DecideOutcome.CHANGED
    assert _change(demo, sam, "share_school", NO) is DecideOutcome.CHANGED

    after = _decisions(demo, person, "share_school")
    assert [d.id for d in after[: len(before)]] == [d.id for d in before]
    added = after[len(before) :]
    assert [d.choice for d in added] == [YES, NO]
    for decision in added:
        assert decision.channel is DecisionChannel.PORTAL
        assert decision.basis is DecisionBasis.OWN_CONSENT
        assert decision.decided_by_contact_id == sam.id
        assert decision.about_contact_id is None
        assert decision.best_interests_decision_id is None
    notices = _notices(demo, FamilyInputKind.CONSENT_DECISION)
    assert [n.summary for n in notices] == [
        "Changed 'Sharing information with school' to yes",
        "Changed 'Sharing information with school' to no",
    ]
    assert [n.subject_id for n in notices] == [d.id for d in added]
    assert not any(n.urgent for n in notices)
    events = _events(demo, "family.consent.decided")
    assert [e.detail["consent_decision_id"] for e in events] == [d.id for d in added]
    assert all(e.actor_contact_id == sam.id for e in events)


def test_choosing_the_current_choice_again_adds_nothing(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    item = _item(demo, "share_school")
    pending = prepare_change(demo, sam, item, NO, None)
    check = check_change(demo, sam, item, pending, london_today())
    assert not check.changes_something
    before = len(_decisions(demo, sam.young_person, "share_school"))
    assert decide(demo, sam, item, pending, london_today()).outcome is DecideOutcome.UNCHANGED
    assert len(_decisions(demo, sam.young_person, "share_school")) == before
    assert _notices(demo, FamilyInputKind.CONSENT_DECISION) == []


def test_a_choice_changed_by_someone_else_meanwhile_adds_nothing(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    item = _item(demo, "share_school")
    pending = prepare_change(demo, sam, item, YES, None)
    # The keyworker records Sam's "yes" from a meeting before he confirms.
    make_consent_decision(demo, young_person=sam.young_person, item_code="share_school", choice=YES)
    demo.commit()
    assert check_change(demo, sam, item, pending, london_today()).changed_meanwhile
    before = len(_decisions(demo, sam.young_person, "share_school"))
    assert decide(demo, sam, item, pending, london_today()).outcome is DecideOutcome.STALE
    assert len(_decisions(demo, sam.young_person, "share_school")) == before


def test_withdrawing_consent_to_the_register_is_urgent(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    assert _change(demo, sam, "register", NO) is DecideOutcome.CHANGED
    (notice,) = _notices(demo, FamilyInputKind.CONSENT_DECISION)
    assert notice.urgent
    assert notice.summary == "Changed 'Being on the dynamic support register' to no"
    (event,) = _events(demo, "family.consent.decided")
    assert event.detail["urgent"] is True
    # Saying yes again is not urgent.
    assert _change(demo, sam, "register", YES) is DecideOutcome.CHANGED
    assert not _notices(demo, FamilyInputKind.CONSENT_DECISION)[-1].urgent


def test_saying_no_to_someone_seeing_the_portal_ends_their_sessions(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    parent = _contact(demo, "Sam", Relationship.PARENT)
    start_family_session(demo, parent)
    start_family_session(demo, parent)
    start_family_session(demo, sam)
    item = _item(demo, FAMILY_SEES_PORTAL)
    pending = prepare_change(demo, sam, item, NO, parent.id)
    result = decide(demo, sam, item, pending, london_today())
    assert result.outcome is DecideOutcome.CHANGED
    assert result.sessions_ended == 2
    assert result.decision is not None and result.decision.about_contact_id == parent.id
    ended = _events(demo, "family.session.ended")
    assert [e.detail["contact_id"] for e in ended] == [parent.id]
    notice = _notices(demo, FamilyInputKind.CONSENT_DECISION)[-1]
    assert notice.summary == (
        f"Changed 'Letting someone see your plan and meetings' to no for {parent.name} (Mum)"
    )
    assert not may_change_consent(demo, parent, "share_school", london_today()).allowed
    # Sam's own session is untouched.
    count = demo.scalar(
        select(func.count()).select_from(WebSession).where(WebSession.contact_id == sam.id)
    )
    assert count == 1


def test_a_choice_about_someone_else_s_contact_is_refused(demo: Session) -> None:
    sam = _contact(demo, "Sam", Relationship.SELF)
    livs_mum = _contact(demo, "Liv", Relationship.PARENT)
    item = _item(demo, FAMILY_SEES_PORTAL)
    with pytest.raises(NotAChoice):
        prepare_change(demo, sam, item, YES, livs_mum.id)
    with pytest.raises(NotAChoice):
        prepare_change(demo, sam, item, YES, sam.id)
    with pytest.raises(NotAChoice):
        prepare_change(demo, sam, item, YES, None)
    forged = PendingChange(FAMILY_SEES_PORTAL, YES, livs_mum.id, None, "token")
    before = demo.scalar(select(func.count()).select_from(ConsentDecision))
    assert decide(demo, sam, item, forged, london_today()).outcome is DecideOutcome.NOT_ALLOWED
    assert demo.scalar(select(func.count()).select_from(ConsentDecision)) == before


def test_a_pending_change_survives_the_session_and_junk_is_refused() -> None:
    pending = PendingChange("share_school", NO, None, 4, "abc")
    assert PendingChange.from_dict(pending.to_dict()) == pending
    for junk in (
        None,
        "x",
        {},
        {**pending.to_dict(), "choice": "maybe"},
        {**pending.to_dict(), "about_contact_id": "7"},
    ):
        assert PendingChange.from_dict(junk) is None


# Asking to change a choice


def test_asking_to_change_reaches_the_keyworker_once(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    item = _item(demo, "share_school")
    first = ask_to_change(demo, parent, item, "  Please can we talk about school?  ")
    assert not first.already_asked
    assert first.request.message == "Please can we talk about school?"
    again = ask_to_change(demo, parent, item, "Please can we talk about school?")
    assert again.already_asked and again.request.id == first.request.id
    assert demo.scalar(select(func.count()).select_from(ConsentChangeRequest)) == 1
    (notice,) = _notices(demo, FamilyInputKind.CONSENT_CHANGE_REQUEST)
    assert notice.subject_id == first.request.id
    assert notice.summary == "Asked to change 'Sharing information with school'"
    (event,) = _events(demo, "family.consent.change_requested")
    assert event.detail == {
        "consent_change_request_id": first.request.id,
        "item": "share_school",
        "with_message": True,
    }
    # A different message is a new request; nothing sent is lost.
    assert not ask_to_change(demo, parent, item, None).already_asked
    assert demo.scalar(select(func.count()).select_from(ConsentChangeRequest)) == 2


def test_asking_again_after_the_keyworker_has_seen_it_is_a_new_request(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    item = _item(demo, "share_school")
    ask_to_change(demo, parent, item, None)
    keyworker_id = parent.young_person.keyworker_id
    notice = _notices(demo, FamilyInputKind.CONSENT_CHANGE_REQUEST)[0]
    notice.seen_by_id = keyworker_id
    notice.seen_at = utc_now()
    demo.commit()
    assert not ask_to_change(demo, parent, item, None).already_asked
    page = choice_page(demo, parent, item, london_today())
    assert page.open_request is not None


def test_a_request_about_who_sees_the_portal_is_about_the_asker(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    result = ask_to_change(demo, parent, _item(demo, FAMILY_SEES_PORTAL), None)
    assert result.request.about_contact_id == parent.id


def test_a_message_that_is_too_long_is_refused(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    with pytest.raises(ValueError):
        ask_to_change(demo, parent, _item(demo, "share_school"), "x" * 1001)
    assert demo.scalar(select(func.count()).select_from(ConsentChangeRequest)) == 0


def test_an_open_request_closes_when_a_decision_comes_after_it(demo: Session) -> None:
    parent = _contact(demo, "Sam", Relationship.PARENT)
    sam = _contact(demo, "Sam", Relationship.SELF)
    item = _item(demo, "share_school")
    ask_to_change(demo, parent, item, None)
    assert choice_page(demo, parent, item, london_today()).open_request is not None
    assert _change(demo, sam, "share_school", YES) is DecideOutcome.CHANGED
    assert choice_page(demo, parent, item, london_today()).open_request is None

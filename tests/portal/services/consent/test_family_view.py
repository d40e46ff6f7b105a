"""My choices as families read them: every choice and what it is now, who
made each decision, and one choice's recent history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ConsentItem, Relationship, StaffUser, utc_now
from portal.services.consent.family_view import (
    HISTORY_LENGTH,
    DeciderKind,
    choice_page,
    choices_overview,
)
from portal.services.consent.registry import FAMILY_SEES_PORTAL
from portal.timezones import london_today
from tests.portal.services.consent.choices_data import NO, YES, contact_of, item
from tests.support.factories import (
    make_consent_decision,
    make_contact,
    make_team,
    make_young_person,
)

WHO_SEES = FAMILY_SEES_PORTAL.code


def test_the_overview_lists_every_item_in_order_with_its_current_choice(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
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
    (line,) = by_code[WHO_SEES].lines
    assert line.about is not None and line.about.first_name == "Alex"
    assert line.about.relationship_detail == "Mum"
    assert line.current is not None and line.current.choice is YES
    assert overview.anything_chosen


def test_a_family_member_sees_only_the_line_about_themselves(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    make_contact(demo, young_person=parent.young_person, name="Chris Testfield")
    overview = choices_overview(demo, parent, london_today())
    (line,) = next(i for i in overview.items if i.code == WHO_SEES).lines
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
    fsp = next(i for i in overview.items if i.code == WHO_SEES)
    assert fsp.starts_at_16 and fsp.lines == ()


def test_history_is_newest_first_and_short(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    for days in range(HISTORY_LENGTH + 5):
        make_consent_decision(
            demo,
            young_person=sam.young_person,
            item_code="share_gp",
            choice=YES if days % 2 else NO,
            decided_by_contact=sam,
            decided_at=utc_now() - timedelta(hours=days + 1),
        )
    page = choice_page(demo, sam, item(demo, "share_gp"), london_today())
    assert len(page.history) == HISTORY_LENGTH
    times = [decision.decided_at for decision in page.history]
    assert times == sorted(times, reverse=True)
    assert page.lines[0].current is not None
    assert page.lines[0].current.id == page.history[0].id


def test_a_family_member_s_history_of_who_sees_is_only_about_them(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    chris = make_contact(demo, young_person=sam.young_person, name="Chris Testfield")
    make_consent_decision(
        demo, young_person=sam.young_person, item_code=WHO_SEES, about_contact=chris
    )
    parent_page = choice_page(demo, parent, item(demo, WHO_SEES), london_today())
    # Sam is 17: his Mum sees his current choice about her, not his history.
    (line,) = parent_page.lines
    assert line.about is not None and line.about.contact_id == parent.id
    assert parent_page.history == ()
    sam_page = choice_page(demo, sam, item(demo, WHO_SEES), london_today())
    assert {d.about.contact_id for d in sam_page.history if d.about} == {parent.id, chris.id}


def test_a_family_member_of_a_16_year_old_sees_the_choice_not_their_changes_of_mind(
    demo: Session,
) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)  # 17
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    for hours, choice in ((3, YES), (2, NO), (1, YES)):
        make_consent_decision(
            demo,
            young_person=sam.young_person,
            item_code="share_gp",
            choice=choice,
            decided_by_contact=sam,
            decided_at=utc_now() - timedelta(hours=hours),
        )

    parent_page = choice_page(demo, parent, item(demo, "share_gp"), london_today())
    sam_page = choice_page(demo, sam, item(demo, "share_gp"), london_today())

    current = parent_page.lines[0].current
    assert current is not None and current.choice is YES
    assert parent_page.history == ()
    assert [decision.choice for decision in sam_page.history][:3] == [YES, NO, YES]


def test_a_family_member_of_a_child_under_16_sees_the_whole_history(session: Session) -> None:
    person = make_young_person(
        session, team=make_team(session), date_of_birth=london_today() - timedelta(days=13 * 366)
    )
    child = make_contact(session, young_person=person, relation=Relationship.SELF)
    parent = make_contact(session, young_person=person)
    for hours, choice in ((2, YES), (1, NO)):
        make_consent_decision(
            session,
            young_person=person,
            item_code="share_gp",
            choice=choice,
            decided_by_contact=child,
            decided_at=utc_now() - timedelta(hours=hours),
        )

    page = choice_page(session, parent, item(session, "share_gp"), london_today())

    assert [decision.choice for decision in page.history] == [NO, YES]


def test_a_staff_decision_is_by_the_keyworker_or_the_team(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    keyworker = demo.get(StaffUser, sam.young_person.keyworker_id)
    make_consent_decision(
        demo, young_person=sam.young_person, item_code="share_housing", decided_by_staff=keyworker
    )
    make_consent_decision(demo, young_person=sam.young_person, item_code="share_camhs")
    overview = choices_overview(demo, sam, london_today())
    by_code = {item.code: item.lines[0].current for item in overview.items}
    assert by_code["share_housing"].decider.kind is DeciderKind.KEYWORKER  # type: ignore[union-attr]
    assert by_code["share_camhs"].decider.kind is DeciderKind.STAFF  # type: ignore[union-attr]

"""My plan as a family sees it: the latest version, only the actions families
may see, change notes newest first, who helps; a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from easyread.render.plan import LATE
from easyread.render.reader import YOUNG_PERSON
from portal import session_keys
from portal.models import (
    ActionStatus,
    Contact,
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    Relationship,
    StaffUser,
    YoungPerson,
)
from portal.services.plans.family_view import (
    EASY_READ,
    MAX_EARLIER_CHANGES,
    STANDARD,
    FamilyAction,
    HelperRole,
    easy_read_plan,
    my_plan,
    other_roles,
    wording_from,
)
from tests.query_counter import count_queries
from tests.support.factories import (
    make_action,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)

TODAY = date(2026, 3, 4)
MADE_AT = datetime.fromisoformat("2026-02-10T10:00:00+00:00")


@dataclass
class Family:
    person: YoungPerson
    reader: Contact
    keyworker: StaffUser


@pytest.fixture
def family(session: Session) -> Family:
    team = make_team(session, name="Riverside Keyworker Team")
    keyworker = make_staff_user(session, team=team, name="Ada Keyworker-Test")
    person = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Robin")
    reader = make_contact(session, young_person=person, relation=Relationship.SELF)
    session.commit()
    return Family(person, reader, keyworker)


def _plan(session: Session, family: Family) -> Plan:
    plan = Plan(young_person_id=family.person.id)
    session.add(plan)
    session.flush()
    return plan


def _version(
    session: Session,
    plan: Plan,
    family: Family,
    number: int,
    *,
    note: str = "A note.",
    sections: dict[PlanSectionKind, str] | None = None,
    actions: list[dict[str, object]] | None = None,
) -> PlanVersion:
    version = PlanVersion(
        plan_id=plan.id,
        number=number,
        change_note=note,
        created_by_id=family.keyworker.id,
        created_at=MADE_AT + timedelta(days=number),
    )
    session.add(version)
    session.flush()
    for kind, body in (sections or {}).items():
        session.add(PlanSection(version_id=version.id, kind=kind, body=body))
    for fields in actions or []:
        values: dict[str, object] = {
            "what": "Do something.",
            "who": "Keyworker",
            "due_on": None,
            "status": ActionStatus.NOT_STARTED,
            **fields,
        }
        if values["status"] is ActionStatus.CANNOT_BE_DONE:
            values["reason"] = "A staff reason."
        make_action(session, young_person_id=plan.young_person_id, **values)  # type: ignore[arg-type]
    session.flush()
    return version


def test_no_plan_yet_still_says_who_helps(session: Session, family: Family) -> None:
    found = my_plan(session, family.reader)
    assert found.plan is None
    assert found.young_person_name == "Robin"
    assert found.people.keyworker_name == "Ada Keyworker-Test"
    assert found.people.team_name == "Riverside Keyworker Team"
    assert found.people.other_roles == ()


def test_the_latest_versions_sections_in_the_order_families_expect(
    session: Session, family: Family
) -> None:
    plan = _plan(session, family)
    _version(session, plan, family, 1, sections={PlanSectionKind.ABOUT_ME: "Old words."})
    _version(
        session,
        plan,
        family,
        2,
        sections={
            PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum.",
            PlanSectionKind.MY_GOALS: "   ",
            PlanSectionKind.ABOUT_ME: "I like trains.",
            PlanSectionKind.WHAT_HELPS: "Quiet.",
        },
    )
    session.commit()

    found = my_plan(session, family.reader).plan

    assert found is not None
    assert found.latest.number == 2
    assert found.sections == (
        (PlanSectionKind.ABOUT_ME, "I like trains."),
        (PlanSectionKind.WHAT_HELPS, "Quiet."),
        (PlanSectionKind.IF_I_AM_NOT_OK, "Tell Mum."),
    )


def test_only_actions_families_may_see_that_will_still_happen(
    session: Session, family: Family
) -> None:
    plan = _plan(session, family)
    _version(
        session,
        plan,
        family,
        1,
        actions=[
            {"what": "Undated.", "due_on": None},
            {"what": "Later.", "due_on": TODAY + timedelta(days=9)},
            {"what": "Hidden.", "who": "CAMHS", "visible_to_family": False},
            {"what": "Cannot.", "status": ActionStatus.CANNOT_BE_DONE},
            {"what": "Sooner.", "due_on": TODAY - timedelta(days=1), "status": ActionStatus.DONE},
        ],
    )
    session.commit()

    found = my_plan(session, family.reader).plan

    assert found is not None
    assert [(action.what, action.done, action.will_not_happen) for action in found.actions] == [
        ("Later.", False, False),
        ("Undated.", False, False),
        ("Sooner.", True, False),
        ("Cannot.", False, True),
    ]


def test_an_action_is_late_only_when_not_done_and_past_its_day() -> None:
    def action(
        due_on: date | None, status: ActionStatus = ActionStatus.IN_PROGRESS
    ) -> FamilyAction:
        return FamilyAction(what="x", who="GP", due_on=due_on, status=status)

    assert action(TODAY - timedelta(days=1)).is_late(TODAY)
    assert not action(TODAY).is_late(TODAY)
    assert not action(TODAY - timedelta(days=1), ActionStatus.DONE).is_late(TODAY)
    assert not action(TODAY - timedelta(days=1), ActionStatus.CANNOT_BE_DONE).is_late(TODAY)
    assert not action(None).is_late(TODAY)


def test_change_notes_newest_first_with_a_cap(session: Session, family: Family) -> None:
    plan = _plan(session, family)
    total = MAX_EARLIER_CHANGES + 3
    for number in range(1, total + 1):
        _version(session, plan, family, number, note=f"Change {number}.")
    session.commit()

    found = my_plan(session, family.reader).plan

    assert found is not None
    assert found.latest.note == f"Change {total}."
    assert found.latest.made_at == MADE_AT + timedelta(days=total)
    assert [change.number for change in found.earlier_changes] == list(
        range(total - 1, total - 1 - MAX_EARLIER_CHANGES, -1)
    )
    assert found.more_earlier_changes


def test_no_more_changes_flag_when_all_are_shown(session: Session, family: Family) -> None:
    plan = _plan(session, family)
    for number in range(1, MAX_EARLIER_CHANGES + 2):
        _version(session, plan, family, number)
    session.commit()
    found = my_plan(session, family.reader).plan
    assert found is not None
    assert len(found.earlier_changes) == MAX_EARLIER_CHANGES
    assert not found.more_earlier_changes


def test_other_professionals_by_role_once_each_never_from_hidden_actions(
    session: Session, family: Family
) -> None:
    plan = _plan(session, family)
    _version(
        session,
        plan,
        family,
        1,
        actions=[
            {"who": "GP"},
            {"who": "Keyworker"},
            {"who": "  the   gp "},
            {"who": "School SENCO"},
            {"who": "Parents"},
            {"who": "You"},
            {"who": "CAMHS", "visible_to_family": False},
        ],
    )
    session.commit()

    found = my_plan(session, family.reader)

    assert found.people.other_roles == (
        HelperRole("Your GP", "doctor"),
        HelperRole("School SENCO", "school"),
    )


def test_other_roles_skip_blank_names() -> None:
    assert (
        other_roles([FamilyAction(what="x", who="  ", due_on=None, status=ActionStatus.DONE)]) == ()
    )


def test_a_keyworker_who_has_left_is_not_named(session: Session, family: Family) -> None:
    family.keyworker.is_active = False
    session.commit()
    assert my_plan(session, family.reader).people.keyworker_name is None


def test_no_keyworker_allocated(session: Session, family: Family) -> None:
    family.person.keyworker_id = None
    session.commit()
    assert my_plan(session, family.reader).people.keyworker_name is None


def test_the_number_of_queries_does_not_grow_with_versions_or_actions(
    session: Session, family: Family
) -> None:
    plan = _plan(session, family)
    every_section = {kind: "Some words." for kind in PlanSectionKind}
    _version(session, plan, family, 1, sections=every_section, actions=[{"who": "GP"}])
    session.commit()
    engine = session.get_bind()
    with count_queries(engine) as few:  # type: ignore[arg-type]
        my_plan(session, family.reader)

    for number in range(2, 32):
        _version(session, plan, family, number, sections=every_section)
    _version(
        session,
        plan,
        family,
        32,
        sections=every_section,
        actions=[
            {"who": f"Agency {index}", "visible_to_family": index % 2 == 0} for index in range(40)
        ],
    )
    session.commit()
    session.expire_all()
    session.refresh(family.reader)  # as the request loads the signed-in contact
    with count_queries(engine) as many:  # type: ignore[arg-type]
        found = my_plan(session, family.reader)

    # Every action the family may see, whichever version was the latest when it was added.
    assert found.plan is not None and len(found.plan.actions) == 21
    assert many.count == few.count == 4


def test_easy_read_plan_is_split_into_the_parts_the_page_shows(
    session: Session, family: Family
) -> None:
    plan = _plan(session, family)
    _version(
        session,
        plan,
        family,
        1,
        sections={
            PlanSectionKind.ABOUT_ME: "I like trains.",
            PlanSectionKind.MY_GOALS: "Sleep better.",
            PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum.",
        },
        actions=[{"what": "Book a sleep clinic.", "who": "GP", "due_on": TODAY - timedelta(1)}],
    )
    session.commit()
    found = my_plan(session, family.reader).plan
    assert found is not None

    parts = easy_read_plan(found, lang="en", today=TODAY)

    assert [block.text for block in parts.sections if block.is_heading] == [
        "About me",
        "My goals",
    ]
    assert [block.text for block in parts.if_not_ok] == ["If I am not OK", "Tell Mum."]
    assert not any(block.is_heading for block in parts.actions)
    (action,) = parts.actions
    assert action.text.startswith("Your GP will book a sleep clinic by ")
    assert [child.text for child in action.children] == ["Not done yet", YOUNG_PERSON.say(LATE)]


def test_easy_read_plan_without_a_not_ok_section_or_actions(
    session: Session, family: Family
) -> None:
    plan = _plan(session, family)
    _version(session, plan, family, 1, sections={PlanSectionKind.ABOUT_ME: "I like trains."})
    session.commit()
    found = my_plan(session, family.reader).plan
    assert found is not None

    parts = easy_read_plan(found, lang="en", today=TODAY)

    assert parts.sections[0].text == "About me"
    assert parts.if_not_ok == []
    assert parts.actions == []


@pytest.mark.parametrize(
    ("stored", "wording"),
    [
        ({}, EASY_READ),
        ({session_keys.PLAN_WORDING: "standard"}, STANDARD),
        ({session_keys.PLAN_WORDING: "easy"}, EASY_READ),
        ({session_keys.PLAN_WORDING: "fancy"}, EASY_READ),
        ({session_keys.PLAN_WORDING: ["standard"]}, EASY_READ),
    ],
)
def test_easy_read_unless_standard_wording_was_chosen(stored: dict, wording: str) -> None:
    assert wording_from(stored) == wording

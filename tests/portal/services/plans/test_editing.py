"""Editing the plan: each save a new version (the old ones untouched), the
actions carried over unchanged, the note for the family required and easy
to read, only changed sections checked, and a save from a version that is
no longer the latest refused, also when 20 arrive at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.demo.plans import PLAN_TEXT, add_demo_plan
from portal.extensions import db
from portal.models import (
    Action,
    AuditEvent,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    StaffUser,
    YoungPerson,
)
from portal.services.plans.editing import (
    PLAN_SAVE_REFUSED,
    PLAN_VERSION_SAVED,
    PlanConflict,
    PlanDraft,
    PlanProblem,
    PlanRefused,
    latest_version,
    save_plan_version,
    section_texts,
    version_numbered,
    versions_of,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_action, make_staff_user, make_team, make_young_person

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
NOTE = "We added a goal about college."
HARD = "We will facilitate a CETR and liaise with the LA regarding s117 aftercare."


def _person(session: Session, *, with_plan: bool = True) -> tuple[YoungPerson, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    if with_plan:
        add_demo_plan(session, person, keyworker, today=TODAY, now=NOW)
        make_action(session, young_person_id=person.id, by=keyworker)
    session.commit()
    return person, keyworker


def _draft(**sections: str) -> PlanDraft:
    texts = {kind: PLAN_TEXT.get(kind, "") for kind in PlanSectionKind}
    texts.update({PlanSectionKind(name): body for name, body in sections.items()})
    return PlanDraft(sections=texts, change_note=NOTE)


def _save(
    session: Session, person: YoungPerson, by: StaffUser, draft: PlanDraft, number: int = 2
) -> PlanVersion:
    return save_plan_version(session, person, draft, expected_number=number, now=NOW, by=by)


def test_a_save_is_a_new_version_and_leaves_the_actions_alone(session: Session) -> None:
    person, keyworker = _person(session)
    before = latest_version(session, person.id)
    assert before is not None and before.number == 2

    version = _save(session, person, keyworker, _draft(my_goals="Go to college 4 days a week."))
    session.commit()

    assert version.number == 3 and version.change_note == NOTE
    assert section_texts(version)[PlanSectionKind.MY_GOALS] == "Go to college 4 days a week."
    assert section_texts(version)[PlanSectionKind.ABOUT_ME] == PLAN_TEXT[PlanSectionKind.ABOUT_ME]
    old = version_numbered(session, person.id, 2)
    assert (
        old is not None
        and section_texts(old)[PlanSectionKind.MY_GOALS] == (PLAN_TEXT[PlanSectionKind.MY_GOALS])
    )

    actions = session.scalars(select(Action).where(Action.young_person_id == person.id)).all()
    assert [(a.what, a.sequence) for a in actions] == [("Book a visit.", 1)]
    assert [v.number for v in versions_of(session, person.id)] == [3, 2, 1]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == PLAN_VERSION_SAVED)).one()
    assert event.detail["version"] == 3 and event.detail["sections_changed"] == ["my_goals"]


def test_the_first_save_makes_the_plan(session: Session) -> None:
    person, keyworker = _person(session, with_plan=False)
    version = _save(session, person, keyworker, _draft(), number=0)
    session.commit()
    assert version.number == 1 and version.plan.young_person_id == person.id


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        ("", PlanProblem.NOTE_MISSING),
        ("   ", PlanProblem.NOTE_MISSING),
        ("Short words. " * 50, PlanProblem.NOTE_TOO_LONG),
        (HARD, PlanProblem.NOTE_NOT_EASY_READ),
    ],
)
def test_the_note_for_the_family_is_required_and_easy_to_read(
    session: Session, note: str, problem: PlanProblem
) -> None:
    person, keyworker = _person(session)
    draft = PlanDraft(sections=_draft(my_goals="Sleep well.").sections, change_note=note)
    with pytest.raises(PlanRefused) as refused:
        _save(session, person, keyworker, draft)
    assert refused.value.problems == {"change_note": problem}
    assert len(versions_of(session, person.id)) == 2


def test_a_changed_section_must_be_easy_to_read(session: Session) -> None:
    person, keyworker = _person(session)
    with pytest.raises(PlanRefused) as refused:
        _save(session, person, keyworker, _draft(my_goals=HARD))
    assert refused.value.problems == {"my_goals": PlanProblem.SECTION_NOT_EASY_READ}


def test_only_changed_sections_are_checked(session: Session) -> None:
    person, keyworker = _person(session)
    latest = latest_version(session, person.id)
    assert latest is not None
    # A version saved before the check, with wording it would refuse.
    older = PlanVersion(
        plan_id=latest.plan_id, number=3, change_note=NOTE, created_by_id=keyworker.id
    )
    session.add(older)
    session.flush()
    session.add(PlanSection(version_id=older.id, kind=PlanSectionKind.WHAT_HELPS, body=HARD))
    session.commit()

    draft = PlanDraft(
        sections={PlanSectionKind.WHAT_HELPS: HARD, PlanSectionKind.MY_GOALS: "Sleep well."},
        change_note=NOTE,
    )
    version = _save(session, person, keyworker, draft, number=3)
    assert version.number == 4
    assert section_texts(version)[PlanSectionKind.WHAT_HELPS] == HARD


def test_nothing_changed_is_refused(session: Session) -> None:
    person, keyworker = _person(session)
    with pytest.raises(PlanRefused) as refused:
        _save(session, person, keyworker, _draft())
    assert refused.value.problems == {"sections": PlanProblem.NOTHING_CHANGED}


def test_a_save_from_an_older_version_is_refused_with_the_latest(session: Session) -> None:
    person, keyworker = _person(session)
    with pytest.raises(PlanConflict) as conflict:
        _save(session, person, keyworker, _draft(my_goals="Sleep well."), number=1)
    session.commit()
    assert conflict.value.latest is not None and conflict.value.latest.number == 2
    assert len(versions_of(session, person.id)) == 2
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == PLAN_SAVE_REFUSED)).one()
    assert (event.detail["expected_version"], event.detail["saved_version"]) == (1, 2)


def test_twenty_saves_at_once_from_the_same_version_save_exactly_one(
    app: Flask, session: Session
) -> None:
    person, keyworker = _person(session)
    person_id, keyworker_id = person.id, keyworker.id
    session.close()

    def save(own: Session, index: int) -> bool:
        mine, by = own.get(YoungPerson, person_id), own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        try:
            _save(own, mine, by, _draft(my_goals=f"Go to college {index + 1} days a week."))
        except PlanConflict:
            return False
        return True

    results = at_once_in_transactions(db.engine, save)

    assert results.count(True) == 1
    session.expire_all()
    assert [v.number for v in versions_of(session, person_id)] == [3, 2, 1]
    latest = latest_version(session, person_id)
    assert latest is not None
    winner = results.index(True)
    assert section_texts(latest)[PlanSectionKind.MY_GOALS] == (
        f"Go to college {winner + 1} days a week."
    )
    refused = session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == PLAN_SAVE_REFUSED)
    )
    assert refused == AT_ONCE - 1


def test_twenty_first_saves_at_once_make_one_plan(app: Flask, session: Session) -> None:
    person, keyworker = _person(session, with_plan=False)
    person_id, keyworker_id = person.id, keyworker.id
    session.close()

    def save(own: Session, index: int) -> bool:
        mine, by = own.get(YoungPerson, person_id), own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        try:
            _save(own, mine, by, _draft(), number=0)
        except PlanConflict:
            return False
        return True

    assert at_once_in_transactions(db.engine, save).count(True) == 1
    session.expire_all()
    assert [v.number for v in versions_of(session, person_id)] == [1]

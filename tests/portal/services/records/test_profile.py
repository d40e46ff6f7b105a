"""Editing the profile: each field's rule, the optimistic version check (a
save from an older form is refused with the saved version to show), the
communication needs kept as rows, and the audit of what changed (field
names, never what was typed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditEvent, CommunicationNeedType, StaffUser, YoungPerson
from portal.services.records.profile import (
    PROFILE_CHANGED,
    PROFILE_CONFLICT,
    ProfileConflict,
    ProfileFields,
    ProfileProblem,
    ProfileRefused,
    profile_of,
    save_profile,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _person(session: Session) -> tuple[YoungPerson, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(
        session, team=team, keyworker=keyworker, date_of_birth=date(2010, 6, 15)
    )
    session.commit()
    return person, keyworker


def _save(
    session: Session,
    person: YoungPerson,
    by: StaffUser,
    wanted: ProfileFields,
    version: int | None = None,
) -> list[str]:
    return save_profile(
        session,
        person,
        wanted,
        expected_version=person.profile_version if version is None else version,
        today=TODAY,
        now=NOW,
        by=by,
    )


def _problems(session: Session, **changes: object) -> dict[str, ProfileProblem]:
    person, keyworker = _person(session)
    with pytest.raises(ProfileRefused) as refused:
        _save(session, person, keyworker, replace(profile_of(person), **changes))
    session.rollback()
    return refused.value.problems


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"preferred_name": "   "}, {"preferred_name": ProfileProblem.PREFERRED_NAME_MISSING}),
        ({"preferred_name": "x" * 101}, {"preferred_name": ProfileProblem.PREFERRED_NAME_TOO_LONG}),
        ({"legal_name": ""}, {"legal_name": ProfileProblem.LEGAL_NAME_MISSING}),
        ({"legal_name": "x" * 201}, {"legal_name": ProfileProblem.LEGAL_NAME_TOO_LONG}),
        ({"pronouns": "x" * 41}, {"pronouns": ProfileProblem.PRONOUNS_TOO_LONG}),
        (
            {"communication_notes": "x" * 1001, "communication_review_on": TODAY},
            {"communication_notes": ProfileProblem.NOTES_TOO_LONG},
        ),
        (
            {"preferred_language": "English"},
            {"preferred_language": ProfileProblem.LANGUAGE_NOT_VALID},
        ),
        ({"preferred_language": "e"}, {"preferred_language": ProfileProblem.LANGUAGE_NOT_VALID}),
        (
            {"date_of_birth": TODAY + timedelta(days=1)},
            {"date_of_birth": ProfileProblem.BORN_IN_THE_FUTURE},
        ),
        ({"date_of_birth": date(2000, 12, 1)}, {"date_of_birth": ProfileProblem.TOO_OLD}),
        (
            {"needs": frozenset({CommunicationNeedType.EASY_READ})},
            {"communication_review_on": ProfileProblem.REVIEW_DATE_MISSING},
        ),
        (
            {"communication_review_on": TODAY - timedelta(days=1)},
            {"communication_review_on": ProfileProblem.REVIEW_IN_THE_PAST},
        ),
        (
            {"communication_review_on": date(2028, 12, 3)},
            {"communication_review_on": ProfileProblem.REVIEW_TOO_FAR_AHEAD},
        ),
    ],
)
def test_each_rule_refuses_a_save(
    session: Session, changes: dict[str, object], problems: dict[str, ProfileProblem]
) -> None:
    assert _problems(session, **changes) == problems


def test_the_edges_of_the_rules_are_allowed(session: Session) -> None:
    person, keyworker = _person(session)
    wanted = replace(
        profile_of(person),
        preferred_name="x" * 100,
        legal_name="y" * 200,
        pronouns="z" * 40,
        date_of_birth=date(2000, 12, 3),  # 26 tomorrow: 25 today
        preferred_language="pt-BR",
        communication_notes="n" * 1000,
        communication_review_on=date(2028, 12, 2),
    )
    assert _save(session, person, keyworker, wanted)
    session.commit()


def test_someone_now_older_than_25_can_still_be_edited(session: Session) -> None:
    person, keyworker = _person(session)
    person.date_of_birth = date(1999, 1, 1)
    session.commit()
    assert _save(session, person, keyworker, replace(profile_of(person), pronouns="they/them")) == [
        "pronouns"
    ]


def test_a_save_changes_the_fields_adds_a_version_and_audits_field_names(
    session: Session,
) -> None:
    person, keyworker = _person(session)
    wanted = replace(
        profile_of(person),
        preferred_name="  Robbie ",
        pronouns="they/them",
        preferred_language="CY",
        needs=frozenset({CommunicationNeedType.EASY_READ, CommunicationNeedType.QUIET_ROOM}),
        communication_notes="Needs a Welsh interpreter for letters.",
        communication_review_on=date(2027, 6, 1),
    )
    changed = _save(session, person, keyworker, wanted)
    session.commit()

    assert changed == [
        "preferred_name",
        "pronouns",
        "preferred_language",
        "needs",
        "communication_notes",
        "communication_review_on",
    ]
    session.expire_all()
    saved = session.get(YoungPerson, person.id)
    assert saved is not None
    assert (saved.preferred_name, saved.pronouns, saved.preferred_language) == (
        "Robbie",
        "they/them",
        "cy",
    )
    assert [need.need for need in saved.communication_needs] == [
        CommunicationNeedType.EASY_READ,
        CommunicationNeedType.QUIET_ROOM,
    ]
    assert (saved.profile_version, saved.profile_updated_by_id) == (2, keyworker.id)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == PROFILE_CHANGED)).one()
    assert event.actor_staff_id == keyworker.id and event.young_person_id == person.id
    assert event.detail == {
        "fields": changed,
        "needs_added": ["easy_read", "quiet_room"],
        "needs_removed": [],
        "version": 2,
    }
    assert "Welsh" not in str(event.detail) and "Robbie" not in str(event.detail)


def test_a_need_that_stays_keeps_when_it_was_first_recorded(session: Session) -> None:
    person, keyworker = _person(session)
    both = frozenset({CommunicationNeedType.EASY_READ, CommunicationNeedType.BRAILLE})
    _save(
        session,
        person,
        keyworker,
        replace(profile_of(person), needs=both, communication_review_on=TODAY),
    )
    session.commit()
    [first_braille] = [n for n in person.communication_needs if n.need.value == "braille"]
    recorded = (first_braille.id, first_braille.recorded_at)
    _save(
        session,
        person,
        keyworker,
        replace(profile_of(person), needs=frozenset({CommunicationNeedType.BRAILLE})),
    )
    session.commit()
    session.expire_all()
    [braille] = session.get(YoungPerson, person.id).communication_needs  # type: ignore[union-attr]
    assert (braille.id, braille.recorded_at) == recorded
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == PROFILE_CHANGED)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None and event.detail["needs_removed"] == ["easy_read"]


def test_a_save_from_an_older_form_is_refused_with_the_saved_version(session: Session) -> None:
    person, keyworker = _person(session)
    opened = profile_of(person)
    _save(session, person, keyworker, replace(opened, pronouns="she/her"))
    session.commit()

    with pytest.raises(ProfileConflict) as conflict:
        _save(session, person, keyworker, replace(opened, preferred_name="Bobbie"), version=1)
    session.commit()

    assert conflict.value.version == 2
    assert conflict.value.saved.pronouns == "she/her"
    session.expire_all()
    saved = session.get(YoungPerson, person.id)
    assert saved is not None
    assert (saved.preferred_name, saved.pronouns, saved.profile_version) == (
        person.preferred_name,
        "she/her",
        2,
    )
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == PROFILE_CONFLICT)).one()
    assert event.detail == {"expected_version": 1, "saved_version": 2}


def test_nothing_changed_saves_only_a_new_version(session: Session) -> None:
    person, keyworker = _person(session)
    assert _save(session, person, keyworker, profile_of(person)) == []
    session.commit()
    assert person.profile_version == 2


def test_an_overdue_review_date_can_stay_while_other_fields_change(session: Session) -> None:
    person, keyworker = _person(session)
    person.communication_review_on = TODAY - timedelta(days=12)
    person.communication_notes = "Prefers mornings."
    session.commit()
    assert _save(session, person, keyworker, replace(profile_of(person), pronouns="he/him")) == [
        "pronouns"
    ]


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
            _save(own, mine, by, replace(profile_of(mine), pronouns=f"p{index}"), version=1)
        except ProfileConflict:
            return False
        return True

    results = at_once_in_transactions(db.engine, save)

    assert results.count(True) == 1
    session.expire_all()
    saved = session.get(YoungPerson, person_id)
    assert saved is not None and saved.profile_version == 2
    assert saved.pronouns == f"p{results.index(True)}"
    refused = session.scalars(select(AuditEvent).where(AuditEvent.action == PROFILE_CONFLICT))
    assert len(refused.all()) == AT_ONCE - 1

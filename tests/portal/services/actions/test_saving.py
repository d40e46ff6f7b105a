"""Adding and changing actions: each save is a history row and audited; a
change from an older form is refused with the action as saved, also when 20
arrive at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Action, ActionChange, ActionStatus, AuditEvent, StaffUser
from portal.services.actions.lists import action_history
from portal.services.actions.rules import ActionDraft, ActionRefused
from portal.services.actions.saving import (
    ADDED,
    CHANGED,
    CONFLICT,
    ActionConflict,
    add_action,
    change_action,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _added(session: Session) -> tuple[Action, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    draft = ActionDraft(" Book  a visit ", "Keyworker", due_on=date(2026, 12, 9))
    action = add_action(session, person.id, draft, now=NOW, by=keyworker)
    session.commit()
    return action, keyworker


def _events(session: Session) -> list[str]:
    return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def _changes(session: Session, action: Action) -> list[ActionChange]:
    return list(
        session.scalars(
            select(ActionChange)
            .where(ActionChange.action_id == action.id)
            .order_by(ActionChange.sequence)
        )
    )


def test_adding_keeps_a_first_history_row_and_is_audited(session: Session) -> None:
    action, keyworker = _added(session)
    assert action.what == "Book a visit" and action.sequence == 1
    [first] = _changes(session, action)
    assert (first.status, first.changed_by_id) == (ActionStatus.NOT_STARTED, keyworker.id)
    assert ADDED in _events(session)


def test_a_change_adds_one_and_a_history_row_saying_what_changed(session: Session) -> None:
    action, keyworker = _added(session)
    draft = ActionDraft("Book a visit", "Keyworker", due_on=date(2026, 12, 9))
    done = ActionDraft(**{**draft.__dict__, "status": ActionStatus.DONE})
    changed = change_action(session, action, done, expected_sequence=1, now=NOW, by=keyworker)
    session.commit()

    assert changed == ["status"] and action.sequence == 2
    newest = action_history(session, action)[0]
    assert [(d.field, d.before, d.after) for d in newest.differences] == [
        ("status", ActionStatus.NOT_STARTED, ActionStatus.DONE)
    ]
    assert len(_changes(session, action)) == 2 and CHANGED in _events(session)


def test_cannot_be_done_without_a_reason_is_refused_and_nothing_saved(session: Session) -> None:
    action, keyworker = _added(session)
    draft = ActionDraft("Book a visit", "Keyworker", status=ActionStatus.CANNOT_BE_DONE)
    with pytest.raises(ActionRefused):
        change_action(session, action, draft, expected_sequence=1, now=NOW, by=keyworker)
    session.rollback()
    assert action.status is ActionStatus.NOT_STARTED and len(_changes(session, action)) == 1


def test_a_change_from_an_older_form_is_refused_with_the_saved_action(session: Session) -> None:
    action, keyworker = _added(session)
    first = ActionDraft("Book a visit", "GP")
    change_action(session, action, first, expected_sequence=1, now=NOW, by=keyworker)
    session.commit()
    late = ActionDraft("Book a visit", "School")
    with pytest.raises(ActionConflict) as found:
        change_action(session, action, late, expected_sequence=1, now=NOW, by=keyworker)
    assert found.value.saved.who == "GP" and found.value.sequence == 2
    assert found.value.saved_by is not None and found.value.saved_by.id == keyworker.id
    assert CONFLICT in _events(session)


def test_twenty_changes_at_once_from_the_same_form_save_exactly_one(
    app: Flask, session: Session
) -> None:
    action, keyworker = _added(session)
    action_id, keyworker_id = action.id, keyworker.id
    session.close()

    def change(own: Session, index: int) -> bool:
        mine, by = own.get(Action, action_id), own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        draft = ActionDraft("Book a visit", f"Person {index}")
        try:
            change_action(own, mine, draft, expected_sequence=1, now=NOW, by=by)
        except ActionConflict:
            return False
        return True

    results = at_once_in_transactions(db.engine, change)

    assert results.count(True) == 1
    session.expire_all()
    saved = session.get(Action, action_id)
    assert saved is not None and saved.sequence == 2
    assert saved.who == f"Person {results.index(True)}"
    assert len(_changes(session, saved)) == 2
    assert _events(session).count(CONFLICT) == AT_ONCE - 1

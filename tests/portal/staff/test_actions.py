"""The actions pages: the list (late ones first, where each came from), add
one by hand (errors shown, what was typed kept), change one (a reason needed
when it cannot be done; someone else's save shown beside yours), its
history, and only for the staff who may see the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Action, ActionChange, ActionStatus, AuditEvent, StaffRole, StaffUser
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_action, make_staff_user, make_team
from tests.support.sign_in_helpers import Family, make_family


def _actions_path(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/actions"


def _typed(**changes: str) -> dict[str, str]:
    due = london_today() + timedelta(days=10)
    values = {
        "what": "Book a sleep clinic appointment.",
        "who": "GP",
        "named_person": "Dr Example",
        "day": str(due.day),
        "month": str(due.month),
        "year": str(due.year),
        "status": "not_started",
        "cannot_be_done_reason": "",
        "visible_to_family": "y",
    }
    values.update(changes)
    return values


def _saved(app: Flask) -> list[Action]:
    with app.app_context():
        return list(db.session.scalars(select(Action).order_by(Action.id)))


def _events(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _add(app: Flask, family: Family, **fields: object) -> Action:
    with app.app_context():
        action = make_action(
            db.session, young_person_id=family.young_person_id, by=family.keyworker, **fields
        )  # type: ignore[arg-type]
        db.session.commit()
        return action


def test_a_keyworker_adds_an_action_by_hand_and_it_is_listed(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(f"/staff/young-people/{family.young_person_id}").get_data(as_text=True)
    assert _actions_path(family) in record

    done = client.post_form(_actions_path(family) + "/new", _typed())
    assert done.status_code == 303 and done.headers["Location"] == _actions_path(family)
    [action] = _saved(app)
    assert (action.what, action.named_person, action.meeting_id) == (
        "Book a sleep clinic appointment.",
        "Dr Example",
        None,
    )
    assert "action.added" in _events(app)
    page = client.get(_actions_path(family)).get_data(as_text=True)
    assert "Action added." in page and "Added by hand" in page and "Dr Example" in page


def test_late_actions_come_first_with_how_late(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    today = london_today()
    _add(app, family, what="Later one", due_on=today + timedelta(days=30))
    _add(app, family, what="Late one", due_on=today - timedelta(days=3))
    _add(app, family, what="Soon one", due_on=today + timedelta(days=2))
    _add(app, family, what="Done one", status=ActionStatus.DONE)
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_actions_path(family)).get_data(as_text=True)
    assert page.index("Late one") < page.index("Soon one") < page.index("Later one")
    assert page.index("Later one") < page.index("Done one")
    assert "3 days late" in page and "Due soon" in page


def test_problems_are_shown_and_what_was_typed_is_kept(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    response = client.post_form(
        _actions_path(family) + "/new",
        _typed(who="", status="cannot_be_done", month="", what="Find a club"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the day, the month and the year" in page
    assert "Find a club" in page and "Dr Example" in page
    assert _saved(app) == []
    response = client.post_form(
        _actions_path(family) + "/new", _typed(who="", status="cannot_be_done")
    )
    page = response.get_data(as_text=True)
    assert "Enter who will do it" in page and "Enter why it cannot be done" in page
    assert _saved(app) == []


def test_a_change_is_saved_with_its_history(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    action = _add(app, family, what="Book a sleep clinic appointment.", who="GP")
    client.sign_in(family.manager, PASSWORD)
    path = f"{_actions_path(family)}/{action.id}"
    form = client.get(path).get_data(as_text=True)
    assert 'name="sequence" type="hidden" value="1"' in form

    reason = "The clinic has closed its list."
    done = client.post_form(
        path, _typed(status="cannot_be_done", cannot_be_done_reason=reason, sequence="1")
    )
    assert done.status_code == 303
    [saved] = _saved(app)
    assert (saved.status, saved.cannot_be_done_reason, saved.sequence) == (
        ActionStatus.CANNOT_BE_DONE,
        reason,
        2,
    )
    assert "action.changed" in _events(app)
    history = client.get(path + "/history").get_data(as_text=True)
    assert f"Changed by {family.manager.name}" in history
    assert "Not started → Cannot be done" in history
    with app.app_context():
        assert db.session.query(ActionChange).count() == 2


def test_a_stale_form_shows_both_versions_and_saves_nothing(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    action = _add(app, family, what="Book a sleep clinic appointment.", who="GP")
    client.sign_in(family.keyworker, PASSWORD)
    path = f"{_actions_path(family)}/{action.id}"
    assert client.post_form(path, _typed(who="CAMHS", sequence="1")).status_code == 303
    response = client.post_form(path, _typed(who="School", sequence="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else saved this action" in page
    assert "CAMHS" in page and "School" in page
    [saved] = _saved(app)
    assert saved.who == "CAMHS" and saved.sequence == 2
    assert "action.change_refused" in _events(app)


def _other_users(app: Flask) -> dict[str, StaffUser]:
    with app.app_context():
        team = make_team(db.session)
        users = {
            "other keyworker": make_staff_user(db.session, team=team),
            "other team's manager": make_staff_user(db.session, role=StaffRole.MANAGER, team=team),
            "admin": make_staff_user(db.session, role=StaffRole.ADMIN),
        }
        db.session.commit()
        return users


@pytest.mark.parametrize(
    ("who", "status"), [("other keyworker", 404), ("other team's manager", 404), ("admin", 403)]
)
def test_staff_who_may_not_see_the_record_get_nothing(
    app: Flask, client: PortalClient, who: str, status: int
) -> None:
    family = make_family(app)
    action = _add(app, family, what="Secret")
    user = _other_users(app)[who]
    client.sign_in(user, PASSWORD)
    token_page = "/staff/admin/staff" if who == "admin" else "/staff/"
    one = f"{_actions_path(family)}/{action.id}"
    for path in (_actions_path(family), _actions_path(family) + "/new", one, one + "/history"):
        assert client.get(path).status_code == status
    for path in (_actions_path(family) + "/new", one):
        posted = client.post_form(path, _typed(sequence="1"), token_page=token_page)
        assert posted.status_code == status
    [saved] = _saved(app)
    assert saved.what == "Secret" and saved.sequence == 1


def test_an_action_of_another_young_person_is_not_found(app: Flask, client: PortalClient) -> None:
    family, other = make_family(app), make_family(app)
    theirs = _add(app, other, what="Theirs")
    client.sign_in(family.keyworker, PASSWORD)
    assert client.get(f"{_actions_path(family)}/{theirs.id}").status_code == 404
    assert client.get(f"{_actions_path(family)}/{theirs.id}/history").status_code == 404

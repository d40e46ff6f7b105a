"""Administrators list, add and turn off staff accounts."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, StaffRole, StaffUser, WebSession
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team

NEW_ACCOUNT = {
    "name": "Jo Newstarter",
    "email": "Jo.Newstarter@example.org",
    "role": "keyworker",
    "team": "North Team",
    "password": "a good long first password",
}


def _admin_client(app: Flask) -> tuple[PortalClient, StaffUser]:
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    client.sign_in(admin, PASSWORD)
    return client, admin


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)))


def test_admin_adds_an_account(app: Flask) -> None:
    client, _ = _admin_client(app)
    response = client.post_form("/staff/admin/staff/new", NEW_ACCOUNT)
    assert response.status_code == 303
    html = client.get("/staff/admin/staff").get_data(as_text=True)
    assert "Account created for Jo Newstarter." in html
    assert "jo.newstarter@example.org" in html
    assert "Not signed in yet" in html
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.name == "Jo Newstarter"))
        assert user.role is StaffRole.KEYWORKER and user.team.name == "North Team"
        assert user.password_hash.startswith("$argon2id$")
        assert not user.has_totp


def test_an_email_already_used_in_any_case_is_refused(app: Flask) -> None:
    client, _ = _admin_client(app)
    client.post_form("/staff/admin/staff/new", NEW_ACCOUNT)
    before = _count(app, StaffUser)
    response = client.post_form(
        "/staff/admin/staff/new", {**NEW_ACCOUNT, "email": "JO.NEWSTARTER@EXAMPLE.ORG"}
    )
    assert "There is already an account with this email address" in response.get_data(as_text=True)
    assert _count(app, StaffUser) == before


def test_bad_input_is_explained_and_nothing_is_saved(app: Flask) -> None:
    client, _ = _admin_client(app)
    before = _count(app, StaffUser)
    cases = {
        "Enter the person's full name": {**NEW_ACCOUNT, "name": "  "},
        "Enter an email address in the right format": {**NEW_ACCOUNT, "email": "not-an-email"},
        "Password must be 12 characters or more": {**NEW_ACCOUNT, "password": "short"},
        "Password is too easy to guess": {**NEW_ACCOUNT, "password": "password1234"},
        "Not a valid choice": {**NEW_ACCOUNT, "role": "superuser"},
    }
    for message, data in cases.items():
        response = client.post_form("/staff/admin/staff/new", data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), message
    assert _count(app, StaffUser) == before


def test_turning_an_account_off_ends_its_sessions_at_once(app: Flask) -> None:
    admin_client, _ = _admin_client(app)
    with app.app_context():
        keyworker = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    keyworker_client: PortalClient = app.test_client()  # type: ignore[assignment]
    keyworker_client.sign_in(keyworker, PASSWORD)
    assert keyworker_client.get("/staff/").status_code == 200
    response = admin_client.post_form(
        f"/staff/admin/staff/{keyworker.id}/deactivate", token_page="/staff/admin/staff"
    )
    assert response.status_code == 303
    assert keyworker_client.get("/staff/").status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(WebSession.staff_user_id == keyworker.id))
            == 0
        )
        assert not db.session.get(StaffUser, keyworker.id).is_active
        assert "staff.account.deactivated" in db.session.scalars(select(AuditEvent.action)).all()


def test_an_admin_cannot_turn_off_their_own_account(app: Flask) -> None:
    client, admin = _admin_client(app)
    response = client.post_form(
        f"/staff/admin/staff/{admin.id}/deactivate",
        token_page="/staff/admin/staff",
        follow_redirects=True,
    )
    assert "You cannot turn off your own account" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(StaffUser, admin.id).is_active


def test_turning_off_an_unknown_account_is_not_found(app: Flask) -> None:
    client, _ = _admin_client(app)
    response = client.post_form(
        "/staff/admin/staff/999999/deactivate", token_page="/staff/admin/staff"
    )
    assert response.status_code == 404


def test_resetting_sign_in_sets_a_new_password_and_authenticator(app: Flask) -> None:
    admin_client, _ = _admin_client(app)
    with app.app_context():
        keyworker = make_staff_user(db.session, team=make_team(db.session), is_active=False)
        db.session.commit()
    path = f"/staff/admin/staff/{keyworker.id}/reset-sign-in"
    response = admin_client.post_form(path, {"password": "short"})
    assert "Password must be 12 characters or more" in response.get_data(as_text=True)
    response = admin_client.post_form(path, {"password": "a brand new first password"})
    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(StaffUser, keyworker.id)
        assert user.is_active and not user.has_totp and user.locked_until is None
        assert "staff.sign_in.reset" in db.session.scalars(select(AuditEvent.action)).all()
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    response = client.post_form(
        "/staff/sign-in", {"email": keyworker.email, "password": "a brand new first password"}
    )
    assert response.headers["Location"] == "/staff/sign-in/set-up-authenticator"


def test_an_admin_cannot_reset_their_own_sign_in(app: Flask) -> None:
    client, admin = _admin_client(app)
    response = client.post_form(
        f"/staff/admin/staff/{admin.id}/reset-sign-in", {"password": "a brand new first password"}
    )
    assert "You cannot reset your own sign-in" in response.get_data(as_text=True)


def test_resetting_an_unknown_account_is_not_found(app: Flask) -> None:
    client, _ = _admin_client(app)
    assert client.get("/staff/admin/staff/999999/reset-sign-in").status_code == 404


def test_resetting_sign_in_ends_a_sign_in_half_done_with_the_old_password(app: Flask) -> None:
    """Someone who gave the old password just before the reset must not go on
    to set up an authenticator app of their own for the account."""
    admin_client, _ = _admin_client(app)
    with app.app_context():
        keyworker = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    half: PortalClient = app.test_client()  # type: ignore[assignment]
    response = half.post_form("/staff/sign-in", {"email": keyworker.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/sign-in/code"
    admin_client.post_form(
        f"/staff/admin/staff/{keyworker.id}/reset-sign-in",
        {"password": "a brand new first password"},
    )
    response = half.get("/staff/sign-in/set-up-authenticator")
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/sign-in"


def test_a_new_first_password_may_not_name_the_configured_service(app: Flask) -> None:
    app.config["SERVICE_NAME"] = "Bluebell Valley Keyworkers"
    client, _ = _admin_client(app)
    response = client.post_form(
        "/staff/admin/staff/new", {**NEW_ACCOUNT, "password": "Bluebell Valley 2024"}
    )
    assert "Password must not be made of the name of this service" in response.get_data(
        as_text=True
    )
    assert _count(app, StaffUser) == 1

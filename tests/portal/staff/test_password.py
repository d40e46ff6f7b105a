"""Every member of staff can change their own password: the page, who may use
it, the sessions it ends, the lockout it shares with sign-in, and many wrong
passwords sent at once."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from portal.extensions import db
from portal.models import AuditEvent, StaffRole, StaffUser, utc_now
from portal.services.staff_accounts.passwords import verify_password
from portal.sessions import hash_session_id
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import make_family, session_cookie
from tests.support.staff_sessions import sign_in_staff, staff_session_hashes

PAGE = "/staff/change-password"
NEW_PASSWORD = "kettle orbit lantern meadow"
WRONG = "not my password at all"


def _user(app: Flask, role: StaffRole = StaffRole.KEYWORKER) -> StaffUser:
    with app.app_context():
        user = make_staff_user(db.session, role=role)
        db.session.commit()
        return user


def _signed_in(app: Flask, user: StaffUser) -> PortalClient:
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_staff(app, client, user)
    return client


def _change(
    client: PortalClient, current: str = PASSWORD, new: str = NEW_PASSWORD, again: str = ""
) -> TestResponse:
    return client.post_form(
        PAGE,
        {"current_password": current, "new_password": new, "new_password_again": again or new},
    )


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _password_hash(app: Flask, user: StaffUser) -> str:
    with app.app_context():
        stored = db.session.get(StaffUser, user.id)
        assert stored is not None
        return stored.password_hash


@pytest.mark.parametrize("role", list(StaffRole))
def test_every_member_of_staff_has_the_page_and_a_link_to_it(app: Flask, role: StaffRole) -> None:
    client = _signed_in(app, _user(app, role))
    html = client.get(PAGE).get_data(as_text=True)
    assert "<h1>Change your password</h1>" in html
    for field in ("current_password", "new_password", "new_password_again"):
        assert f'name="{field}"' in html
    assert 'autocomplete="current-password"' in html and 'autocomplete="new-password"' in html
    home = client.get("/staff/admin/staff" if role is StaffRole.ADMIN else "/staff/")
    assert f'href="{PAGE}"' in home.get_data(as_text=True)


def test_nobody_signed_in_is_sent_to_sign_in(app: Flask, client: PortalClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
    token = client.csrf_token()
    response = client.post(PAGE, data={"csrf_token": token, "current_password": PASSWORD})
    assert response.status_code == 302
    assert "staff.password.changed" not in _actions(app)


def test_a_family_member_is_refused(app: Flask, client: PortalClient) -> None:
    sign_in_family(app, client, make_family(app).contact)
    assert client.get("/home").status_code == 200
    assert client.get(PAGE).status_code == 403
    token = client.csrf_token("/home")
    response = client.post(PAGE, data={"csrf_token": token, "current_password": PASSWORD})
    assert response.status_code == 403


def test_a_post_without_its_csrf_token_changes_nothing(app: Flask) -> None:
    user = _user(app)
    client = _signed_in(app, user)
    before = _password_hash(app, user)
    response = client.post(
        PAGE,
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "This page was open too long" in response.get_data(as_text=True)
    assert _password_hash(app, user) == before


def test_a_change_ends_every_other_session_and_gives_this_one_a_new_id(app: Flask) -> None:
    user = _user(app)
    this_client, other_client = _signed_in(app, user), _signed_in(app, user)
    old_cookie = session_cookie(app, this_client)
    assert other_client.get("/staff/").status_code == 200

    response = _change(this_client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"
    new_cookie = session_cookie(app, this_client)
    assert new_cookie and new_cookie != old_cookie
    assert staff_session_hashes(app, user.id) == {hash_session_id(new_cookie)}

    home = this_client.get("/staff/")
    assert home.status_code == 200
    assert "Your password is changed." in home.get_data(as_text=True)
    assert other_client.get("/staff/").status_code == 302
    replayed: PortalClient = app.test_client()  # type: ignore[assignment]
    replayed.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie or "")
    assert replayed.get("/staff/").status_code == 302

    assert verify_password(_password_hash(app, user), NEW_PASSWORD, fast=True)
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "staff.password.changed")
        ).one()
        assert event.actor_staff_id == user.id and event.detail == {"other_sessions_ended": 1}


def test_the_new_password_signs_in_and_the_old_one_does_not(app: Flask) -> None:
    user = _user(app)
    _change(_signed_in(app, user))
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    old = client.post_form("/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert old.status_code == 200
    client.sign_in(user, NEW_PASSWORD)
    assert client.get("/staff/").status_code == 200


def test_problems_are_summarised_and_every_box_comes_back_empty(app: Flask) -> None:
    user = _user(app)
    client = _signed_in(app, user)
    response = _change(client, current=WRONG, new="Sunshine2024!", again="Sunshine2025!")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r"<title>Error: Change your password", html)
    summary = html.split("nhsuk-error-summary", 1)[1].split("</div>", 1)[0]
    for message, field in [
        ("Your current password is not right", "current_password"),
        ("Password is too easy to guess", "new_password"),
        ("Enter the same new password again", "new_password_again"),
    ]:
        assert message in summary and f'href="#{field}"' in summary
    for typed in (WRONG, "Sunshine2024!", "Sunshine2025!"):
        assert typed not in html
    assert not re.search(r'type="password"[^>]*value="[^"]', html)
    assert _actions(app) == ["staff.password.change_failed"]


def test_the_email_address_and_the_service_name_are_refused(app: Flask) -> None:
    user = _user(app)
    client = _signed_in(app, user)
    local_part = user.email.split("@")[0]
    cases = {
        "Password must not contain your email address": f"{local_part} and friends",
        "Password must not be made of the name of this service": "Keyworker Family Portal 24",
        "Password must be 12 characters or more": "short",
        "Your new password must be different from your current one": PASSWORD,
    }
    for message, new in cases.items():
        html = _change(client, new=new).get_data(as_text=True)
        assert message in html, message
    assert verify_password(_password_hash(app, user), PASSWORD, fast=True)


def test_five_wrong_current_passwords_lock_the_account_and_sign_out_everywhere(
    app: Flask,
) -> None:
    user = _user(app)
    client, other_client = _signed_in(app, user), _signed_in(app, user)
    for _ in range(4):
        assert _change(client, current=WRONG).status_code == 200
    response = _change(client, current=WRONG)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/sign-in"
    page = client.get("/staff/sign-in").get_data(as_text=True)
    assert "The current password was wrong too many times." in page
    assert client.get("/staff/").status_code == 302
    assert other_client.get("/staff/").status_code == 302
    assert staff_session_hashes(app, user.id) == set()
    fresh: PortalClient = app.test_client()  # type: ignore[assignment]
    locked_out = fresh.post_form("/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert locked_out.status_code == 200
    assert _actions(app).count("staff.sign_in.locked") == 1


def test_a_half_finished_sign_in_cannot_finish_after_the_password_changes(app: Flask) -> None:
    user = _user(app)
    half: PortalClient = app.test_client()  # type: ignore[assignment]
    response = half.post_form("/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/sign-in/code"
    _change(_signed_in(app, user))
    code = pyotp.TOTP(user.totp_secret).now()
    response = half.post_form("/staff/sign-in/code", {"code": code}, token_page="/staff/sign-in")
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/sign-in"
    assert half.get("/staff/").status_code == 302


def test_posts_are_rate_limited_per_address_like_sign_in(app: Flask) -> None:
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    client = _signed_in(app, _user(app))
    statuses = [_change(client, new="short").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_20_wrong_current_passwords_at_once_check_exactly_5(app: Flask) -> None:
    """One account signed in 20 times, and a wrong current password sent from
    each session at the same moment: the lockout of 5 holds, so exactly 5
    are checked, the 5th locks the account, and no session is left."""
    user = _user(app)
    clients = [_signed_in(app, user) for _ in range(20)]
    tokens = [client.csrf_token(PAGE) for client in clients]
    barrier = threading.Barrier(len(clients))

    def send(index: int) -> int:
        barrier.wait()
        return (
            clients[index]
            .post(
                PAGE,
                data={
                    "csrf_token": tokens[index],
                    "current_password": WRONG,
                    "new_password": NEW_PASSWORD,
                    "new_password_again": NEW_PASSWORD,
                },
            )
            .status_code
        )

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(pool.map(send, range(len(clients))))

    actions = _actions(app)
    assert actions.count("staff.password.change_failed") == 4
    assert actions.count("staff.sign_in.locked") == 1
    assert statuses.count(303) == 1  # the one that locked the account
    # The others were refused unchecked: locked (200), or their session, and
    # its CSRF token, already ended (400).
    assert actions.count("staff.password.change_refused") == statuses.count(200) - 4
    assert set(statuses) <= {200, 303, 400}
    assert staff_session_hashes(app, user.id) == set()
    with app.app_context():
        stored = db.session.get(StaffUser, user.id)
        assert stored is not None and stored.locked_until is not None
        assert stored.locked_until > utc_now()
        assert stored.failed_sign_in_count == 0
    assert verify_password(_password_hash(app, user), PASSWORD, fast=True)

"""Staff sign-in: password, then a code from an authenticator app."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pyotp
import pytest
import time_machine
from flask import Flask
from sqlalchemy import select, text

from portal import session_keys
from portal.extensions import db
from portal.models import AuditEvent, StaffRole, StaffUser, WebSession, utc_now
from portal.secrets_at_rest import new_key
from tests.client import PortalClient, next_totp_code
from tests.support.at_once import AT_ONCE, at_once
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.hostile_redirects import (
    FAMILY_PAGES_FOR_STAFF,
    OFF_SITE,
    STAFF_PAGES,
    form_body,
    on_the_wire,
    stays_on_the_site,
)

GENERIC_ERROR = "The email address or password is not right, or the account is locked"


def _user(app: Flask, **kwargs) -> StaffUser:  # type: ignore[no-untyped-def]
    with app.app_context():
        kwargs.setdefault("team", make_team(db.session))
        user = make_staff_user(db.session, **kwargs)
        db.session.commit()
        return user


def _reload(app: Flask, user: StaffUser) -> StaffUser:
    with app.app_context():
        return db.session.get(StaffUser, user.id)  # type: ignore[return-value]


def _password_step(client: PortalClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post_form("/staff/sign-in", {"email": email, "password": password})


def test_keyworker_signs_in_and_lands_on_their_caseload(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    response = _password_step(client, user.email.upper(), PASSWORD)
    assert response.headers["Location"] == "/staff/sign-in/code"
    # Nothing is open before the second factor.
    assert client.get("/staff/").status_code == 302
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post_form("/staff/sign-in/code", {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_admin_lands_on_staff_accounts(app: Flask, client: PortalClient) -> None:
    response = client.sign_in(_user(app, role=StaffRole.ADMIN), PASSWORD)
    assert response.headers["Location"] == "/staff/admin/staff"


def test_sign_in_returns_to_the_page_asked_for(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    client.get("/staff/sign-in?next=/staff/young-people/1")
    response = client.post_form(
        "/staff/sign-in?next=/staff/young-people/1", {"email": user.email, "password": PASSWORD}
    )
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post_form("/staff/sign-in/code", {"code": code})
    assert response.headers["Location"] == "/staff/young-people/1"


@pytest.mark.parametrize("target", ["https://evil.example.org/", "//evil.example.org/", "/family"])
def test_sign_in_never_sends_people_to_another_site(
    app: Flask, client: PortalClient, target: str
) -> None:
    user = _user(app)
    client.post_form(f"/staff/sign-in?next={target}", {"email": user.email, "password": PASSWORD})
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post_form("/staff/sign-in/code", {"code": code})
    assert response.headers["Location"] == "/staff/"


@pytest.mark.parametrize("value", OFF_SITE + FAMILY_PAGES_FOR_STAFF)
def test_sign_in_stays_in_the_workspace_whatever_next_says(app: Flask, value: str) -> None:
    for sent in on_the_wire(value):
        user = _user(app)
        client: PortalClient = app.test_client()  # type: ignore[assignment]
        token = client.csrf_token("/staff/sign-in")
        client.post(
            "/staff/sign-in",
            query_string="next=" + sent,
            data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        )
        response = client.post_form("/staff/sign-in/code", {"code": next_totp_code(app, user)})
        assert response.status_code == 303
        assert response.headers["Location"] == "/staff/", repr(sent)
        assert stays_on_the_site(response.headers["Location"])


@pytest.mark.parametrize("value", OFF_SITE + FAMILY_PAGES_FOR_STAFF)
def test_staying_signed_in_stays_in_the_workspace_whatever_next_says(
    app: Flask, client: PortalClient, value: str
) -> None:
    client.sign_in(_user(app), PASSWORD)
    token = client.csrf_token("/staff/")
    for sent in on_the_wire(value):
        response = client.post(
            "/staff/stay-signed-in",
            data=form_body({"csrf_token": token}, sent),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 303
        assert response.headers["Location"] == "/staff/", repr(sent)
        assert stays_on_the_site(response.headers["Location"])


@pytest.mark.parametrize("value", STAFF_PAGES)
def test_staying_signed_in_returns_to_the_staff_page(
    app: Flask, client: PortalClient, value: str
) -> None:
    client.sign_in(_user(app), PASSWORD)
    response = client.post(
        "/staff/stay-signed-in", data={"csrf_token": client.csrf_token("/staff/"), "next": value}
    )
    assert response.headers["Location"] == value


def test_wrong_password_and_unknown_email_look_the_same(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    wrong_password = _password_step(client, user.email, "not the password")
    unknown_email = _password_step(client, "nobody@example.org", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    for response in (wrong_password, unknown_email):
        html = response.get_data(as_text=True)
        assert GENERIC_ERROR in html
        assert html.count("nhsuk-error-summary") >= 1
        assert re.search(r"<title>Error: ", html)


def test_empty_form_says_what_to_enter(client: PortalClient) -> None:
    html = client.post_form("/staff/sign-in", {}).get_data(as_text=True)
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert 'href="#email"' in html


def test_five_failures_lock_the_account_and_the_page_does_not_say_so(
    app: Flask, client: PortalClient
) -> None:
    user = _user(app)
    for _ in range(5):
        _password_step(client, user.email, "wrong password")
    assert _reload(app, user).locked_until is not None
    response = _password_step(client, user.email, PASSWORD)
    assert GENERIC_ERROR in response.get_data(as_text=True)
    assert "locked" not in response.get_data(as_text=True).replace(GENERIC_ERROR, "")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("staff.sign_in.failed") == 4
    assert actions.count("staff.sign_in.locked") == 1


def test_the_lock_lifts_after_15_minutes(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        for _ in range(5):
            _password_step(client, user.email, "wrong password")
        clock.shift(timedelta(minutes=14))
        assert _password_step(client, user.email, PASSWORD).status_code == 200
        clock.shift(timedelta(minutes=2))
        assert _password_step(client, user.email, PASSWORD).status_code == 303


def test_wrong_codes_count_towards_the_lock(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    _password_step(client, user.email, PASSWORD)
    for _ in range(5):
        response = client.post_form("/staff/sign-in/code", {"code": "000000"})
    assert "The security code is not right" in response.get_data(as_text=True)
    assert _reload(app, user).locked_until is not None
    response = client.post_form("/staff/sign-in/code", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.status_code == 200  # locked: even the right code does not work


def test_a_code_cannot_be_used_twice(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    with time_machine.travel(utc_now(), tick=False):
        code = pyotp.TOTP(user.totp_secret).now()
        _password_step(client, user.email, PASSWORD)
        assert client.post_form("/staff/sign-in/code", {"code": code}).status_code == 303
        other = app.test_client()
        _password_step(other, user.email, PASSWORD)
        assert other.post_form("/staff/sign-in/code", {"code": code}).status_code == 200


def test_the_code_page_needs_the_password_first(client: PortalClient) -> None:
    assert client.get("/staff/sign-in/code").headers["Location"] == "/staff/sign-in"


def test_a_password_step_older_than_5_minutes_must_be_done_again(
    app: Flask, client: PortalClient
) -> None:
    user = _user(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        _password_step(client, user.email, PASSWORD)
        clock.shift(timedelta(minutes=6))
        code = pyotp.TOTP(user.totp_secret).now()
        response = client.post_form("/staff/sign-in/code", {"code": code})
    assert response.headers["Location"] == "/staff/sign-in"


def test_a_turned_off_account_cannot_sign_in(app: Flask, client: PortalClient) -> None:
    user = _user(app, is_active=False)
    assert GENERIC_ERROR in _password_step(client, user.email, PASSWORD).get_data(as_text=True)


def test_first_sign_in_sets_up_the_authenticator_with_a_local_qr_code(
    app: Flask, client: PortalClient
) -> None:
    user = _user(app, with_totp=False)
    response = _password_step(client, user.email, PASSWORD)
    assert response.headers["Location"] == "/staff/sign-in/set-up-authenticator"
    html = client.get("/staff/sign-in/set-up-authenticator").get_data(as_text=True)
    assert '<svg role="img" aria-label=' in html
    assert "<img" not in html.split("<main")[1]  # drawn inline, not fetched
    secret = re.search(r'<code class="nhsuk-code">([A-Z2-7 ]+)</code>', html)[1].replace(" ", "")
    response = client.post_form("/staff/sign-in/set-up-authenticator", {"code": "123456"})
    assert "The security code is not right" in response.get_data(as_text=True)
    response = client.post_form(
        "/staff/sign-in/set-up-authenticator", {"code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 303
    stored = _reload(app, user)
    assert stored.totp_secret == secret and stored.totp_enrolled_at is not None
    assert client.get("/staff/").status_code == 200


def _shown_secret(client: PortalClient) -> str:
    html = client.get("/staff/sign-in/set-up-authenticator").get_data(as_text=True)
    return re.search(r'<code class="nhsuk-code">([A-Z2-7 ]+)</code>', html)[1].replace(" ", "")


def _session_rows(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(text("SELECT CAST(data AS TEXT) FROM web_sessions")))


def test_the_new_authenticator_key_is_kept_encrypted_in_the_session_row(
    app: Flask, client: PortalClient
) -> None:
    user = _user(app, with_totp=False)
    _password_step(client, user.email, PASSWORD)
    secret = _shown_secret(client)
    assert _shown_secret(client) == secret  # the same key until it is confirmed
    rows = _session_rows(app)
    assert len(rows) == 1 and session_keys.STAFF_ENROLMENT_SECRET in rows[0]
    assert secret not in rows[0]
    response = client.post_form(
        "/staff/sign-in/set-up-authenticator", {"code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 303
    assert _reload(app, user).totp_secret == secret


def test_an_enrolment_key_the_session_row_cannot_give_back_is_replaced(
    app: Flask, client: PortalClient
) -> None:
    """A key left in plain text, or encrypted with a key since removed: the
    person scans a new QR code, and the old key is never saved."""
    user = _user(app, with_totp=False)
    _password_step(client, user.email, PASSWORD)
    first = _shown_secret(client)
    app.config["TOTP_ENCRYPTION_KEYS"] = (new_key(),)
    second = _shown_secret(client)
    assert second != first
    with app.app_context():
        record = db.session.scalars(select(WebSession)).one()
        record.data = {**record.data, session_keys.STAFF_ENROLMENT_SECRET: first}
        db.session.commit()
    third = _shown_secret(client)
    assert third not in (first, second)
    assert all(secret not in _session_rows(app)[0] for secret in (first, second, third))
    response = client.post_form(
        "/staff/sign-in/set-up-authenticator", {"code": pyotp.TOTP(first).now()}
    )
    assert "The security code is not right" in response.get_data(as_text=True)
    assert _reload(app, user).totp_secret is None


def test_sign_in_attempts_are_rate_limited_per_address(app: Flask, client: PortalClient) -> None:
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    statuses = [_password_step(client, "nobody@example.org", "x").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429


def test_signing_out_is_audited_and_needs_a_post(app: Flask, client: PortalClient) -> None:
    client.sign_in(_user(app), PASSWORD)
    assert client.get("/staff/sign-out").status_code == 405
    token = client.csrf_token("/staff/")
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 303
    with app.app_context():
        assert "staff.signed_out" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_form_without_its_csrf_token_is_refused_kindly(app: Flask, client: PortalClient) -> None:
    user = _user(app)
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "This page was open too long" in response.get_data(as_text=True)
    assert _reload(app, user).last_signed_in_at is None


def test_a_forged_forwarded_for_header_does_not_dodge_the_rate_limit(
    app: Flask, client: PortalClient
) -> None:
    # With no trusted proxy configured, X-Forwarded-For is the client's own
    # words and must not change which address is counted.
    app.config["SIGN_IN_RATE_LIMIT"] = "2 per minute"
    statuses = [
        client.post_form(
            "/staff/sign-in",
            {"email": "nobody@example.org", "password": "x"},
            headers={"X-Forwarded-For": f"203.0.113.{attempt}"},
        ).status_code
        for attempt in range(3)
    ]
    assert statuses == [200, 200, 429]


# Requests at the same moment, each from a session of its own


def _actions(app: Flask) -> Counter[str]:
    with app.app_context():
        return Counter(db.session.scalars(select(AuditEvent.action)))


def test_one_code_sent_from_20_sign_ins_at_once_signs_in_once(app: Flask) -> None:
    app.config["SIGN_IN_RATE_LIMIT"] = "1000 per minute"
    user = _user(app)
    clients = [app.test_client() for _ in range(AT_ONCE)]
    for pending in clients:
        assert _password_step(pending, user.email, PASSWORD).status_code == 303
    tokens = [pending.csrf_token("/staff/sign-in/code") for pending in clients]
    code = pyotp.TOTP(user.totp_secret).now()

    responses = at_once(
        lambda index: clients[index].post(
            "/staff/sign-in/code", data={"code": code, "csrf_token": tokens[index]}
        )
    )

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {303: 1, 200: AT_ONCE - 1}
    assert [r.headers["Location"] for r in responses if r.status_code == 303] == ["/staff/"]
    assert _actions(app)["staff.signed_in"] == 1
    assert [pending.get("/staff/").status_code for pending in clients].count(200) == 1


def test_20_wrong_passwords_and_the_right_one_at_once_never_get_in(app: Flask) -> None:
    app.config["SIGN_IN_RATE_LIMIT"] = "1000 per minute"
    user = _user(app)
    clients = [app.test_client() for _ in range(AT_ONCE + 1)]
    tokens = [each.csrf_token() for each in clients]
    right = 10

    def send(index: int):  # type: ignore[no-untyped-def]
        password = PASSWORD if index == right else f"wrong password {index}"
        return clients[index].post(
            "/staff/sign-in",
            data={"email": user.email, "password": password, "csrf_token": tokens[index]},
        )

    responses = at_once(send, count=AT_ONCE + 1)

    actions = _actions(app)
    assert (actions["staff.sign_in.failed"], actions["staff.sign_in.locked"]) == (4, 1)
    assert _reload(app, user).locked_until is not None
    for index, response in enumerate(responses):
        if index != right:
            assert response.status_code == 200
            assert GENERIC_ERROR in response.get_data(as_text=True)
    # The right password was judged before the lock, and went on to the code,
    # or it was refused with the same page. Either way it never signs in.
    if responses[right].status_code == 303:
        code = next_totp_code(app, user)
        refused = clients[right].post_form("/staff/sign-in/code", {"code": code})
        assert refused.status_code == 200
    else:
        assert GENERIC_ERROR in responses[right].get_data(as_text=True)
    assert clients[right].get("/staff/").status_code == 302
    assert _actions(app)["staff.signed_in"] == 0

"""Server-side sessions: signing out, timeouts and turning an account off end
a session for real, and an old cookie then opens nothing."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import StaffRole, StaffUser, WebSession, utc_now
from portal.sessions import delete_expired_sessions, hash_session_id
from tests.client import PortalClient
from tests.factories import PASSWORD, make_staff_user, make_team


def _keyworker(app: Flask) -> StaffUser:
    with app.app_context():
        user = make_staff_user(db.session, role=StaffRole.KEYWORKER, team=make_team(db.session))
        db.session.commit()
        return user


def _cookie(app: Flask, client: PortalClient) -> str | None:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else None


def test_the_cookie_holds_only_a_random_id_and_the_database_only_its_hash(
    app: Flask, client: PortalClient
) -> None:
    client.sign_in(_keyworker(app), PASSWORD)
    cookie = _cookie(app, client)
    assert cookie and len(cookie) >= 43
    with app.app_context():
        stored = db.session.scalars(select(WebSession.id_hash)).all()
    assert cookie not in stored
    assert hash_session_id(cookie) in stored


def test_cookie_flags(app: Flask, client: PortalClient) -> None:
    response = client.get("/staff/sign-in")
    set_cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie


def test_signing_in_gives_a_new_session_id(app: Flask, client: PortalClient) -> None:
    user = _keyworker(app)
    client.get("/staff/sign-in")
    before = _cookie(app, client)
    client.sign_in(user, PASSWORD)
    after = _cookie(app, client)
    assert before and after and before != after
    with app.app_context():
        assert db.session.get(WebSession, hash_session_id(before)) is None


def test_a_cookie_replayed_after_signing_out_opens_nothing(
    app: Flask, client: PortalClient
) -> None:
    client.sign_in(_keyworker(app), PASSWORD)
    old_cookie = _cookie(app, client)
    assert client.get("/staff/").status_code == 200
    response = client.post("/staff/sign-out", data={"csrf_token": client.csrf_token("/staff/")})
    assert response.status_code == 303
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    response = thief.get("/staff/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_the_session_ends_after_30_idle_minutes(app: Flask, client: PortalClient) -> None:
    user = _keyworker(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        client.sign_in(user, PASSWORD)
        clock.shift(timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200  # activity resets the idle clock
        clock.shift(timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/staff/")
    assert response.status_code == 302
    assert "reason=timeout" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out because you did nothing for 30 minutes" in page


def test_the_session_ends_12_hours_after_signing_in_even_when_busy(
    app: Flask, client: PortalClient
) -> None:
    user = _keyworker(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        client.sign_in(user, PASSWORD)
        for _ in range(24):  # a request every 29 minutes for 11 h 36 min
            clock.shift(timedelta(minutes=29))
            assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=25))  # 12 h 1 min after signing in
        assert client.get("/staff/").status_code == 302


def test_staying_signed_in_refreshes_the_idle_clock(app: Flask, client: PortalClient) -> None:
    user = _keyworker(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        client.sign_in(user, PASSWORD)
        token = client.csrf_token("/staff/")
        clock.shift(timedelta(minutes=28))
        response = client.post(
            "/staff/stay-signed-in",
            data={"csrf_token": token},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 204
        clock.shift(timedelta(minutes=28))
        assert client.get("/staff/").status_code == 200


def test_staying_signed_in_without_javascript_returns_to_the_page(
    app: Flask, client: PortalClient
) -> None:
    client.sign_in(_keyworker(app), PASSWORD)
    token = client.csrf_token("/staff/")
    response = client.post(
        "/staff/stay-signed-in", data={"csrf_token": token, "next": "https://evil.example.org/"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"


def test_pages_carry_the_timeout_warning_for_signed_in_staff(
    app: Flask, client: PortalClient
) -> None:
    client.sign_in(_keyworker(app), PASSWORD)
    html = client.get("/staff/").get_data(as_text=True)
    assert 'data-module="app-timeout-dialog"' in html
    assert 'data-idle-seconds="1800"' in html
    assert 'data-warn-seconds="120"' in html


def test_expired_sessions_are_pruned(app: Flask, client: PortalClient) -> None:
    client.sign_in(_keyworker(app), PASSWORD)
    with app.app_context():
        assert delete_expired_sessions(app) == 0
        later = utc_now() + timedelta(hours=13)
        assert delete_expired_sessions(app, now=later) == 1
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 0


def test_static_files_do_not_touch_sessions(app: Flask, client: PortalClient) -> None:
    client.get("/static/dist/nhsuk/images/favicon.svg")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 0

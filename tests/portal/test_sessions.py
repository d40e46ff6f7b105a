"""Server-side sessions: signing out, timeouts and turning an account off end
a session for real, and an old cookie then opens nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from flask import Flask, Response, session
from sqlalchemy import delete, func, select

from portal.access import family, staff
from portal.config import Development, load_config
from portal.extensions import db
from portal.models import Contact, Relationship, StaffRole, StaffUser, WebSession, utc_now
from portal.sessions import delete_expired_sessions, hash_session_id
from tests.client import PortalClient
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sessions_of, sign_in_family, start_family_session
from tests.support.staff_sessions import sign_in_staff


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


# Family sessions: their own timeouts, and the same guarantees as staff ones.


def _family_contact(app: Flask) -> Contact:
    with app.app_context():
        team = make_team(db.session)
        person = make_young_person(db.session, team=team, date_of_birth=date(2009, 3, 1))
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        return contact


def test_family_timeouts_come_from_the_environment_with_units_in_the_names() -> None:
    settings = load_config(
        Development,
        {"FAMILY_IDLE_TIMEOUT_MINUTES": "20", "FAMILY_ABSOLUTE_TIMEOUT_HOURS": "6"},
    )
    assert settings["FAMILY_IDLE_TIMEOUT"] == timedelta(minutes=20)
    assert settings["FAMILY_ABSOLUTE_TIMEOUT"] == timedelta(hours=6)
    defaults = load_config(Development, {})
    assert defaults["FAMILY_IDLE_TIMEOUT"] == timedelta(minutes=30)
    assert defaults["FAMILY_ABSOLUTE_TIMEOUT"] == timedelta(hours=12)


def test_a_family_session_ends_after_30_idle_minutes(app: Flask, client: PortalClient) -> None:
    contact = _family_contact(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        sign_in_family(app, client, contact)
        clock.shift(timedelta(minutes=29))
        assert client.get("/who-has-looked").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/who-has-looked").status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/who-has-looked")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signed-out?reason=timeout"
    assert sessions_of(app, contact.id) == 0


def test_a_family_session_ends_12_hours_after_signing_in_even_when_busy(
    app: Flask, client: PortalClient
) -> None:
    contact = _family_contact(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        sign_in_family(app, client, contact)
        for _ in range(24):  # a request every 29 minutes for 11 h 36 min
            clock.shift(timedelta(minutes=29))
            assert client.get("/who-has-looked").status_code == 200
        clock.shift(timedelta(minutes=25))  # 12 h 1 min after signing in
        assert client.get("/who-has-looked").status_code == 302


def test_family_sessions_follow_the_family_timeouts_not_the_staff_ones(
    app: Flask, client: PortalClient
) -> None:
    app.config["STAFF_IDLE_TIMEOUT"] = timedelta(minutes=5)
    app.config["FAMILY_IDLE_TIMEOUT"] = timedelta(minutes=45)
    contact = _family_contact(app)
    user = _keyworker(app)
    staff_client = app.test_client()
    with time_machine.travel(utc_now(), tick=False) as clock:
        sign_in_family(app, client, contact)
        staff_client.sign_in(user, PASSWORD)  # type: ignore[attr-defined]
        clock.shift(timedelta(minutes=40))
        assert client.get("/who-has-looked").status_code == 200
        assert staff_client.get("/staff/").status_code == 302
        clock.shift(timedelta(minutes=45, seconds=1))
        assert client.get("/who-has-looked").status_code == 302


def test_expired_family_sessions_are_pruned_with_the_family_timeouts(app: Flask) -> None:
    app.config["FAMILY_IDLE_TIMEOUT"] = timedelta(hours=2)
    contact = _family_contact(app)
    with app.app_context():
        start_family_session(db.session, contact)
        now = utc_now()
        # Past the staff idle timeout (30 minutes), within the family one.
        assert delete_expired_sessions(app, now=now + timedelta(minutes=90)) == 0
        assert delete_expired_sessions(app, now=now + timedelta(hours=2, seconds=1)) == 1


def test_a_family_cookie_replayed_after_signing_out_opens_nothing(
    app: Flask, client: PortalClient
) -> None:
    contact = _family_contact(app)
    old_cookie = sign_in_family(app, client, contact)
    assert client.get("/who-has-looked").status_code == 200
    response = client.post("/sign-out", data={"csrf_token": client.csrf_token("/who-has-looked")})
    assert response.status_code == 303
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    response = thief.get("/who-has-looked")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert sessions_of(app, contact.id) == 0


def test_family_pages_carry_the_timeout_warning_with_family_timings(
    app: Flask, client: PortalClient
) -> None:
    app.config["FAMILY_IDLE_TIMEOUT"] = timedelta(minutes=20)
    sign_in_family(app, client, _family_contact(app))
    html = client.get("/who-has-looked").get_data(as_text=True)
    assert 'data-module="app-timeout-dialog"' in html
    assert 'data-idle-seconds="1200"' in html
    assert 'data-warn-seconds="120"' in html
    assert 'data-timed-out-url="/signed-out?reason=timeout"' in html
    assert 'action="/stay-signed-in"' in html
    assert "Do you want to stay signed in?" in html


def test_pages_for_visitors_who_are_not_signed_in_have_no_timeout_warning(
    client: PortalClient,
) -> None:
    assert "app-timeout-dialog" not in client.get("/").get_data(as_text=True)


def test_a_family_member_can_stay_signed_in(app: Flask, client: PortalClient) -> None:
    contact = _family_contact(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        sign_in_family(app, client, contact)
        token = client.csrf_token("/who-has-looked")
        clock.shift(timedelta(minutes=28))
        response = client.post(
            "/stay-signed-in", data={"csrf_token": token}, headers={"Accept": "application/json"}
        )
        assert response.status_code == 204
        clock.shift(timedelta(minutes=28))
        assert client.get("/who-has-looked").status_code == 200


@pytest.mark.parametrize(
    ("next_page", "expected"),
    [
        ("/who-has-looked", "/who-has-looked"),
        ("https://evil.example.org/", "/"),
        ("//evil.example.org/", "/"),
        ("/staff/", "/"),
    ],
)
def test_staying_signed_in_without_javascript_returns_to_a_family_page(
    app: Flask, client: PortalClient, next_page: str, expected: str
) -> None:
    sign_in_family(app, client, _family_contact(app))
    token = client.csrf_token("/who-has-looked")
    response = client.post("/stay-signed-in", data={"csrf_token": token, "next": next_page})
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_staying_signed_in_needs_a_family_session(app: Flask, client: PortalClient) -> None:
    token = client.csrf_token()
    response = client.post("/stay-signed-in", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_session_ended_by_another_request_meanwhile_stays_ended(
    app: Flask, client: PortalClient
) -> None:
    """Signing out on all devices can delete a session's row while one of its
    requests is running: that request still answers, and leaves no session."""
    contact = _family_contact(app)

    @family
    def ended_meanwhile() -> Response:
        db.session.execute(
            delete(WebSession).where(WebSession.contact_id == contact.id),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
        return Response("done", mimetype="text/plain")

    app.add_url_rule("/_test/ended-meanwhile", "ended_meanwhile", ended_meanwhile)
    sign_in_family(app, client, contact)
    response = client.get("/_test/ended-meanwhile")
    assert response.status_code == 200
    assert sessions_of(app, contact.id) == 0
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None


def test_static_files_neither_refresh_nor_reissue_a_signed_in_session(
    app: Flask, client: PortalClient
) -> None:
    contact = _family_contact(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        cookie = sign_in_family(app, client, contact)
        clock.shift(timedelta(minutes=10))
        response = client.get("/static/dist/nhsuk/images/favicon.svg")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        record = db.session.get(WebSession, hash_session_id(cookie))
        assert record is not None
        assert record.last_seen_at == record.signed_in_at


def _add_new_id_route(app: Flask, *, status: int) -> None:
    @staff()
    def new_id() -> Response:
        session.new_id()  # type: ignore[attr-defined]
        session["note"] = "kept"
        return Response("done", status=status, mimetype="text/plain")

    app.add_url_rule("/_test/new-id", "new_id", new_id)


def test_a_new_id_keeps_the_sign_in_its_start_and_its_data(
    app: Flask, client: PortalClient
) -> None:
    user = _keyworker(app)
    with time_machine.travel(utc_now(), tick=False) as clock:
        before = sign_in_staff(app, client, user)
        with app.app_context():
            signed_in_at = db.session.get(WebSession, hash_session_id(before)).signed_in_at
        clock.shift(timedelta(minutes=10))
        _add_new_id_route(app, status=200)
        assert client.get("/_test/new-id").status_code == 200
    after = _cookie(app, client)
    assert after and after != before
    with app.app_context():
        assert db.session.get(WebSession, hash_session_id(before)) is None
        renewed = db.session.get(WebSession, hash_session_id(after))
        assert renewed is not None and renewed.staff_user_id == user.id
        # The 12-hour limit still counts from signing in.
        assert renewed.signed_in_at == signed_in_at
        assert renewed.data["note"] == "kept"
    assert client.get("/staff/").status_code == 200


def test_no_new_id_when_the_request_fails(app: Flask, client: PortalClient) -> None:
    user = _keyworker(app)
    before = sign_in_staff(app, client, user)
    _add_new_id_route(app, status=500)
    assert client.get("/_test/new-id").status_code == 500
    assert _cookie(app, client) == before
    with app.app_context():
        assert db.session.get(WebSession, hash_session_id(before)) is not None

"""Leaving: "Exit this page" (without JavaScript here; tests/browser has the
Shift key), signing out, signing out on all devices, and the signed-out page."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import delete, func, select
from werkzeug.test import TestResponse

from portal.config import ConfigurationError, Development, Production, load_config
from portal.extensions import db
from portal.models import AuditEvent, Contact, Relationship, WebSession
from portal.secrets_at_rest import new_key
from tests.client import PortalClient
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sessions_of, sign_in_family, start_family_session
from tests.support.hostile_redirects import (
    FAMILY_PAGES,
    NOT_FAMILY_PAGES,
    OFF_SITE,
    form_body,
    on_the_wire,
    stays_on_the_site,
)

EXIT_URL = "https://weather.example.org/"


@pytest.fixture
def contact(app: Flask) -> Contact:
    with app.app_context():
        person = make_young_person(
            db.session, team=make_team(db.session), date_of_birth=date(2009, 3, 1)
        )
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        return contact


@pytest.fixture(autouse=True)
def exit_url(app: Flask) -> str:
    app.config["EXIT_PAGE_URL"] = EXIT_URL
    return EXIT_URL


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def _session_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(WebSession)) or 0)


# Exit this page


def test_exit_ends_the_session_and_goes_to_the_neutral_site(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    old_cookie = sign_in_family(app, client, contact)
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == EXIT_URL
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert sessions_of(app, contact.id) == 0
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None
    [event] = _events(app, "family.exited")
    assert event.actor_contact_id == contact.id
    assert event.young_person_id == contact.young_person_id

    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    response = replay.get("/who-has-looked")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_exit_works_for_visitors_who_are_not_signed_in(app: Flask, client: PortalClient) -> None:
    client.get("/")  # an anonymous session, remembering the explanation was shown
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == EXIT_URL
    assert _session_count(app) == 0
    assert _events(app, "family.exited") == []


def test_exit_works_with_a_session_that_has_already_ended(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    sign_in_family(app, client, contact)
    with app.app_context():
        db.session.execute(delete(WebSession))
        db.session.commit()
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == EXIT_URL


def test_exit_signs_staff_out_too(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        user = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    assert client.get("/exit").status_code == 303
    assert _session_count(app) == 0
    [event] = _events(app, "staff.signed_out")
    assert event.detail == {"how": "exit_this_page"}


@pytest.mark.parametrize("path", ["/", "/words-we-use", "/pictures-we-use", "/signed-out"])
def test_every_public_family_page_has_the_exit_button(client: PortalClient, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    assert 'data-module="app-exit-this-page"' in html
    assert 'href="/exit"' in html
    assert "Exit this page" in html


@pytest.mark.parametrize("path", ["/who-has-looked", "/sign-out-on-all-devices"])
def test_every_signed_in_family_page_has_the_exit_button(
    app: Flask, client: PortalClient, contact: Contact, path: str
) -> None:
    sign_in_family(app, client, contact)
    html = client.get(path).get_data(as_text=True)
    assert 'data-module="app-exit-this-page"' in html
    assert 'href="/exit"' in html


def test_the_exit_button_is_a_link_that_leaves_no_referrer(client: PortalClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'rel="nofollow noreferrer"' in html
    # The neutral site is only ever a redirect target: it is not on the page.
    assert EXIT_URL not in html


def test_staff_pages_have_no_exit_button(app: Flask, client: PortalClient) -> None:
    assert "app-exit-this-page" not in client.get("/staff/sign-in").get_data(as_text=True)


EXPLANATION = "Or press the Shift key 3 times."


def test_the_exit_button_is_explained_the_first_time_only(client: PortalClient) -> None:
    assert EXPLANATION in client.get("/").get_data(as_text=True)
    assert EXPLANATION not in client.get("/words-we-use").get_data(as_text=True)
    assert EXPLANATION not in client.get("/").get_data(as_text=True)


def test_the_exit_button_is_explained_again_in_a_new_signed_in_session(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    client.get("/")
    sign_in_family(app, client, contact)
    assert EXPLANATION in client.get("/who-has-looked").get_data(as_text=True)
    assert EXPLANATION not in client.get("/who-has-looked").get_data(as_text=True)


def test_the_exit_address_comes_from_the_environment() -> None:
    settings = load_config(Development, {"EXIT_PAGE_URL": "https://www.example.org/news"})
    assert settings["EXIT_PAGE_URL"] == "https://www.example.org/news"
    assert load_config(Development, {})["EXIT_PAGE_URL"] == "https://www.bbc.co.uk/weather"


@pytest.mark.parametrize("url", ["www.bbc.co.uk", "javascript:alert(1)", "https://", "/weather"])
def test_an_exit_address_that_is_not_a_whole_web_address_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="EXIT_PAGE_URL"):
        load_config(Development, {"EXIT_PAGE_URL": url})


def test_production_needs_an_https_exit_address() -> None:
    environment = {
        "SECRET_KEY": "x" * 32,
        "TOTP_ENCRYPTION_KEYS": new_key(),
        "DATABASE_URL": "postgresql+psycopg://portal@db/portal",
        "PUBLIC_BASE_URL": "https://portal.example.org",
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": "AC123",
        "TWILIO_AUTH_TOKEN": "token",
        "TWILIO_FROM_NUMBER": "+447700900000",
        "EMAIL_BACKEND": "smtp",
        "SMTP_HOST": "smtp.example.org",
        "EMAIL_FROM": "portal@example.org",
    }
    assert load_config(Production, environment)["EXIT_PAGE_URL"].startswith("https://")
    with pytest.raises(ConfigurationError, match="EXIT_PAGE_URL"):
        load_config(Production, {**environment, "EXIT_PAGE_URL": "http://www.example.org/"})


# Signing out


def test_signing_out_ends_the_session_and_says_so(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    sign_in_family(app, client, contact)
    token = client.csrf_token("/who-has-looked")
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/signed-out"
    assert sessions_of(app, contact.id) == 0
    [event] = _events(app, "family.signed_out")
    assert event.actor_contact_id == contact.id
    page = client.get("/signed-out").get_data(as_text=True)
    assert "You are signed out" in page
    assert "Sign out</button>" not in page


def test_signing_out_needs_the_form_token(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    sign_in_family(app, client, contact)
    assert client.post("/sign-out").status_code == 400
    assert sessions_of(app, contact.id) == 1


def test_signing_out_is_not_a_link(app: Flask, client: PortalClient, contact: Contact) -> None:
    sign_in_family(app, client, contact)
    assert client.get("/sign-out").status_code == 405
    assert sessions_of(app, contact.id) == 1


def test_signed_in_family_pages_have_a_sign_out_button(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    assert 'action="/sign-out"' not in client.get("/").get_data(as_text=True)
    sign_in_family(app, client, contact)
    assert 'action="/sign-out"' in client.get("/").get_data(as_text=True)


def test_the_signed_out_page_explains_a_timeout(app: Flask, client: PortalClient) -> None:
    page = client.get("/signed-out?reason=timeout").get_data(as_text=True)
    assert "We signed you out because you did nothing for 30 minutes." in page


@pytest.mark.parametrize("query", ["", "?reason=timeout", "?everywhere=yes"])
def test_the_signed_out_page_offers_a_new_link_and_the_teams_number(
    client: PortalClient, query: str
) -> None:
    page = client.get(f"/signed-out{query}").get_data(as_text=True)
    assert "Get a new link" in page and 'href="/sign-in"' in page
    assert 'href="tel:07700900999"' in page


# Signing out on all devices


def test_signing_out_on_all_devices_ends_every_session_of_this_contact_only(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    with app.app_context():
        someone_else = make_young_person(
            db.session, team=make_team(db.session), date_of_birth=date(2008, 1, 1)
        )
        other = make_contact(db.session, young_person=someone_else, relation=Relationship.SELF)
        db.session.commit()
        phone_cookie = start_family_session(db.session, contact)
        others_cookie = start_family_session(db.session, other)
        user = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    staff_client = app.test_client()
    staff_client.sign_in(user, PASSWORD)  # type: ignore[attr-defined]
    sign_in_family(app, client, contact)
    assert sessions_of(app, contact.id) == 2

    token = client.csrf_token("/sign-out-on-all-devices")
    response = client.post("/sign-out-on-all-devices", data={"csrf_token": token})

    assert response.status_code == 303
    assert response.headers["Location"] == "/signed-out?everywhere=yes"
    assert sessions_of(app, contact.id) == 0
    phone = app.test_client()
    phone.set_cookie(app.config["SESSION_COOKIE_NAME"], phone_cookie)
    assert phone.get("/who-has-looked").status_code == 302
    others = app.test_client()
    others.set_cookie(app.config["SESSION_COOKIE_NAME"], others_cookie)
    assert others.get("/who-has-looked").status_code == 200
    assert staff_client.get("/staff/").status_code == 200
    [event] = _events(app, "family.signed_out_everywhere")
    assert event.actor_contact_id == contact.id
    assert event.detail == {"other_sessions_ended": 1}
    page = client.get("/signed-out?everywhere=yes").get_data(as_text=True)
    assert "We signed you out on all your phones, tablets and computers." in page


def test_signing_out_on_all_devices_needs_the_form_token(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    sign_in_family(app, client, contact)
    assert client.post("/sign-out-on-all-devices").status_code == 400
    assert sessions_of(app, contact.id) == 1


def test_the_sign_out_on_all_devices_page_needs_a_family_session(client: PortalClient) -> None:
    response = client.get("/sign-out-on-all-devices")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# Staying signed in (the timeout warning, without JavaScript)


def _stay_signed_in(client: PortalClient, token: str, next_on_the_wire: str) -> TestResponse:
    return client.post(
        "/stay-signed-in",
        data=form_body({"csrf_token": token}, next_on_the_wire),
        content_type="application/x-www-form-urlencoded",
    )


def test_staying_signed_in_with_a_tab_in_next_stays_on_the_site(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    """`/%09/evil.example` arrives as `/<tab>/evil.example`; Werkzeug would
    drop the tab from the Location and send the browser to //evil.example."""
    sign_in_family(app, client, contact)
    response = _stay_signed_in(client, client.csrf_token("/who-has-looked"), "/%09/evil.example")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("value", OFF_SITE + NOT_FAMILY_PAGES)
def test_staying_signed_in_stays_on_family_pages_whatever_next_says(
    app: Flask, client: PortalClient, contact: Contact, value: str
) -> None:
    sign_in_family(app, client, contact)
    token = client.csrf_token("/who-has-looked")
    for sent in on_the_wire(value):
        response = _stay_signed_in(client, token, sent)
        assert response.status_code == 303
        assert response.headers["Location"] == "/", repr(sent)
        assert stays_on_the_site(response.headers["Location"])


@pytest.mark.parametrize("value", FAMILY_PAGES)
def test_staying_signed_in_returns_to_the_family_page(
    app: Flask, client: PortalClient, contact: Contact, value: str
) -> None:
    sign_in_family(app, client, contact)
    token = client.csrf_token("/who-has-looked")
    response = client.post("/stay-signed-in", data={"csrf_token": token, "next": value})
    assert response.headers["Location"] == value

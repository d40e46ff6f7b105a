"""Settings: a plain form that works signed in or out; each setting applies
to every page after it is saved; bad values change nothing; the cookie is set
only when the person agrees, and what comes back in it is checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from portal.extensions import db
from portal.models import Contact, Relationship
from tests.client import PortalClient
from tests.conftest import _empty_every_table, build_test_app
from tests.support.factories import make_contact, make_team, make_young_person
from tests.support.family_sessions import sign_in_family

COOKIE = "family_settings"
DEFAULTS = {"text_size": "standard", "colours": "standard", "read_aloud": "show"}
HTML_CLASS = re.compile(r'<html lang="([^"]+)" class="([^"]*)">')


def _html(response: TestResponse) -> tuple[str, set[str]]:
    """The page's language and its <html> classes."""
    match = HTML_CLASS.search(response.get_data(as_text=True))
    assert match, "no <html> element"
    return match[1], set(match[2].split())


def _classes(client: PortalClient, path: str = "/help") -> set[str]:
    return _html(client.get(path))[1] - {"nhsuk-template"}


def _save(client: PortalClient, **fields: Any) -> TestResponse:
    return client.post_form("/settings", {**DEFAULTS, **fields})


def _set_cookies(response: TestResponse) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        found[name] = header
    return found


@pytest.fixture
def contact(app: Flask) -> Contact:
    with app.app_context():
        person = make_young_person(db.session, team=make_team(db.session))
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        return contact


@pytest.fixture
def two_language_app(database_url: str, migrated_engine: Engine) -> Iterator[Flask]:
    app = build_test_app(database_url, SUPPORTED_LANGUAGES=("en", "cy"))
    yield app
    _empty_every_table(migrated_engine)


# The page


def test_the_page_shows_the_settings_in_use_signed_out(client: PortalClient) -> None:
    html = client.get("/settings").get_data(as_text=True)
    assert re.search(r'value="standard"\s+checked', html)
    assert re.search(r'value="show"\s+checked', html)
    assert 'name="remember"' in html
    assert "checked" not in html.split('name="remember"', 1)[1].split(">", 1)[0]
    # One language: nothing to choose.
    assert 'name="language"' not in html
    assert "This website is only in English for now." in html
    # Nothing remembered: nothing to forget.
    assert "/settings/forget" not in html


def test_the_page_works_signed_in(app: Flask, client: PortalClient, contact: Contact) -> None:
    sign_in_family(app, client, contact)
    assert client.get("/settings").status_code == 200
    assert _save(client, text_size="large").status_code == 303
    assert _classes(client, "/home") >= {"app-text-large"}
    # Still signed in.
    assert client.get("/home").status_code == 200


# Saving and applying


@pytest.mark.parametrize(
    ("fields", "page_class"),
    [
        ({"text_size": "large"}, "app-text-large"),
        ({"text_size": "largest"}, "app-text-largest"),
        ({"colours": "high-contrast"}, "app-high-contrast"),
        ({"read_aloud": "hide"}, "app-read-aloud-off"),
    ],
)
def test_each_setting_is_saved_and_applied_to_the_next_page(
    client: PortalClient, fields: dict[str, str], page_class: str
) -> None:
    assert _classes(client) == set()

    response = _save(client, **fields)

    assert response.status_code == 303
    assert response.headers["Location"] == "/settings?done=saved"
    assert _classes(client) == {page_class}
    assert _classes(client, "/words-we-use") == {page_class}
    assert _classes(client, "/no-such-page") == {page_class}  # error pages too


def test_after_saving_the_page_says_so_and_shows_the_new_choices(client: PortalClient) -> None:
    _save(client, text_size="largest", colours="high-contrast", read_aloud="hide")
    html = client.get("/settings?done=saved").get_data(as_text=True)
    assert "We saved your settings." in html
    assert re.search(r'value="largest"\s+checked', html)
    assert re.search(r'value="high-contrast"\s+checked', html)
    assert re.search(r'value="hide"\s+checked', html)
    assert "We saved your settings." not in client.get("/settings").get_data(as_text=True)


def test_changing_back_to_the_defaults_removes_the_classes(client: PortalClient) -> None:
    _save(client, text_size="largest", colours="high-contrast", read_aloud="hide")
    _save(client)
    assert _classes(client) == set()


# Bad input


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text_size": "huge"}, "Choose a text size"),
        ({"text_size": ""}, "Choose a text size"),
        ({"colours": "neon"}, "Choose the colours you want"),
        ({"read_aloud": "loud"}, "Choose if you want the Listen button"),
    ],
)
def test_a_value_that_is_not_a_choice_is_refused_and_nothing_changes(
    client: PortalClient, fields: dict[str, str], message: str
) -> None:
    _save(client, text_size="large")

    response = _save(client, **{"colours": "high-contrast", "remember": "y", **fields})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html
    assert COOKIE not in _set_cookies(response)
    assert _classes(client) == {"app-text-large"}


def test_a_form_with_nothing_chosen_is_refused(client: PortalClient) -> None:
    response = client.post_form("/settings", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in (
        "Choose a text size",
        "Choose the colours you want",
        "Choose if you want the Listen button",
    ):
        assert message in html
    assert _classes(client) == set()


def test_a_form_without_its_token_changes_nothing(client: PortalClient) -> None:
    client.get("/settings")
    response = client.post("/settings", data={**DEFAULTS, "text_size": "largest"})
    assert response.status_code == 400
    assert _classes(client) == set()


# The cookie


def test_no_cookie_is_set_without_agreement(client: PortalClient) -> None:
    response = _save(client, text_size="large")
    assert COOKIE not in _set_cookies(response)
    assert client.get_cookie(COOKIE) is None


def test_agreeing_sets_a_small_http_only_same_site_cookie_for_at_most_a_year(
    client: PortalClient,
) -> None:
    response = _save(client, text_size="largest", colours="high-contrast", remember="y")

    header = _set_cookies(response)[COOKIE]
    morsel = SimpleCookie(header)[COOKIE]
    assert morsel.value == "1.largest.1.1.-"
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert 0 < int(morsel["max-age"]) <= 365 * 24 * 60 * 60
    assert not morsel["secure"]  # the test session cookie is not secure either


def test_the_cookie_is_secure_when_the_session_cookie_is(
    database_url: str, migrated_engine: Engine
) -> None:
    app = build_test_app(database_url, SESSION_COOKIE_SECURE=True)
    try:
        client: PortalClient = app.test_client()  # type: ignore[assignment]
        # A secure session cookie is only sent back over HTTPS.
        client.get("/settings", base_url="https://localhost")
        token = client.csrf_token("https://localhost/settings")
        response = client.post(
            "/settings",
            data={**DEFAULTS, "remember": "y", "csrf_token": token},
            base_url="https://localhost",
            headers={"Referer": "https://localhost/settings"},
        )
        assert response.status_code == 303
        assert SimpleCookie(_set_cookies(response)[COOKIE])[COOKIE]["secure"]
    finally:
        _empty_every_table(migrated_engine)


def test_a_remembered_cookie_starts_a_new_session_with_the_settings(
    app: Flask, client: PortalClient
) -> None:
    _save(client, text_size="large", colours="high-contrast", remember="y")
    value = client.get_cookie(COOKIE).value  # type: ignore[union-attr]

    another_visit: PortalClient = app.test_client()  # type: ignore[assignment]
    another_visit.set_cookie(COOKIE, value)

    assert _classes(another_visit) == {"app-text-large", "app-high-contrast"}
    html = another_visit.get("/settings").get_data(as_text=True)
    assert re.search(r'name="remember"[^>]*value="y"\s+checked', html)
    assert "/settings/forget" in html


def test_a_remembered_cookie_fills_the_session_again_after_signing_in(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    _save(client, text_size="largest", remember="y")
    sign_in_family(app, client, contact)  # a new session, as after using a link
    assert _classes(client, "/home") == {"app-text-largest"}


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "1.huge.1.1.-",
        "1.large.1.1.xx",
        "1.large.maybe.1.-",
        "2.large.1.1.-",
        "1.large.1.1.-" + "." * 100,
        "%3Cscript%3E",
        "",
    ],
)
def test_a_cookie_the_portal_did_not_write_is_ignored(
    app: Flask, client: PortalClient, value: str
) -> None:
    client.set_cookie(COOKIE, value)
    for path in ("/help", "/settings", "/sign-in"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _html(response)[1] == {"nhsuk-template"}, path


def test_saving_without_agreeing_forgets_a_remembered_cookie(client: PortalClient) -> None:
    _save(client, text_size="large", remember="y")
    assert client.get_cookie(COOKIE) is not None

    response = _save(client, text_size="largest")

    assert "Max-Age=0" in _set_cookies(response)[COOKIE]
    assert client.get_cookie(COOKIE) is None
    assert _classes(client) == {"app-text-largest"}  # still this visit's choice


def test_forget_deletes_the_cookie_and_starts_again(client: PortalClient) -> None:
    _save(client, text_size="largest", colours="high-contrast", remember="y")

    response = client.post_form("/settings/forget", token_page="/settings")

    assert response.status_code == 303
    assert response.headers["Location"] == "/settings?done=forgotten"
    header = _set_cookies(response)[COOKIE]
    assert "Max-Age=0" in header
    assert "HttpOnly" in header
    assert client.get_cookie(COOKIE) is None
    assert _classes(client) == set()
    html = client.get("/settings?done=forgotten").get_data(as_text=True)
    assert "This device has forgotten your settings." in html


def test_forget_needs_the_form_token(client: PortalClient) -> None:
    _save(client, text_size="largest", remember="y")
    assert client.post("/settings/forget").status_code == 400
    assert client.get_cookie(COOKIE) is not None


# Language


def test_each_language_is_offered_in_its_own_name(two_language_app: Flask) -> None:
    client: PortalClient = two_language_app.test_client()  # type: ignore[assignment]
    html = client.get("/settings").get_data(as_text=True)
    assert re.search(r'<label class="nhsuk-label nhsuk-radios__label"[^>]*lang="cy"', html)
    assert "Cymraeg" in html
    assert "English" in html
    assert re.search(r'value="en"\s+checked', html)


def test_choosing_a_language_changes_the_page_language(two_language_app: Flask) -> None:
    client: PortalClient = two_language_app.test_client()  # type: ignore[assignment]
    assert _html(client.get("/help"))[0] == "en"

    response = client.post_form("/settings", {**DEFAULTS, "language": "cy"})

    assert response.status_code == 303
    assert _html(client.get("/help"))[0] == "cy"
    assert re.search(r'value="cy"\s+checked', client.get("/settings").get_data(as_text=True))


def test_a_remembered_language_comes_back_in_a_new_session(two_language_app: Flask) -> None:
    client: PortalClient = two_language_app.test_client()  # type: ignore[assignment]
    client.post_form("/settings", {**DEFAULTS, "language": "cy", "remember": "y"})
    assert client.get_cookie(COOKIE).value == "1.standard.0.1.cy"  # type: ignore[union-attr]

    another_visit: PortalClient = two_language_app.test_client()  # type: ignore[assignment]
    another_visit.set_cookie(COOKIE, "1.standard.0.1.cy")
    assert _html(another_visit.get("/help"))[0] == "cy"


@pytest.mark.parametrize("language", ["fr", "", "cy-GB"])
def test_a_language_not_offered_is_refused(two_language_app: Flask, language: str) -> None:
    client: PortalClient = two_language_app.test_client()  # type: ignore[assignment]
    response = client.post_form("/settings", {**DEFAULTS, "language": language})
    assert response.status_code == 200
    assert "Choose a language from the list" in response.get_data(as_text=True)
    assert _html(client.get("/help"))[0] == "en"

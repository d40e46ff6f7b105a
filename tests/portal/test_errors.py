"""Errors are answered with a page in the site layout, never a stack trace."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.exceptions import default_exceptions

from tests.client import PortalClient
from tests.support.page_examples import add_error_route

# Error pages and how a failure is answered do not depend on which database
# holds the data, so these run once.
pytestmark = pytest.mark.one_database

# Every HTTP error Werkzeug knows (400 to 505).
ERROR_CODES = sorted(code for code in default_exceptions if code >= 400)
STAFF_HEADER = "Keyworker workspace"
EXIT_BUTTON = "Exit this page"


@pytest.fixture
def error_client(app: Flask) -> PortalClient:
    add_error_route(app)
    return app.test_client()  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("code", "heading"),
    [
        (400, "Something went wrong with that request"),
        (403, "You cannot see this page"),
        (404, "Page not found"),
        (405, "Something went wrong with that request"),
        (413, "What you sent is too long"),
        (415, "Something went wrong with that request"),
        (431, "Something went wrong with that request"),
        (503, "Sorry, something went wrong"),
        (429, "Too many tries"),
        (500, "Sorry, something went wrong"),
    ],
)
def test_each_error_has_its_own_page(error_client: PortalClient, code: int, heading: str) -> None:
    response = error_client.get(f"/_test/error/{code}")
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html
    assert "nhsuk-header" in html


def test_an_unexpected_error_shows_no_detail(
    error_client: PortalClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = error_client.get("/_test/error/500")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in html and "RuntimeError" not in html and "deliberate" not in html
    assert "a deliberate test failure" in caplog.text  # logged for the operators


def test_a_database_error_shows_no_sql(app: Flask, error_client: PortalClient) -> None:
    from sqlalchemy import text

    from portal.access import public
    from portal.extensions import db

    @public
    def broken_query() -> str:
        db.session.execute(text("SELECT secret_column FROM no_such_table"))
        return "unreachable"

    app.add_url_rule("/_test/broken-query", "broken_query", broken_query)
    response = error_client.get("/_test/broken-query")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "no_such_table" not in html and "SELECT" not in html


def test_staff_errors_use_the_staff_layout(client: PortalClient) -> None:
    html = client.get("/staff/no-such-page").get_data(as_text=True)
    assert "Keyworker workspace" in html


def test_family_errors_use_the_family_layout_in_plain_words(client: PortalClient) -> None:
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "We cannot find this page." in html
    assert "Keyworker workspace" not in html


@pytest.mark.parametrize("code", ERROR_CODES)
@pytest.mark.parametrize(
    ("prefix", "shows", "hides"),
    [
        ("", EXIT_BUTTON, STAFF_HEADER),
        ("/staff", STAFF_HEADER, EXIT_BUTTON),
        ("/webhooks", "Keyworker Family Portal", (STAFF_HEADER, EXIT_BUTTON)),
    ],
    ids=["family", "staff", "neutral"],
)
def test_every_http_error_keeps_its_status_with_a_page_in_the_right_layout(
    error_client: PortalClient, code: int, prefix: str, shows: str, hides: str | tuple[str, ...]
) -> None:
    response = error_client.get(f"{prefix}/_test/error/{code}")
    assert response.status_code == code
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<h1>" in html and shows in html
    for hidden in (hides,) if isinstance(hides, str) else hides:
        assert hidden not in html
    # Error pages are pages: the same headers as every other.
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_method_the_page_does_not_take_is_405_with_the_methods_it_does(
    client: PortalClient,
) -> None:
    response = client.get("/staff/sign-out")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert STAFF_HEADER in response.get_data(as_text=True)


def test_pages_that_are_neither_staff_nor_family_have_a_neutral_layout(
    client: PortalClient,
) -> None:
    for path in ("/webhooks/no-such-hook", "/static/no-such-file.css", "/healthz/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        html = response.get_data(as_text=True)
        assert STAFF_HEADER not in html and EXIT_BUTTON not in html, path
        assert "We cannot find this page." in html

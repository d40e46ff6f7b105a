"""Errors are answered with a page in the site layout, never a stack trace."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.client import PortalClient
from tests.support.page_examples import add_error_route


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

"""A test client that checks every HTML page it receives, and helpers to sign
in and to post forms with a CSRF token."""

from __future__ import annotations

import re
from typing import Any

import html5lib
import pyotp
from flask import url_for
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.models import StaffUser

CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


class PageProblem(AssertionError):
    pass


def check_page(html: str) -> Any:
    """Assert what every page must have; return the parsed document."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        document = parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line, column = parser.errors[0][0] if parser.errors else ("?", "?")
        raise PageProblem(f"HTML does not parse: {error} at line {line}, column {column}") from None
    html_element = document
    if not html_element.get("lang"):
        raise PageProblem("<html> has no lang attribute")
    headings = document.findall(".//h1")
    if len(headings) != 1:
        raise PageProblem(f"expected exactly one h1, found {len(headings)}")
    h1_text = " ".join("".join(headings[0].itertext()).split())
    title_element = document.find("./head/title")
    if title_element is None:
        raise PageProblem("the page has no <title>")
    title = " ".join("".join(title_element.itertext()).split())
    title = title.removeprefix("Error: ")
    if not h1_text or not title.startswith(h1_text):
        raise PageProblem(f"title {title!r} does not start with the h1 {h1_text!r}")
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    duplicates = sorted({value for value in ids if ids.count(value) > 1})
    if duplicates:
        raise PageProblem(f"duplicate ids: {duplicates}")
    summaries = [
        element
        for element in document.iter()
        if "nhsuk-error-summary" in (element.get("class") or "").split()
    ]
    if len(summaries) > 1:
        raise PageProblem(f"{len(summaries)} error summaries: a page has at most one")
    return document


def next_totp_code(app: Any, user: StaffUser) -> str:
    """A code the app will accept now: codes cannot be used twice, so when this
    time-step is used up, the next one (allowed for clock drift) is given."""
    from portal.extensions import db
    from portal.models import utc_now

    with app.app_context():
        last_step = db.session.get(StaffUser, user.id).totp_last_step
    step = int(utc_now().timestamp()) // 30
    if last_step is not None and last_step >= step:
        step = last_step + 1
    return pyotp.TOTP(user.totp_secret).at(step * 30)


class PortalClient(FlaskClient):
    """Checks the markup of every HTML response. Like a WSGI server, it
    closes each response once it has read it (`buffered`), so what the app
    does after answering (`response.call_on_close`) has happened when a
    request returns. Pass `buffered=False` to close it yourself."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        kwargs.setdefault("buffered", True)
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 304:
            check_page(response.get_data(as_text=True))
        return response

    def get_endpoint(self, endpoint: str, *, status: int = 200, **values: Any) -> TestResponse:
        with self.application.test_request_context():
            url = url_for(endpoint, **values)
        response = self.get(url)
        assert response.status_code == status, (
            f"GET {url}: expected {status}, got {response.status_code}"
        )
        return response

    def csrf_token(self, page: str = "/staff/sign-in") -> str:
        """A CSRF token for this client's session, read from a page's form."""
        html = self.get(page, follow_redirects=True).get_data(as_text=True)
        match = CSRF_INPUT.search(html)
        assert match, f"no CSRF token on {page}"
        return next(group for group in match.groups() if group)

    def post_form(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        token_page: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        token = self.csrf_token(token_page or url)
        return self.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)

    def sign_in(self, user: StaffUser, password: str) -> TestResponse:
        """Sign in through the real pages: password, then a current code."""
        response = self.post_form("/staff/sign-in", {"email": user.email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)
        assert user.totp_secret, "give the user a TOTP secret (factories do by default)"
        code = next_totp_code(self.application, user)
        response = self.post_form("/staff/sign-in/code", {"code": code})
        assert response.status_code == 303, response.get_data(as_text=True)
        return response

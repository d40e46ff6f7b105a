"""Request bodies are as big as the largest form needs and no bigger, and no
page takes files: the rest is refused with 413 or 415 before any view (or the
CSRF check) reads it."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Contact, FeedbackResponse, Relationship
from portal.services.feedback.recording import COMMENT_MAX_LENGTH
from tests.client import CSRF_INPUT, PortalClient
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family

TWO_MB = 2 * 1024 * 1024
FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
# Four bytes in UTF-8, twelve once URL-encoded: the most a character can take.
WIDEST_CHARACTER = "\N{GRINNING FACE}"
TOO_LONG_HEADING = "What you sent is too long"


@pytest.fixture
def signed_in(app: Flask, client: PortalClient) -> Contact:
    with app.app_context():
        person = make_young_person(db.session, team=make_team(db.session))
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
    sign_in_family(app, client, contact)
    return contact


def _feedback_fields(client: PortalClient) -> dict[str, str]:
    html = client.get("/tell-us").get_data(as_text=True)
    csrf, token = CSRF_INPUT.search(html), FORM_TOKEN.search(html)
    assert csrf and token
    return {"csrf_token": next(g for g in csrf.groups() if g), "form_token": token[1]}


def _saved_feedback(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(FeedbackResponse)) or 0)


def _urlencoded(client: PortalClient, path: str, body: str, **kwargs: Any) -> Any:
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded", **kwargs)


# Size


def test_the_largest_form_filled_to_its_limits_fits_with_room_to_spare(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    fields = _feedback_fields(client)
    body = urlencode(
        {
            **fields,
            "answer": "dont_know",
            "comment": WIDEST_CHARACTER * COMMENT_MAX_LENGTH,
            "may_use_in_reports": "yes",
        }
    )
    # The figure config.py gives for MAX_CONTENT_LENGTH's headroom.
    assert 24_000 < len(body) < app.config["MAX_CONTENT_LENGTH"] / 2.5
    assert _urlencoded(client, "/tell-us", body).status_code == 303
    assert _saved_feedback(app) == 1


def test_a_2_mb_body_is_refused_with_413_and_nothing_is_saved(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    fields = _feedback_fields(client)
    body = urlencode({**fields, "answer": "good", "comment": "x" * TWO_MB})
    response = _urlencoded(client, "/tell-us", body)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert f"<h1>{TOO_LONG_HEADING}</h1>" in html
    assert "Exit this page" in html  # the family layout
    assert response.headers["Cache-Control"] == "no-store"
    assert _saved_feedback(app) == 0


def test_a_body_one_byte_over_the_limit_is_refused(app: Flask, client: PortalClient) -> None:
    body = "a=" + "x" * (app.config["MAX_CONTENT_LENGTH"] - 1)
    assert _urlencoded(client, "/sign-in", body).status_code == 413
    assert _urlencoded(client, "/sign-in", body[:-1]).status_code == 400  # no CSRF token


def test_a_large_body_is_refused_whatever_the_method(client: PortalClient) -> None:
    assert client.get("/", data="x" * TWO_MB).status_code == 413
    assert client.get("/staff/sign-in", data="x" * TWO_MB).status_code == 413


def test_a_body_without_a_declared_length_is_cut_off_at_the_limit(client: PortalClient) -> None:
    """A chunked body, as gunicorn passes it on: no Content-Length to check first."""
    response = client.post(
        "/sign-in",
        input_stream=io.BytesIO(b"address=" + b"x" * TWO_MB),
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413


# Files


def test_a_file_sent_to_tell_us_what_you_think_is_refused_with_415(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    fields = _feedback_fields(client)
    response = client.post(
        "/tell-us",
        data={**fields, "answer": "good", "upload": (io.BytesIO(b"x" * 2_000), "notes.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    assert "<h1>Something went wrong with that request</h1>" in response.get_data(as_text=True)
    assert _saved_feedback(app) == 0


@pytest.mark.parametrize("path", ["/tell-us", "/sign-in", "/staff/sign-in", "/stay-signed-in"])
def test_a_file_is_refused_before_the_form_token_is_checked(
    client: PortalClient, path: str
) -> None:
    response = client.post(
        path,
        data={"comment": "hello", "upload": (io.BytesIO(b""), "")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415


def test_a_2_mb_file_is_refused_for_its_size(client: PortalClient) -> None:
    response = client.post(
        "/tell-us",
        data={"upload": (io.BytesIO(b"x" * TWO_MB), "photo.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def test_a_multipart_form_without_files_is_read_as_the_timeout_warning_sends_it(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    """The warning's script posts `new FormData(form)`, which is multipart."""
    response = client.post(
        "/stay-signed-in",
        data={"csrf_token": client.csrf_token("/who-has-looked"), "next": "/who-has-looked"},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 204


def test_multipart_bodies_keep_to_the_form_limits(app: Flask, client: PortalClient) -> None:
    too_many = {f"field{number}": "x" for number in range(app.config["MAX_FORM_PARTS"] + 1)}
    response = client.post("/sign-in", data=too_many, content_type="multipart/form-data")
    assert response.status_code == 413
    too_big = {"address": "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)}
    response = client.post("/sign-in", data=too_big, content_type="multipart/form-data")
    assert response.status_code == 413


def test_staff_pages_refuse_files_in_the_staff_layout(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        user = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    response = client.post(
        "/staff/stay-signed-in",
        data={"csrf_token": client.csrf_token("/staff/"), "upload": (io.BytesIO(b"x"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    assert "Keyworker workspace" in response.get_data(as_text=True)

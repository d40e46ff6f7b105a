"""Every page the portal has, in every state worth checking, with how to reach it.

The accessibility (browser) tests and the markup and translation tests all walk
this list. `tests/test_page_examples.py` fails when a page in `app.url_map` is
missing here, so a new page cannot be added without being checked.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from portal.access import public
from portal.extensions import db
from portal.models import Contact, StaffRole, StaffUser, WebSession, YoungPerson, utc_now
from portal.services.demo_data import DEMO_TEAM, seed_demo_data
from portal.services.messaging import queue_email, queue_sms
from portal.sessions import hash_session_id
from tests.factories import make_staff_user

# GET endpoints that return no HTML page: they need no example.
NOT_PAGES = {"static", "status.healthz"}
ERROR_ROUTE = "/_test/error/<int:code>"


@dataclass(frozen=True)
class World:
    """Ids of the fictional data the examples use."""

    keyworker_id: int
    manager_id: int
    admin_id: int
    not_enrolled_id: int
    young_person_id: int


@dataclass(frozen=True)
class PageExample:
    name: str
    # The endpoint this example covers (None for pages with no endpoint of their own).
    endpoint: str | None
    path: Callable[[World], str]
    # "keyworker", "manager", "admin"; "password_done" (code page) or
    # "password_done_not_enrolled" (authenticator set-up page); None: nobody.
    signed_in_as: str | None = None
    # Submit the page's main form with these fields (empty: submit it blank).
    submit: dict[str, str] | None = None
    # Remove the CSRF token before submitting (shows the expired-form page).
    without_csrf_token: bool = False
    expected_status: int = 200
    extra: dict[str, Any] = field(default_factory=dict)


PAGE_EXAMPLES: tuple[PageExample, ...] = (
    PageExample("family start", "family.start", lambda w: "/"),
    PageExample("pictures we use", "family.pictures", lambda w: "/pictures-we-use"),
    PageExample("words we use", "family.words", lambda w: "/words-we-use"),
    PageExample("staff sign in", "staff.sign_in", lambda w: "/staff/sign-in"),
    PageExample(
        "staff sign in after timeout", "staff.sign_in", lambda w: "/staff/sign-in?reason=timeout"
    ),
    PageExample(
        "staff sign in, nothing entered", "staff.sign_in", lambda w: "/staff/sign-in", submit={}
    ),
    PageExample(
        "staff sign in, wrong password",
        "staff.sign_in",
        lambda w: "/staff/sign-in",
        submit={"email": "nobody@example.org", "password": "not the password"},
    ),
    PageExample(
        "security code",
        "staff.sign_in_code",
        lambda w: "/staff/sign-in/code",
        signed_in_as="password_done",
    ),
    PageExample(
        "security code, wrong code",
        "staff.sign_in_code",
        lambda w: "/staff/sign-in/code",
        signed_in_as="password_done",
        submit={"code": "000000"},
    ),
    PageExample(
        "set up authenticator",
        "staff.set_up_authenticator",
        lambda w: "/staff/sign-in/set-up-authenticator",
        signed_in_as="password_done_not_enrolled",
    ),
    PageExample(
        "set up authenticator, nothing entered",
        "staff.set_up_authenticator",
        lambda w: "/staff/sign-in/set-up-authenticator",
        signed_in_as="password_done_not_enrolled",
        submit={},
    ),
    PageExample("signed out", "staff.signed_out", lambda w: "/staff/signed-out"),
    PageExample(
        "signed out after timeout", "staff.signed_out", lambda w: "/staff/signed-out?reason=timeout"
    ),
    PageExample("caseload", "staff.caseload", lambda w: "/staff/", signed_in_as="keyworker"),
    PageExample("team caseload", "staff.caseload", lambda w: "/staff/", signed_in_as="manager"),
    PageExample(
        "record",
        "staff.record",
        lambda w: f"/staff/young-people/{w.young_person_id}",
        signed_in_as="keyworker",
    ),
    PageExample(
        "staff accounts",
        "staff.staff_accounts",
        lambda w: "/staff/admin/staff",
        signed_in_as="admin",
    ),
    PageExample(
        "new staff account",
        "staff.staff_account_new",
        lambda w: "/staff/admin/staff/new",
        signed_in_as="admin",
    ),
    PageExample(
        "new staff account, nothing entered",
        "staff.staff_account_new",
        lambda w: "/staff/admin/staff/new",
        signed_in_as="admin",
        submit={},
    ),
    PageExample(
        "new staff account, weak password",
        "staff.staff_account_new",
        lambda w: "/staff/admin/staff/new",
        signed_in_as="admin",
        submit={
            "name": "Test Person",
            "email": "test.person@example.org",
            "role": "keyworker",
            "password": "short",
        },
    ),
    PageExample(
        "reset sign-in",
        "staff.staff_account_reset",
        lambda w: f"/staff/admin/staff/{w.keyworker_id}/reset-sign-in",
        signed_in_as="admin",
    ),
    PageExample(
        "reset sign-in, weak password",
        "staff.staff_account_reset",
        lambda w: f"/staff/admin/staff/{w.keyworker_id}/reset-sign-in",
        signed_in_as="admin",
        submit={"password": "short"},
    ),
    PageExample("outbox", "staff.outbox", lambda w: "/staff/admin/outbox", signed_in_as="admin"),
    PageExample(
        "form open too long (CSRF)",
        None,
        lambda w: "/staff/sign-in",
        submit={"email": "nobody@example.org", "password": "x"},
        without_csrf_token=True,
        expected_status=400,
    ),
    PageExample("not found", None, lambda w: "/no-such-page", expected_status=404),
    PageExample(
        "not found (staff)",
        None,
        lambda w: "/staff/young-people/999999",
        signed_in_as="keyworker",
        expected_status=404,
    ),
    PageExample(
        "forbidden",
        None,
        lambda w: "/staff/admin/staff",
        signed_in_as="keyworker",
        expected_status=403,
    ),
    PageExample("method not allowed", None, lambda w: "/staff/sign-out", expected_status=405),
    *(
        PageExample(
            f"error {code}", None, lambda w, code=code: f"/_test/error/{code}", expected_status=code
        )
        for code in (400, 429, 500)
    ),
)


def add_error_route(app: Flask) -> None:
    """A route that answers with any error status, so every error page can be
    looked at. Only ever added to apps built by tests."""

    @public
    def raise_error(code: int) -> None:
        if code == 500:
            raise RuntimeError("a deliberate test failure")
        abort(code)

    app.add_url_rule(ERROR_ROUTE, "test_error", raise_error)


CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def visit_example(
    app: Flask, client: FlaskClient, world: World, example: PageExample
) -> TestResponse:
    """Reach the page `example` describes with a test client, and check its status."""
    if example.signed_in_as:
        with app.app_context():
            cookie = start_session(db.session, world, example.signed_in_as)
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    path = example.path(world)
    if example.submit is None:
        response = client.get(path)
    else:
        data = dict(example.submit)
        if not example.without_csrf_token:
            form_page = client.get(path).get_data(as_text=True)
            match = CSRF_TOKEN.search(form_page)
            assert match, f"no CSRF token on {path}"
            data["csrf_token"] = match[1]
        response = client.post(path, data=data)
    assert response.status_code == example.expected_status, (
        f"{example.name}: expected {example.expected_status}, got {response.status_code}"
    )
    return response


def build_world(session: Session) -> World:
    """The fictional demo data plus a user who has not set up an authenticator."""
    seed_demo_data(session, fast_hashing=True)

    def staff_id(role: StaffRole) -> int:
        return session.scalars(
            select(StaffUser.id)
            .join(StaffUser.team)
            .where(StaffUser.role == role, StaffUser.team.has(name=DEMO_TEAM))
            .order_by(StaffUser.id)
        ).first()  # type: ignore[return-value]

    keyworker_id = staff_id(StaffRole.KEYWORKER)
    not_enrolled = make_staff_user(session, role=StaffRole.KEYWORKER, with_totp=False)
    young_person_id = session.scalars(
        select(YoungPerson.id)
        .where(YoungPerson.keyworker_id == keyworker_id)
        .order_by(YoungPerson.id)
    ).first()
    _queue_example_messages(session, young_person_id)  # type: ignore[arg-type]
    session.commit()
    return World(
        keyworker_id=keyworker_id,
        manager_id=staff_id(StaffRole.MANAGER),
        admin_id=staff_id(StaffRole.ADMIN),
        not_enrolled_id=not_enrolled.id,
        young_person_id=young_person_id,  # type: ignore[arg-type]
    )


def _queue_example_messages(session: Session, young_person_id: int) -> None:
    """A text message and an email in the outbox, for the outbox page. (Bodies
    are data; one line each, so the translation check can match them whole.)"""
    contacts = session.scalars(
        select(Contact).where(Contact.young_person_id == young_person_id).order_by(Contact.id)
    ).all()
    texted = next(contact for contact in contacts if contact.mobile_e164)
    queue_sms(session, contact=texted, body="You have a message from your keyworker.")
    emailed = next((contact for contact in contacts if contact.email), None)
    if emailed is not None:
        queue_email(
            session,
            contact=emailed,
            subject="You have a meeting",
            body="You have a meeting soon. Your keyworker will tell you more.",
        )


def start_session(session: Session, world: World, who: str) -> str:
    """Create a server-side session for `who`; return the cookie value."""
    session_id = secrets.token_urlsafe(32)
    now = utc_now()
    record = WebSession(id_hash=hash_session_id(session_id), created_at=now, last_seen_at=now)
    if who in ("keyworker", "manager", "admin"):
        record.staff_user_id = getattr(world, f"{who}_id")
        record.signed_in_at = now
        record.data = {}
    elif who == "password_done":
        record.data = {
            "pending_staff_user_id": world.keyworker_id,
            "pending_since": now.isoformat(),
        }
    elif who == "password_done_not_enrolled":
        record.data = {
            "pending_staff_user_id": world.not_enrolled_id,
            "pending_since": now.isoformat(),
        }
    else:
        raise ValueError(f"unknown kind of visitor: {who}")
    session.add(record)
    session.commit()
    return session_id

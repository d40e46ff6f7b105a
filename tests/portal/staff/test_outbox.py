"""The development outbox page: administrators read what would have been sent."""

from __future__ import annotations

from datetime import timedelta

import html5lib
from flask import Flask

from portal.extensions import db
from portal.models import Contact, StaffRole, StaffUser
from portal.services.messaging.outbox import STUCK_AFTER, queue_email, queue_sms
from portal.services.messaging.sending import claim_next_message
from tests.client import PortalClient
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)

OUTBOX = "/staff/admin/outbox"


def _signed_in(app: Flask, role: StaffRole = StaffRole.ADMIN) -> PortalClient:
    with app.app_context():
        user: StaffUser = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    client.sign_in(user, PASSWORD)
    return client


def _contact(app: Flask) -> Contact:
    with app.app_context():
        person = make_young_person(db.session, team=make_team(db.session))
        contact = make_contact(db.session, young_person=person, email="sam.parent@example.org")
        db.session.commit()
        return contact


def _links(html: str) -> list[tuple[str, str]]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    main = document.find(".//main")
    return [(a.get("href"), "".join(a.itertext())) for a in main.iter("a")]


def test_an_admin_reads_the_messages_with_the_portal_links_clickable(app: Flask) -> None:
    contact = _contact(app)
    with app.app_context():
        queue_sms(
            db.session,
            contact=contact,
            body="Open the portal: http://portal.test/start?code=abc&x=1 or https://elsewhere.example/",
        )
        queue_email(db.session, contact=contact, subject="You have a meeting", body="See it.")
        db.session.commit()
    html = _signed_in(app).get(OUTBOX).get_data(as_text=True)

    assert "+447700900" in html and "sam.parent@example.org" in html
    assert "You have a meeting" in html
    assert "Text message" in html and "Email" in html and "Waiting to send" in html
    assert "Nothing here was really sent" in html
    assert _links(html) == [
        ("http://portal.test/start?code=abc&x=1", "http://portal.test/start?code=abc&x=1")
    ]
    assert "https://elsewhere.example/" in html  # shown as text, not a link


def test_a_body_is_escaped(app: Flask) -> None:
    contact = _contact(app)
    with app.app_context():
        queue_sms(
            db.session,
            contact=contact,
            body='<script>alert("x")</script> http://portal.test/"><b>bold</b>',
        )
        db.session.commit()
    html = _signed_in(app).get(OUTBOX).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert _links(html) == [("http://portal.test/", "http://portal.test/")]


def test_a_message_stuck_while_sending_is_flagged(app: Flask) -> None:
    contact = _contact(app)
    with app.app_context():
        message = queue_sms(db.session, contact=contact, body="Hello")
        db.session.commit()
        claim_next_message(db.session, message.send_after, max_attempts=5)
        message.claimed_at = message.claimed_at - STUCK_AFTER - timedelta(minutes=1)  # type: ignore[operator]
        db.session.commit()
    html = _signed_in(app).get(OUTBOX).get_data(as_text=True)
    assert "May or may not have been sent" in html


def test_an_empty_outbox_says_so(app: Flask) -> None:
    html = _signed_in(app).get(OUTBOX).get_data(as_text=True)
    assert "There are no messages yet." in html


def test_the_page_is_linked_from_the_admin_menu(app: Flask) -> None:
    client = _signed_in(app)
    html = client.get("/staff/admin/staff").get_data(as_text=True)
    assert f'href="{OUTBOX}"' in html
    app.config["OUTBOX_PAGE_ENABLED"] = False
    html = client.get("/staff/admin/staff").get_data(as_text=True)
    assert f'href="{OUTBOX}"' not in html


def test_the_page_is_not_there_when_turned_off(app: Flask) -> None:
    client = _signed_in(app)
    app.config["OUTBOX_PAGE_ENABLED"] = False
    assert client.get(OUTBOX).status_code == 404


def test_keyworkers_and_managers_may_not_see_it(app: Flask) -> None:
    for role in (StaffRole.KEYWORKER, StaffRole.MANAGER):
        assert _signed_in(app, role).get(OUTBOX).status_code == 403

"""Writing to the keyworker team on the Messages page: the form (a label, a
limit with a kind error, CSRF), post/redirect/get with a confirmation or,
when the words may say the person is at risk, help first; the same form sent
twice files one message; the thread shows what they wrote, replies and the
messages sent to them (never a sign-in link); another family's contact
neither sees nor posts into the thread; the query count stays fixed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Channel,
    Contact,
    Direction,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    Message,
    MessageStatus,
    Relationship,
    StaffRole,
    StaffUser,
    utc_now,
)
from portal.services.records.family_replies import reply_to_family
from tests.client import CSRF_INPUT, PortalClient
from tests.query_counter import count_queries
from tests.support.at_once import AT_ONCE, at_once
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import sign_in_family

FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
HELP_FIRST = "If you are not OK now, you can get help straight away."
GOT_IT = "We got your message."
LINK_BODY = "Sign in here: https://portal.example.org/sign-in/secret-token-abc"


@pytest.fixture
def people(app: Flask) -> dict[str, Any]:
    with app.app_context():
        session = db.session
        team = make_team(session)
        keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
        person = make_young_person(session, team=team, keyworker=keyworker)
        own = make_contact(session, young_person=person, relation=Relationship.SELF)
        other_person = make_young_person(session, team=team, keyworker=keyworker)
        other = make_contact(session, young_person=other_person, relation=Relationship.SELF)
        session.commit()
        return {"contact": own, "other": other, "keyworker": keyworker}


def _fields(client: PortalClient) -> dict[str, str]:
    html = client.get("/messages").get_data(as_text=True)
    token, csrf = FORM_TOKEN.search(html), CSRF_INPUT.search(html)
    assert token and csrf
    return {"csrf_token": next(g for g in csrf.groups() if g), "form_token": token[1]}


def _messages(app: Flask) -> list[FamilyMessage]:
    with app.app_context():
        return list(db.session.scalars(select(FamilyMessage).order_by(FamilyMessage.id)))


def _notices(app: Flask) -> list[FamilyInputNotice]:
    with app.app_context():
        return list(db.session.scalars(select(FamilyInputNotice)))


def test_the_page_has_a_labelled_box_the_crisis_lines_and_when_we_read(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    sign_in_family(app, client, people["contact"])
    html = client.get("/messages").get_data(as_text=True)
    assert '<label class="nhsuk-label nhsuk-label--s" for="text">' in html
    assert "Your message" in html and "You can write up to 2000 letters and spaces." in html
    assert "If you need help now" in html and 'href="tel:116123"' in html
    assert f"We read messages {app.config['TEAM_HOURS']}." in html
    assert "We usually write back within 2 working days." in html
    assert "There are no messages yet." in html


def test_sending_files_once_and_says_so_after_a_redirect(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    sign_in_family(app, client, people["contact"])
    fields = _fields(client)
    response = client.post("/messages", data={**fields, "text": "Can we talk about school?"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/messages#message-sent")
    page = client.get("/messages").get_data(as_text=True)
    assert GOT_IT in page and HELP_FIRST not in page
    assert "Can we talk about school?" in page and "You wrote" in page
    # The confirmation is for the next page only.
    assert GOT_IT not in client.get("/messages").get_data(as_text=True)
    again = client.post("/messages", data={**fields, "text": "Can we talk about school?"})
    assert again.status_code == 303
    (message,) = _messages(app)
    assert message.contact_id == people["contact"].id and message.channel.value == "web"
    (notice,) = _notices(app)
    assert notice.kind is FamilyInputKind.MESSAGE and not notice.urgent


def test_words_that_may_say_they_are_at_risk_show_help_first(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    sign_in_family(app, client, people["contact"])
    response = client.post(
        "/messages", data={**_fields(client), "text": "I want to kill myself tonight"}
    )
    assert response.status_code == 303
    page = client.get("/messages").get_data(as_text=True)
    assert page.index(HELP_FIRST) < page.index("Write to your keyworker team")
    assert GOT_IT in page
    (notice,) = _notices(app)
    assert notice.urgent


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write your message in the box."),
        ("   \r\n ", "Write your message in the box."),
        ("word " * 401, "Your message is too long. You can write up to 2000 letters and spaces."),
    ],
)
def test_an_empty_or_too_long_message_is_refused_kindly_and_kept(
    app: Flask, client: PortalClient, people: dict[str, Any], text: str, error: str
) -> None:
    sign_in_family(app, client, people["contact"])
    response = client.post("/messages", data={**_fields(client), "text": text})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert error in html and "<title>Error:" in html
    if text.strip():
        assert text.strip()[:50] in html
    assert _messages(app) == [] and _notices(app) == []


def test_without_the_csrf_token_nothing_is_filed(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    sign_in_family(app, client, people["contact"])
    fields = _fields(client)
    response = client.post("/messages", data={"form_token": fields["form_token"], "text": "Hi"})
    assert response.status_code == 400
    assert _messages(app) == []


def _add_thread(app: Flask, people: dict[str, Any]) -> None:
    """A message, a reply to it, and two messages sent to the contact: a
    reminder and a sign-in link (whose words must never show)."""
    with app.app_context():
        contact = db.session.get(Contact, people["contact"].id)
        keyworker = db.session.get(StaffUser, people["keyworker"].id)
        assert contact and keyworker
        message = FamilyMessage(
            young_person_id=contact.young_person_id,
            contact_id=contact.id,
            channel="web",
            text="Is the meeting still on?",
        )
        db.session.add(message)
        db.session.flush()
        notice = FamilyInputNotice(
            young_person_id=contact.young_person_id,
            contact_id=contact.id,
            kind=FamilyInputKind.MESSAGE,
            subject_id=message.id,
            summary="Sent a message",
        )
        db.session.add(notice)
        db.session.flush()
        reply_to_family(
            db.session, notice, "Yes, it is on.", keyworker, utc_now(), save_anyway=True
        )
        for purpose, body in (("meeting_reminder", "Reminder words"), ("new_link", LINK_BODY)):
            db.session.add(
                Message(
                    direction=Direction.OUTBOUND,
                    channel=Channel.SMS,
                    young_person_id=contact.young_person_id,
                    contact_id=contact.id,
                    to_address=contact.mobile_e164 or "",
                    body=body,
                    status=MessageStatus.SENT,
                    purpose=purpose,
                    sent_at=utc_now(),
                )
            )
        db.session.commit()


def test_the_thread_shows_what_they_wrote_replies_and_what_was_sent_never_a_link(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    _add_thread(app, people)
    sign_in_family(app, client, people["contact"])
    page = client.get("/messages").get_data(as_text=True)
    assert "Is the meeting still on?" in page and "Yes, it is on." in page
    assert "You sent us a message." in page
    assert "A reminder about your meeting" in page and "A link to sign in" in page
    assert "We sent you a text message on" in page
    assert "secret-token-abc" not in page and "Reminder words" not in page


def test_another_familys_contact_neither_sees_nor_posts_into_the_thread(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    _add_thread(app, people)
    sign_in_family(app, client, people["other"])
    page = client.get("/messages").get_data(as_text=True)
    assert "Is the meeting still on?" not in page and "Yes, it is on." not in page
    assert "There are no messages yet." in page
    client.post("/messages", data={**_fields(client), "text": "Hello from me"})
    mine = [m for m in _messages(app) if m.text == "Hello from me"]
    assert [(m.contact_id, m.young_person_id) for m in mine] == [
        (people["other"].id, people["other"].young_person_id)
    ]


def test_the_page_runs_the_same_number_of_queries_as_the_thread_grows(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    sign_in_family(app, client, people["contact"])
    _add_thread(app, people)
    with app.app_context():
        engine = db.engine
    client.get("/messages")
    with count_queries(engine) as few:
        client.get("/messages")
    for _ in range(4):
        _add_thread(app, people)
    client.get("/messages")
    with count_queries(engine) as many:
        client.get("/messages")
    assert many.count == few.count


def test_the_same_form_posted_by_20_requests_at_once_files_one_message(
    app: Flask, client: PortalClient, people: dict[str, Any]
) -> None:
    cookie = sign_in_family(app, client, people["contact"])
    fields = {**_fields(client), "text": "Please call me about Friday."}

    def post(_index: int) -> int:
        own = app.test_client()
        own.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
        return own.post("/messages", data=fields).status_code

    statuses = at_once(post)
    assert statuses == [303] * AT_ONCE
    assert [m.text for m in _messages(app)] == ["Please call me about Friday."]
    assert len(_notices(app)) == 1

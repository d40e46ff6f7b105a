"""Family pages kept in memory (portal.page_cache): used again only while
what they were made from is the same, never stale, never shared between two
people, with each response's own CSRF token and nonce, and bounded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import partial

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Contact,
    FeedbackResponse,
    Meeting,
    MeetingStatus,
    Relationship,
    YoungPerson,
    utc_now,
)
from portal.page_cache import NotCacheable, _Pages, fingerprint
from tests.client import PortalClient
from tests.support.demo_copy import add_demo_data
from tests.support.family_sessions import sign_in_family

NONCE = re.compile(r'nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Colour(Enum):
    RED = "red"


@dataclass(frozen=True)
class Card:
    title: str
    on: date
    colour: Colour


@dataclass
class NotFrozen:
    title: str


# 1. Fingerprints


def test_equal_values_have_equal_fingerprints_and_any_change_shows() -> None:
    card = Card("Meeting", date(2026, 12, 1), Colour.RED)
    same = Card("Meeting", date(2026, 12, 1), Colour.RED)
    values = {"card": card, "list": (1, "two", None), "when": datetime(2026, 12, 1, 9, tzinfo=UTC)}

    assert fingerprint(values) == fingerprint({**values, "card": same})
    assert fingerprint(values) != fingerprint(
        {**values, "card": Card("Meeting", date(2026, 12, 2), Colour.RED)}
    )
    assert fingerprint(("1",)) != fingerprint((1,))
    assert fingerprint(partial(round, ndigits=1)) != fingerprint(partial(round, ndigits=2))


@pytest.mark.parametrize(
    "value",
    [NotFrozen("Meeting"), lambda: 1, object(), (1, [NotFrozen("inside")])],
    ids=["a dataclass that can change", "a lambda", "an object", "one deep inside"],
)
def test_values_whose_contents_could_change_unseen_are_refused(value: object) -> None:
    with pytest.raises(NotCacheable):
        fingerprint(value)


def test_database_rows_are_refused(app: Flask) -> None:
    with app.app_context():
        add_demo_data(db.session)
        person = db.session.scalars(select(YoungPerson)).first()
        with pytest.raises(NotCacheable):
            fingerprint({"person": person})


# 2. The memory itself


def test_the_memory_keeps_at_most_its_size_dropping_the_least_recently_used() -> None:
    memory = _Pages(max_pages=2, max_age_seconds=60)
    memory.put((1, "a", "/a"), "k", "A")
    memory.put((1, "b", "/b"), "k", "B")
    assert memory.get((1, "a", "/a"), "k") == "A"
    memory.put((2, "c", "/c"), "k", "C")

    assert len(memory) == 2
    assert memory.get((1, "b", "/b"), "k") is None
    assert memory.get((1, "a", "/a"), "k") == "A"


def test_a_page_made_from_something_else_is_dropped_not_served() -> None:
    memory = _Pages(max_pages=10, max_age_seconds=60)
    memory.put((1, "a", "/a"), "old", "A")

    assert memory.get((1, "a", "/a"), "new") is None
    assert len(memory) == 0


def test_a_page_older_than_its_age_is_dropped() -> None:
    memory = _Pages(max_pages=10, max_age_seconds=-1)
    memory.put((1, "a", "/a"), "k", "A")

    assert memory.get((1, "a", "/a"), "k") is None


def test_forgetting_a_person_drops_only_their_pages() -> None:
    memory = _Pages(max_pages=10, max_age_seconds=60)
    memory.put((1, "a", "/a"), "k", "A")
    memory.put((2, "a", "/a"), "k", "B")

    memory.forget(1)

    assert memory.get((1, "a", "/a"), "k") is None
    assert memory.get((2, "a", "/a"), "k") == "B"


# 3. Family pages


def _contacts(app: Flask) -> tuple[Contact, Contact]:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalars(
            select(Contact)
            .join(YoungPerson)
            .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
        ).one()
        # Sam's parent reads the same plan, in words for a parent.
        other = db.session.scalars(
            select(Contact).where(
                Contact.young_person_id == sam.young_person_id,
                Contact.relation == Relationship.PARENT,
                Contact.portal_access_enabled.is_(True),
            )
        ).first()
        db.session.commit()
        assert other is not None
        return sam, other


@pytest.fixture(autouse=True)
def _empty_memory(app: Flask) -> None:
    # Apps are lent from test to test: start each with nothing kept.
    app.extensions["page_cache"]._pages.clear()


def _kept_for(app: Flask, contact: Contact) -> int:
    return sum(1 for owner in app.extensions["page_cache"]._pages if owner[0] == contact.id)


def _upcoming_meeting(app: Flask, contact: Contact) -> int:
    with app.app_context():
        meeting_id = db.session.scalars(
            select(Meeting.id)
            .where(
                Meeting.young_person_id == contact.young_person_id,
                Meeting.status == MeetingStatus.PLANNED,
                Meeting.starts_at > utc_now(),
            )
            .order_by(Meeting.starts_at)
        ).first()
    assert meeting_id is not None
    return meeting_id


def _without_tokens(html: str) -> str:
    return TOKEN.sub("TOKEN", NONCE.sub("NONCE", html))


@pytest.mark.parametrize(
    "path", ["/home", "/my-plan", "/my-meetings", "/my-choices", "/my-meetings/first"]
)
def test_a_page_from_memory_is_the_page_with_this_responses_token_and_nonce(
    app: Flask, client: PortalClient, path: str
) -> None:
    sam, _other = _contacts(app)
    if path == "/my-meetings/first":
        path = f"/my-meetings/{_upcoming_meeting(app, sam)}"
    sign_in_family(app, client, sam)
    first = client.get(path)
    second = client.get(path)

    assert first.status_code == second.status_code == 200
    assert _without_tokens(first.get_data(as_text=True)) == _without_tokens(
        second.get_data(as_text=True)
    )
    html = second.get_data(as_text=True)
    nonces = set(NONCE.findall(html))
    assert len(nonces) == 1
    assert f"'nonce-{nonces.pop()}'" in second.headers["Content-Security-Policy"]
    assert "csrf-" not in html and "nonce-" not in html.replace("'nonce-", "")
    assert _kept_for(app, sam) == 1
    # The token in the page is this session's: signing out with it works.
    token = TOKEN.findall(html)[0]
    assert client.post("/sign-out", data={"csrf_token": token}).status_code in (302, 303)


@pytest.mark.parametrize("path", ["/home", "/my-plan", "/tell-us", "/messages"])
def test_a_kept_page_carries_each_sessions_own_token_in_every_form(app: Flask, path: str) -> None:
    # Two sessions of one person (a phone and a laptop): the second is served
    # the page kept for the first, with its own token in the header's sign
    # out, the main form and the timeout dialog alike.
    sam, _other = _contacts(app)
    clients = [PortalClient(app, app.response_class) for _ in range(2)]
    pages = []
    for client in clients:
        sign_in_family(app, client, sam)
        pages.append(client.get(path).get_data(as_text=True))
    assert _kept_for(app, sam) == 1
    first, second = ({*TOKEN.findall(html)} for html in pages)
    assert len(first) == len(second) == 1 and first != second
    assert clients[1].post("/sign-out", data={"csrf_token": second.pop()}).status_code == 303


FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


@pytest.mark.parametrize("path", ["/tell-us", "/messages"])
def test_a_form_from_memory_has_a_new_one_time_token_in_every_copy(
    app: Flask, client: PortalClient, path: str
) -> None:
    sam, _other = _contacts(app)
    sign_in_family(app, client, sam)
    copies = [client.get(path).get_data(as_text=True) for _ in range(3)]

    assert _kept_for(app, sam) == 1
    tokens = [FORM_TOKEN.findall(html) for html in copies]
    assert all(len(found) == 1 for found in tokens)
    assert len({found[0] for found in tokens}) == 3
    assert all("fresh-" not in html for html in copies)
    # The first view of Messages marks the replies read, so it alone says "New".
    assert len({_without_tokens(FORM_TOKEN.sub("", html)) for html in copies[1:]}) == 1
    # A copy from memory sends as well as the first did: saved once.
    before = _answers_from(app, sam)
    sent = client.post(
        "/tell-us",
        data={
            "csrf_token": TOKEN.findall(copies[2])[0],
            "form_token": tokens[2][0],
            "answer": "good",
            "answered_by": "young_person",
        },
    )
    assert sent.status_code == 303
    assert _answers_from(app, sam) == before + 1


def _answers_from(app: Flask, contact: Contact) -> int:
    with app.app_context():
        mine = FeedbackResponse.contact_id == contact.id
        return int(
            db.session.scalar(select(func.count()).select_from(FeedbackResponse).where(mine)) or 0
        )


def test_a_change_to_what_a_page_shows_shows_at_once(app: Flask, client: PortalClient) -> None:
    sam, _other = _contacts(app)
    sign_in_family(app, client, sam)
    assert "Sam" in client.get("/home").get_data(as_text=True)

    with app.app_context():
        person = db.session.get(YoungPerson, sam.young_person_id)
        assert person is not None
        person.preferred_name = "Samuel"
        db.session.commit()

    assert "Samuel" in client.get("/home").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/sign-out", "/sign-out-on-all-devices"])
def test_signing_out_drops_the_persons_kept_pages(
    app: Flask, client: PortalClient, path: str
) -> None:
    sam, other = _contacts(app)
    sign_in_family(app, client, sam)
    client.get("/my-plan")
    someone_else = app.test_client()
    sign_in_family(app, someone_else, other)
    someone_else.get("/my-plan")
    assert _kept_for(app, sam) == _kept_for(app, other) == 1
    token = TOKEN.search(client.get("/home").get_data(as_text=True))
    assert token is not None
    assert client.post(path, data={"csrf_token": token[1]}).status_code == 303
    assert _kept_for(app, sam) == 0
    assert _kept_for(app, other) == 1


def test_two_people_never_see_each_others_kept_pages(app: Flask) -> None:
    sam, other = _contacts(app)
    sams, others = app.test_client(), app.test_client()
    sign_in_family(app, sams, sam)
    sign_in_family(app, others, other)

    sams.get("/my-plan")
    sams_page = sams.get("/my-plan").get_data(as_text=True)
    others_response = others.get("/my-plan")
    assert others_response.status_code == 200, others_response.headers.get("Location")
    others_page = others_response.get_data(as_text=True)

    assert "<h1>My plan</h1>" in sams_page
    assert "<h1>Sam’s plan</h1>" in others_page or "<h1>Sam's plan</h1>" in others_page
    assert _kept_for(app, sam) == _kept_for(app, other) == 1


def test_a_page_with_a_flashed_message_is_not_kept(app: Flask, client: PortalClient) -> None:
    sam, _other = _contacts(app)
    sign_in_family(app, client, sam)
    school = "/my-choices/share_school"
    # Choosing the current choice again comes back with a flashed message.
    client.post_form(f"{school}/change", {"choice": "no"})
    with client.session_transaction() as data:
        token = data["choice_pending"]["token"]
    client.post_form(f"{school}/check", {"token": token}, token_page=school)

    # The message shows on the next page, whichever it is.
    html = client.get("/my-choices").get_data(as_text=True)

    assert "This is already your choice." in html
    assert _kept_for(app, sam) == 0
    assert "This is already your choice." not in client.get("/my-choices").get_data(as_text=True)
    assert _kept_for(app, sam) == 1


def test_a_meeting_page_shows_a_new_answer_at_once(app: Flask, client: PortalClient) -> None:
    sam, _other = _contacts(app)
    sign_in_family(app, client, sam)
    page = f"/my-meetings/{_upcoming_meeting(app, sam)}"
    client.get(page)
    assert _kept_for(app, sam) == 1

    client.post_form(f"{page}/can-you-come", {"answer": "no"})

    assert "You told us you cannot come." in client.get(page).get_data(as_text=True)
    client.post_form(f"{page}/can-you-come", {"answer": "yes"})
    assert "You told us you can come." in client.get(page).get_data(as_text=True)


def test_nothing_is_kept_while_templates_reload_in_development(
    app: Flask, client: PortalClient
) -> None:
    sam, _other = _contacts(app)
    sign_in_family(app, client, sam)
    app.config["TEMPLATES_AUTO_RELOAD"] = True
    try:
        assert client.get("/my-plan").status_code == 200
    finally:
        app.config["TEMPLATES_AUTO_RELOAD"] = None

    assert _kept_for(app, sam) == 0

"""Tell us what you think, from a link: an answer about a feedback request or
a meeting is filed about it and closes the request; ids that are not the
signed-in contact's are ignored without a word. Permission to quote is a
consent decision for the person's own words."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ConsentChoice,
    ConsentDecision,
    Contact,
    FeedbackRequest,
    FeedbackResponse,
    MeetingStatus,
    Relationship,
    StaffRole,
    utc_now,
)
from portal.services.consent.registry import sync_consent_items
from portal.services.feedback.quoting import may_quote
from tests.client import CSRF_INPUT, PortalClient
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family

FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
HIDDEN = re.compile(r'name="(request_id|meeting_id)" type="hidden" value="([^"]*)"')


@pytest.fixture
def household(app: Flask) -> dict[str, Any]:
    """Sam (15) and their mum; another family with a meeting and a request of its own."""
    with app.app_context():
        session = db.session
        team = make_team(session)
        keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
        sam = make_young_person(
            session, team=team, keyworker=keyworker, date_of_birth=date(2011, 6, 1)
        )
        young = make_contact(session, young_person=sam, relation=Relationship.SELF)
        mum = make_contact(session, young_person=sam, relation=Relationship.PARENT)
        other = make_young_person(session, team=team, date_of_birth=date(2009, 1, 1))
        other_parent = make_contact(session, young_person=other)
        held = make_meeting(
            session,
            young_person=sam,
            starts_at=utc_now() - timedelta(days=2),
            status=MeetingStatus.HELD,
        )
        theirs = make_meeting(session, young_person=other)
        now = utc_now()
        mine = _request(session, young, held.id, now)
        mums = _request(session, mum, None, now)
        other_request = _request(session, other_parent, theirs.id, now)
        sync_consent_items(session)
        session.commit()
        return {
            "young": young,
            "mum": mum,
            "held": held.id,
            "their_meeting": theirs.id,
            "mine": mine.id,
            "mums": mums.id,
            "other_request": other_request.id,
        }


def _request(session: Any, contact: Contact, meeting_id: int | None, now: Any) -> FeedbackRequest:
    subject = f"meeting:{meeting_id}" if meeting_id else "support"
    request = FeedbackRequest(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        meeting_id=meeting_id,
        automatic=True,
        requested_at=now,
        expires_at=now + timedelta(days=14),
        open_key=f"{contact.id}:{subject}",
    )
    session.add(request)
    session.flush()
    return request


def _open(client: PortalClient, query: str = "") -> tuple[str, dict[str, str]]:
    html = client.get(f"/tell-us{query}").get_data(as_text=True)
    token, csrf = FORM_TOKEN.search(html), CSRF_INPUT.search(html)
    assert token and csrf
    fields = {"csrf_token": next(g for g in csrf.groups() if g), "form_token": token[1]}
    fields.update(dict(HIDDEN.findall(html)))
    return html, fields


def _send(client: PortalClient, query: str, data: dict[str, str]) -> Any:
    _html, fields = _open(client, query)
    return client.post("/tell-us", data={**fields, **data})


def _one(app: Flask, model: type, ident: int) -> Any:
    with app.app_context():
        return db.session.get(model, ident)


def _responses(app: Flask) -> list[FeedbackResponse]:
    with app.app_context():
        return list(db.session.scalars(select(FeedbackResponse).order_by(FeedbackResponse.id)))


def test_an_answer_to_a_request_is_about_its_meeting_and_closes_it(
    app: Flask, client: PortalClient, household: dict[str, Any]
) -> None:
    sign_in_family(app, client, household["young"])
    html, fields = _open(client, f"?request={household['mine']}")
    assert fields == {
        **fields,
        "request_id": str(household["mine"]),
        "meeting_id": str(household["held"]),
    }
    assert "This is about your" in html
    assert _send(client, f"?request={household['mine']}", {"answer": "good"}).status_code == 303
    [saved] = _responses(app)
    assert saved.request_id == household["mine"]
    assert saved.meeting_id == household["held"]
    request = _one(app, FeedbackRequest, household["mine"])
    assert request.closed_at is not None and request.open_key is None


def test_a_meeting_link_files_the_answer_about_that_meeting(
    app: Flask, client: PortalClient, household: dict[str, Any]
) -> None:
    sign_in_family(app, client, household["mum"])
    assert _send(client, f"?meeting={household['held']}", {"answer": "poor"}).status_code == 303
    [saved] = _responses(app)
    assert saved.meeting_id == household["held"] and saved.request_id is None


@pytest.mark.parametrize("which", ["mums", "other_request", "their_meeting", "junk"])
def test_someone_elses_request_or_meeting_is_ignored_silently(
    app: Flask, client: PortalClient, household: dict[str, Any], which: str
) -> None:
    sign_in_family(app, client, household["young"])
    query = {
        "mums": f"?request={household['mums']}",
        "other_request": f"?request={household['other_request']}",
        "their_meeting": f"?meeting={household['their_meeting']}",
        "junk": "?request=-1&meeting=abc",
    }[which]
    page = client.get(f"/tell-us{query}")
    assert page.status_code == 200
    html, fields = _open(client, query)
    assert fields["request_id"] == "" and fields["meeting_id"] == ""
    assert "This is about your" not in html
    assert _send(client, query, {"answer": "good"}).status_code == 303
    [saved] = _responses(app)
    assert saved.request_id is None and saved.meeting_id is None
    # Their request stays open.
    assert _one(app, FeedbackRequest, household["mums"]).closed_at is None
    assert _one(app, FeedbackRequest, household["other_request"]).closed_at is None


def test_hidden_ids_sent_by_hand_are_checked_on_post(
    app: Flask, client: PortalClient, household: dict[str, Any]
) -> None:
    sign_in_family(app, client, household["young"])
    _html, fields = _open(client)
    forged = {
        **fields,
        "request_id": str(household["other_request"]),
        "meeting_id": str(household["their_meeting"]),
        "answer": "good",
    }
    assert client.post("/tell-us", data=forged).status_code == 303
    [saved] = _responses(app)
    assert saved.request_id is None and saved.meeting_id is None
    assert _one(app, FeedbackRequest, household["other_request"]).closed_at is None


def _decisions(app: Flask) -> list[ConsentDecision]:
    with app.app_context():
        return list(db.session.scalars(select(ConsentDecision).order_by(ConsentDecision.id)))


def test_yes_to_quoting_is_a_consent_decision_once_and_only_for_their_words(
    app: Flask, client: PortalClient, household: dict[str, Any]
) -> None:
    mum, young = household["mum"], household["young"]
    sign_in_family(app, client, mum)
    for _ in range(2):
        assert _send(client, "", {"answer": "good", "may_quote": "y"}).status_code == 303
    [decision] = _decisions(app)
    assert decision.choice is ConsentChoice.YES
    assert decision.about_contact_id == mum.id == decision.decided_by_contact_id
    # The box is ticked next time: it shows their current choice.
    html, _fields = _open(client)
    assert re.search(r'name="may_quote"[^>]*value="y" checked', html)

    client.post("/sign-out")
    sign_in_family(app, client, young)
    assert _send(client, "", {"answer": "good"}).status_code == 303
    mums_answer, _second, sams_answer = _responses(app)
    with app.app_context():
        assert may_quote(db.session, mums_answer) is True
        assert may_quote(db.session, sams_answer) is False
    # Sam never chose: leaving the box empty adds nothing.
    assert len(_decisions(app)) == 1


def test_unticking_the_box_withdraws_permission(
    app: Flask, client: PortalClient, household: dict[str, Any]
) -> None:
    sign_in_family(app, client, household["young"])
    _send(client, "", {"answer": "good", "may_quote": "y"})
    _send(client, "", {"answer": "good"})
    assert [d.choice for d in _decisions(app)] == [ConsentChoice.YES, ConsentChoice.NO]
    first, second = _responses(app)
    with app.app_context():
        assert not may_quote(db.session, first) and not may_quote(db.session, second)

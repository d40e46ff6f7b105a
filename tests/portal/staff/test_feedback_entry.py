"""Writing down feedback given by phone or on paper, through the page: who
gave it is chosen from the record's contacts, a good form saves one answer
and goes back to the Feedback page, a bad one saves nothing and says why, and
the same form sent twice is saved once. The rules themselves are tested in
tests/portal/services/feedback/test_taken_by_staff.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AnsweredBy,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Relationship,
    StaffRole,
)
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.staff_sessions import sign_in_staff

FORM_TOKEN = re.compile(
    r'name="form_token" type="hidden" value="([^"]+)"|value="([^"]+)" name="form_token"'
)


@pytest.fixture
def world(app: Flask) -> dict[str, Any]:
    with app.app_context():
        session = db.session
        team = make_team(session)
        keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
        person = make_young_person(session, team=team, keyworker=keyworker)
        mum = make_contact(session, young_person=person, relation=Relationship.PARENT)
        other = make_young_person(session, team=team, keyworker=keyworker)
        other_contact = make_contact(session, young_person=other)
        session.commit()
        return {
            "keyworker": keyworker,
            "person": person.id,
            "mum": mum.id,
            "mum_name": mum.name,
            "other_contact": other_contact.id,
        }


def _path(world: dict[str, Any]) -> str:
    return f"/staff/young-people/{world['person']}/feedback/add"


def _form(client: PortalClient, world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The page's own form, filled in as a keyworker would after a phone call."""
    html = client.get(_path(world)).get_data(as_text=True)
    match = FORM_TOKEN.search(html)
    assert match, "no form token on the page"
    today = london_today()
    return {
        "form_token": next(group for group in match.groups() if group),
        "contact_id": world["mum"],
        "channel": FeedbackChannel.PHONE.value,
        "day": today.day,
        "month": today.month,
        "year": today.year,
        "fft_answer": FftAnswer.GOOD.value,
        "comment": "Priya rang back the same day",
        "improvement": "",
        "meeting_id": "",
        **changes,
    }


def _responses(app: Flask) -> list[FeedbackResponse]:
    with app.app_context():
        return list(db.session.scalars(select(FeedbackResponse)))


def test_the_page_offers_the_records_own_contacts_only(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    html = client.get(_path(world)).get_data(as_text=True)
    assert world["mum_name"] in html
    assert f'value="{world["other_contact"]}"' not in html
    assert "Keyworker support in general" in html


def test_a_phone_answer_is_saved_on_the_record(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    response = client.post_form(_path(world), _form(client, world))
    assert response.status_code == 303
    [saved] = _responses(app)
    assert response.location.endswith(
        f"/staff/young-people/{world['person']}/feedback?response={saved.id}#response-{saved.id}"
    )
    assert (saved.contact_id, saved.channel, saved.fft_answer) == (
        world["mum"],
        FeedbackChannel.PHONE,
        FftAnswer.GOOD,
    )
    assert saved.comment == "Priya rang back the same day"
    assert saved.answered_by is AnsweredBy.PARENT_OR_CARER  # from the record, as by text
    html = client.get(response.location).get_data(as_text=True)
    assert "Saved on the record." in html


def test_words_that_may_disclose_risk_say_so_and_make_an_urgent_item(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    form = _form(client, world, comment="She says she wants to go to sleep and never wake up")
    response = client.post_form(_path(world), form, follow_redirects=True)
    assert "It is now an urgent item for the team" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(FamilyInputNotice)).one().urgent


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fft_answer": "", "comment": ""}, "Choose their answer, or write what they said"),
        ({"channel": "web"}, "Choose how they gave it"),
        ({"contact_id": ""}, "Choose who gave it"),
        ({"year": london_today().year + 1}, "cannot be in the future"),
        ({"day": "31", "month": "2"}, "real date"),
    ],
)
def test_a_form_with_a_mistake_saves_nothing_and_says_why(
    app: Flask, client: PortalClient, world: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    response = client.post_form(_path(world), _form(client, world, **changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    assert _responses(app) == []


def test_another_young_persons_contact_is_refused(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    response = client.post_form(
        _path(world), _form(client, world, contact_id=world["other_contact"])
    )
    assert response.status_code == 200
    assert "Choose who gave it" in response.get_data(as_text=True)
    assert _responses(app) == []


def test_the_same_form_sent_twice_is_saved_once(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    form = _form(client, world)
    first = client.post_form(_path(world), form)
    again = client.post_form(_path(world), form, follow_redirects=True)
    assert first.status_code == 303
    assert "It was not saved again" in again.get_data(as_text=True)
    assert len(_responses(app)) == 1

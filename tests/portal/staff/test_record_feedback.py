"""A record's Feedback page: every response with its parts, themes suggested
and confirmed, whether it may be quoted; "You said, we did" checked for easy
read and read in the portal only by the writer and the young person."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AnsweredBy,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    Relationship,
    StaffRole,
    YouSaidWeDid,
    utc_now,
)
from portal.services.consent.registry import sync_consent_items
from portal.services.feedback.quoting import record_quote_choice
from portal.services.feedback.record_view import PAGE_SIZE
from portal.services.feedback.themes import sync_standard_themes
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import sign_in_family
from tests.support.staff_sessions import sign_in_staff

EASY_SAID = "You said the letters came late."
EASY_DID = "We now send letters 2 weeks before."


@pytest.fixture
def world(app: Flask) -> dict[str, Any]:
    with app.app_context():
        session = db.session
        team = make_team(session)
        keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
        person = make_young_person(
            session, team=team, keyworker=keyworker, date_of_birth=date(2012, 3, 1)
        )
        young = make_contact(session, young_person=person, relation=Relationship.SELF)
        mum = make_contact(session, young_person=person, relation=Relationship.PARENT)
        dad = make_contact(session, young_person=person, relation=Relationship.PARENT)
        other = make_young_person(session, team=team, keyworker=keyworker)
        other_contact = make_contact(session, young_person=other)
        sync_standard_themes(session)
        sync_consent_items(session)
        now = utc_now()
        first = FeedbackResponse(
            young_person_id=person.id,
            contact_id=mum.id,
            channel=FeedbackChannel.SMS,
            fft_answer=FftAnswer.POOR,
            answered_by=AnsweredBy.PARENT_OR_CARER,
            received_at=now - timedelta(hours=2),
        )
        session.add(first)
        session.flush()
        part = FeedbackResponse(
            young_person_id=person.id,
            contact_id=mum.id,
            channel=FeedbackChannel.SMS,
            comment="Nobody returned my call for weeks",
            part_of_id=first.id,
            received_at=now - timedelta(hours=1),
        )
        theirs = FeedbackResponse(
            young_person_id=other.id,
            contact_id=other_contact.id,
            channel=FeedbackChannel.WEB,
            fft_answer=FftAnswer.GOOD,
        )
        session.add_all([part, theirs])
        session.flush()
        record_quote_choice(session, mum, True, london_today())
        session.commit()
        return {
            "keyworker": keyworker,
            "person": person.id,
            "first": first.id,
            "part": part.id,
            "theirs": theirs.id,
            "young": young,
            "mum": mum,
            "dad": dad,
            "other_contact": other_contact,
        }


def _path(world: dict[str, Any], response: str = "", page: str = "") -> str:
    path = f"/staff/young-people/{world['person']}/feedback"
    return f"{path}/{world[response]}{page}" if response else path


def _theme_id(app: Flask, code: str) -> int:
    with app.app_context():
        return db.session.scalars(select(FeedbackTheme.id).where(FeedbackTheme.code == code)).one()


def test_the_page_shows_the_answer_with_its_parts_suggestions_and_quoting(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    html = client.get(_path(world)).get_data(as_text=True)
    assert html.count('class="nhsuk-card"') == 1  # two parts, one answer
    assert "Poor" in html and "Nobody returned my call for weeks" in html
    assert "By text message" in html and "in 2 parts" in html
    assert "A parent or carer" in html
    assert "Yes, without their name" in html
    # "call" (Communication) and "weeks" (Waiting) are suggested, nothing confirmed.
    assert html.count("Suggested") == 2 and "Confirmed" not in html


def test_confirming_and_removing_a_theme(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    theme_id = _theme_id(app, "communication")
    for _ in range(2):
        response = client.post_form(
            _path(world, "first", "/themes"), {"theme_id": theme_id}, token_page=_path(world)
        )
        assert response.status_code == 303
    with app.app_context():
        tags = db.session.scalars(select(FeedbackThemeTag)).all()
        assert [(t.response_id, t.theme_id) for t in tags] == [(world["first"], theme_id)]
    html = client.get(_path(world)).get_data(as_text=True)
    assert "Confirmed" in html and html.count("Suggested") == 1
    client.post_form(
        _path(world, "first", "/themes/remove"), {"theme_id": theme_id}, token_page=_path(world)
    )
    with app.app_context():
        assert db.session.scalars(select(FeedbackThemeTag)).all() == []


def test_another_young_persons_response_is_not_found(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    theme_id = _theme_id(app, "communication")
    response = client.post_form(
        _path(world, "theirs", "/themes"), {"theme_id": theme_id}, token_page=_path(world)
    )
    assert response.status_code == 404
    assert client.get(_path(world, "theirs", "/you-said-we-did")).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(FeedbackThemeTag)).all() == []


def test_you_said_we_did_is_checked_for_easy_read_and_may_be_saved_anyway(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    sign_in_staff(app, client, world["keyworker"])
    page = _path(world, "first", "/you-said-we-did")
    hard = "We will facilitate a multidisciplinary consultation regarding your concerns."
    response = client.post_form(page, {"you_said": EASY_SAID, "we_did": hard})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalars(select(YouSaidWeDid)).all() == []
    response = client.post_form(page, {"you_said": EASY_SAID, "we_did": EASY_DID})
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalars(select(YouSaidWeDid)).one()
        assert (row.response_id, row.you_said, row.we_did) == (world["first"], EASY_SAID, EASY_DID)


def _family_sees(app: Flask, contact: Any) -> bool:
    client = app.test_client()
    sign_in_family(app, client, contact)
    html = client.get("/tell-us").get_data(as_text=True)
    return "What we did about what you told us" in html and EASY_DID in html


def test_only_the_writer_and_the_young_person_read_it(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    with app.app_context():
        db.session.add(
            YouSaidWeDid(
                response_id=world["first"],
                young_person_id=world["person"],
                you_said=EASY_SAID,
                we_did=EASY_DID,
                written_by_id=world["keyworker"].id,
            )
        )
        db.session.commit()
    assert _family_sees(app, world["mum"])
    assert _family_sees(app, world["young"])
    assert not _family_sees(app, world["dad"])
    assert not _family_sees(app, world["other_contact"])


def test_a_long_history_comes_a_page_at_a_time_and_a_theme_goes_back_to_its_page(
    app: Flask, client: PortalClient, world: dict[str, Any]
) -> None:
    # 24 newer answers by the web: with the first, 25 answers, on 2 pages.
    with app.app_context():
        now = utc_now()
        db.session.add_all(
            FeedbackResponse(
                young_person_id=world["person"],
                contact_id=world["mum"].id,
                channel=FeedbackChannel.WEB,
                fft_answer=FftAnswer.VERY_GOOD,
                received_at=now - timedelta(minutes=50 - n),
            )
            for n in range(PAGE_SIZE + 4)
        )
        db.session.commit()
    sign_in_staff(app, client, world["keyworker"])
    first_page = client.get(_path(world)).get_data(as_text=True)
    assert first_page.count('class="nhsuk-card"') == PAGE_SIZE
    assert "Answers 1 to 20 of 25, newest first (page 1 of 2)." in first_page
    assert f'href="{_path(world)}?page=2"' in first_page
    assert f'id="response-{world["first"]}"' not in first_page  # the oldest
    second_page = client.get(_path(world) + "?page=2").get_data(as_text=True)
    assert "Answers 21 to 25 of 25" in second_page and "Nobody returned my call" in second_page
    # A theme on the oldest answer goes back to the page that shows it.
    theme_id = _theme_id(app, "communication")
    done = client.post_form(
        _path(world, "first", "/themes"), {"theme_id": theme_id}, token_page=_path(world)
    )
    expected = f"{_path(world)}?response={world['first']}#response-{world['first']}"
    assert done.location.endswith(expected)
    shown = client.get(_path(world) + f"?response={world['part']}").get_data(as_text=True)
    assert "Answers 21 to 25 of 25" in shown and "Confirmed" in shown
    # A page that is not a number, or past the end: the first, or the last.
    assert "(page 1 of 2)" in client.get(_path(world) + "?page=x").get_data(as_text=True)
    assert "(page 2 of 2)" in client.get(_path(world) + "?page=9").get_data(as_text=True)

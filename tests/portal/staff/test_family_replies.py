"""The page about one thing a family sent, from the record: its status and
who handled it, a reply in easy read (findings shown before saving, save
anyway), and "Mark as dealt with" once. The allocated keyworker and a manager
of the team may; a keyworker of another case gets 404; an administrator 403."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyReply,
    StaffRole,
)
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)

HARD_WORDS = "We will facilitate a multidisciplinary consultation regarding your concerns."


@dataclass(frozen=True)
class Sent:
    family: FamilyOnCaseload
    notice_id: int
    urgent_notice_id: int

    @property
    def record(self) -> str:
        return f"/staff/young-people/{self.family.young_person.id}"

    @property
    def reply_page(self) -> str:
        return f"{self.record}/from-the-family/{self.notice_id}/reply"

    @property
    def dealt_with_page(self) -> str:
        return f"{self.record}/from-the-family/{self.notice_id}/dealt-with"


@pytest.fixture
def sent(app: Flask) -> Sent:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        notices = add_family_input_of_every_kind(
            db.session, contact=family.contact, meeting=family.meeting
        )
        db.session.commit()
        return Sent(
            family,
            notices[FamilyInputKind.MEETING_SUPPORT].id,
            notices[FamilyInputKind.FEEDBACK].id,
        )


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_record_shows_each_items_status_and_the_actions(
    client: PortalClient, sent: Sent
) -> None:
    client.sign_in(sent.family.keyworker, PASSWORD)
    first = client.get(sent.record).get_data(as_text=True)
    assert first.count(">Reply<") == 6
    assert first.count(">Mark as dealt with<") == 4  # not the two urgent ones
    assert sent.dealt_with_page in first
    again = client.get(sent.record).get_data(as_text=True)
    assert f"Read by {sent.family.keyworker.name} on" in again


def test_the_keyworker_replies_and_the_record_says_who_and_when(
    app: Flask, client: PortalClient, sent: Sent
) -> None:
    client.sign_in(sent.family.keyworker, PASSWORD)
    page = client.get(sent.reply_page).get_data(as_text=True)
    assert "Your reply, in easy read" in page and "Alex Testmore reads this in the portal" in page
    response = client.post_form(sent.reply_page, {"text": "Quiet room booked."})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(sent.record + "#from-the-family")
    record = client.get(sent.record).get_data(as_text=True)
    assert f"Replied by {sent.family.keyworker.name} on" in record
    with app.app_context():
        [reply] = db.session.scalars(select(FamilyReply)).all()
        assert (reply.text, reply.contact_id) == ("Quiet room booked.", sent.family.contact.id)
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert "family_input.replied" in actions


def test_hard_words_show_the_suggestions_first_and_save_anyway_saves(
    app: Flask, client: PortalClient, sent: Sent
) -> None:
    client.sign_in(sent.family.manager, PASSWORD)
    first = client.post_form(sent.reply_page, {"text": HARD_WORDS})
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "There is a problem" in html and "Make this easier to read" in html
    assert "Save anyway: I have read the suggestions" in html
    assert HARD_WORDS in html  # what was typed is kept
    assert _count(app, FamilyReply) == 0
    saved = client.post_form(sent.reply_page, {"text": HARD_WORDS, "save_anyway": "y"})
    assert saved.status_code == 303
    assert _count(app, FamilyReply) == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "Enter your reply"), ("Yes. " * 201, "Your reply must be 1000 characters or fewer")],
)
def test_an_empty_or_too_long_reply_is_refused(
    app: Flask, client: PortalClient, sent: Sent, text: str, error: str
) -> None:
    client.sign_in(sent.family.keyworker, PASSWORD)
    response = client.post_form(sent.reply_page, {"text": text})
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert _count(app, FamilyReply) == 0


def test_mark_as_dealt_with_needs_no_words_and_happens_once(
    app: Flask, client: PortalClient, sent: Sent
) -> None:
    manager: PortalClient = app.test_client()  # type: ignore[assignment]
    manager.sign_in(sent.family.manager, PASSWORD)
    client.sign_in(sent.family.keyworker, PASSWORD)
    token = client.csrf_token(sent.dealt_with_page)
    assert manager.post_form(sent.dealt_with_page, {"note": ""}).status_code == 303
    late = client.post(sent.dealt_with_page, data={"note": "Rang them", "csrf_token": token})
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert f"{sent.family.manager.name} marked this as dealt with first" in html
    assert _count(app, FamilyInputAcknowledgement) == 1
    record = client.get(sent.record).get_data(as_text=True)
    assert f"Marked as dealt with by {sent.family.manager.name} on" in record


def test_an_urgent_item_is_acknowledged_on_the_urgent_page(
    app: Flask, client: PortalClient, sent: Sent
) -> None:
    client.sign_in(sent.family.keyworker, PASSWORD)
    page = f"{sent.record}/from-the-family/{sent.urgent_notice_id}/dealt-with"
    response = client.post_form(page, {"note": ""}, token_page=sent.reply_page)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/urgent/{sent.urgent_notice_id}")
    assert _count(app, FamilyInputAcknowledgement) == 0


@pytest.mark.parametrize("who", ["other keyworker", "other manager"])
def test_staff_of_another_case_get_404_and_change_nothing(
    app: Flask, client: PortalClient, sent: Sent, who: str
) -> None:
    with app.app_context():
        other = make_family_on_caseload(db.session)
        db.session.commit()
    client.sign_in(other.keyworker if who == "other keyworker" else other.manager, PASSWORD)
    assert client.get(sent.reply_page).status_code == 404
    token = client.csrf_token("/staff/")
    assert (
        client.post(sent.reply_page, data={"text": "Hi.", "csrf_token": token}).status_code == 404
    )
    assert client.post(sent.dealt_with_page, data={"csrf_token": token}).status_code == 404
    assert _count(app, FamilyReply) == _count(app, FamilyInputAcknowledgement) == 0


def test_a_notice_of_another_young_person_is_404(
    app: Flask, client: PortalClient, sent: Sent
) -> None:
    with app.app_context():
        other = make_family_on_caseload(db.session)
        theirs = add_family_input_of_every_kind(
            db.session, contact=other.contact, meeting=other.meeting
        )
        db.session.commit()
        their_notice = theirs[FamilyInputKind.MEETING_REPLY].id
    client.sign_in(sent.family.keyworker, PASSWORD)
    assert client.get(f"{sent.record}/from-the-family/{their_notice}/reply").status_code == 404


def test_an_administrator_may_not(app: Flask, client: PortalClient, sent: Sent) -> None:
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN, team=sent.family.keyworker.team)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    assert client.get(sent.reply_page).status_code == 403
    response = client.post_form(sent.reply_page, {"text": "Hi."}, token_page="/staff/admin/staff")
    assert response.status_code == 403
    assert _count(app, FamilyReply) == 0

""" "Ask for feedback now" on the record and "Ask for feedback about this
meeting" on a held meeting's page."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    FeedbackRequest,
    MeetingStatus,
    Message,
    StaffRole,
    YoungPerson,
    utc_now,
)
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_contact, make_meeting, make_staff_user
from tests.support.sign_in_helpers import Family, make_family


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def _requests(app: Flask) -> list[FeedbackRequest]:
    with app.app_context():
        return list(db.session.scalars(select(FeedbackRequest).order_by(FeedbackRequest.id)))


def _switched_off_contact(app: Flask, family: Family) -> None:
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        make_contact(
            db.session, young_person=person, name="Jo Switchedoff", portal_access_enabled=False
        )
        db.session.commit()


def _held_meeting(app: Flask, family: Family, status: MeetingStatus = MeetingStatus.HELD) -> str:
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        meeting = make_meeting(
            db.session,
            young_person=person,
            starts_at=utc_now() - timedelta(hours=2),
            status=status,
        )
        db.session.commit()
        return f"{_record(family)}/meetings/{meeting.id}"


def test_ask_for_feedback_now_says_who_was_asked_how(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    _switched_off_contact(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    record = _record(family)
    assert "Ask for feedback now" in client.get(record).get_data(as_text=True)

    done = client.post_form(record + "/ask-for-feedback", token_page=record)

    assert done.status_code == 303 and "#contacts" in done.headers["Location"]
    shown = client.get(record).get_data(as_text=True)
    assert "Asked 1 of 2 people for feedback." in shown
    assert f"{family.contact.name}: asked by text message" in shown
    assert "Jo Switchedoff: not asked: they cannot use the portal" in shown
    [request] = _requests(app)
    assert (request.contact_id, request.requested_by_id, request.automatic) == (
        family.contact.id,
        family.keyworker.id,
        False,
    )
    with app.app_context():
        message = db.session.get(Message, request.message_id)
        assert message is not None and not message.automatic

    client.post_form(record + "/ask-for-feedback", token_page=record)
    again = client.get(record).get_data(as_text=True)
    assert "not asked again: they were asked already" in again
    assert len(_requests(app)) == 1


def test_ask_about_a_held_meeting(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    path = _held_meeting(app, family)
    client.sign_in(family.manager, PASSWORD)
    assert "Ask for feedback about this meeting" in client.get(path).get_data(as_text=True)

    done = client.post_form(path + "/ask-for-feedback", token_page=path)

    assert done.status_code == 303 and done.headers["Location"].endswith(path)
    assert "Asked 1 of 1 people for feedback." in client.get(path).get_data(as_text=True)
    [request] = _requests(app)
    assert str(request.meeting_id) == path.rsplit("/", 1)[1]


def test_a_planned_meeting_has_no_button_and_asks_nobody(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    path = _held_meeting(app, family, MeetingStatus.PLANNED)
    client.sign_in(family.keyworker, PASSWORD)
    assert "Ask for feedback about this meeting" not in client.get(path).get_data(as_text=True)
    client.post_form(path + "/ask-for-feedback", token_page=path)
    assert "feedback about a meeting is asked for once it is held" in client.get(path).get_data(
        as_text=True
    )
    assert _requests(app) == []


def test_without_the_form_token_nobody_is_asked(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    record = _record(family)
    client.get(record)
    client.post(record + "/ask-for-feedback", data={"csrf_token": "wrong"})
    assert _requests(app) == []


def test_another_keyworker_gets_404_and_asks_nobody(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        other = make_staff_user(db.session, role=StaffRole.KEYWORKER)
        db.session.commit()
    client.sign_in(other, PASSWORD)
    record = _record(family)
    refused = client.post_form(record + "/ask-for-feedback", token_page="/staff/")
    assert refused.status_code == 404
    assert _requests(app) == []

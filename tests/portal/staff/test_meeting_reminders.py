""" "Send a reminder now" on the staff meeting page, and the messages a move,
a cancellation or a new plan version send to the family."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ConversationKind,
    Meeting,
    Message,
    SmsConversation,
    YoungPerson,
    utc_now,
)
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_contact, make_meeting
from tests.support.sign_in_helpers import Family, make_family


def _future_meeting(app: Flask, family: Family, *, days: int = 3) -> int:
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        starts = (utc_now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
        meeting = make_meeting(db.session, young_person=person, starts_at=starts)
        make_contact(
            db.session, young_person=person, name="Jo Switchedoff", portal_access_enabled=False
        )
        db.session.commit()
        return meeting.id


def _path(family: Family, meeting_id: int) -> str:
    return f"/staff/young-people/{family.young_person_id}/meetings/{meeting_id}"


def _messages(app: Flask) -> list[Message]:
    with app.app_context():
        return list(db.session.scalars(select(Message).order_by(Message.id)))


def test_send_a_reminder_now_says_who_was_sent_what(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    meeting_id = _future_meeting(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    path = _path(family, meeting_id)
    page = client.get(path).get_data(as_text=True)
    assert "Send a reminder now" in page and "7 days and 1 day before" in page

    done = client.post_form(path + "/remind", {"sequence": "1"}, token_page=path)

    assert done.status_code == 303 and done.headers["Location"].endswith(path)
    shown = client.get(path).get_data(as_text=True)
    assert "Reminder sent to 1 of 2 people." in shown
    assert f"{family.contact.name}: sent by text message" in shown
    assert "Jo Switchedoff: not sent: they cannot use the portal" in shown
    [message] = _messages(app)
    assert (message.purpose, message.automatic, message.meeting_id) == (
        "meeting_reminder",
        False,
        meeting_id,
    )
    with app.app_context():
        [conversation] = db.session.scalars(select(SmsConversation)).all()
        assert conversation.kind is ConversationKind.MEETING_REPLY

    client.post_form(path + "/remind", {"sequence": "1"}, token_page=path)
    again = client.get(path).get_data(as_text=True)
    assert "not sent again: they were sent this reminder today" in again
    assert len(_messages(app)) == 1


def test_a_reminder_from_an_older_page_is_not_sent(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    meeting_id = _future_meeting(app, family)
    client.sign_in(family.manager, PASSWORD)
    path = _path(family, meeting_id)
    client.post_form(path + "/remind", {"sequence": "0"}, token_page=path)
    assert "Someone changed this meeting" in client.get(path).get_data(as_text=True)
    assert _messages(app) == []


def test_a_started_meeting_has_no_reminder_button(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        meeting = make_meeting(
            db.session, young_person=person, starts_at=utc_now() - timedelta(hours=1)
        )
        db.session.commit()
        meeting_id = meeting.id
    client.sign_in(family.keyworker, PASSWORD)
    path = _path(family, meeting_id)
    assert "Send a reminder now" not in client.get(path).get_data(as_text=True)
    client.post_form(path + "/remind", {"sequence": "1"}, token_page=path)
    assert "the meeting has already started" in client.get(path).get_data(as_text=True)
    assert _messages(app) == []


def _form(meeting: Meeting, **changes: str) -> dict[str, str]:
    from portal.timezones import LONDON

    starts = meeting.starts_at.astimezone(LONDON)
    ends = meeting.ends_at.astimezone(LONDON)
    return {
        "sequence": str(meeting.sequence),
        "kind": meeting.kind.value,
        "day": str(starts.day),
        "month": str(starts.month),
        "year": str(starts.year),
        "starts": starts.strftime("%H:%M"),
        "ends": ends.strftime("%H:%M"),
        "place": meeting.place or "",
        "video_link": "",
        "attendees": "Keyworker\n",
    } | changes


def _at_london_hour(moment: datetime, hour: int) -> datetime:
    from portal.timezones import LONDON

    london = moment.astimezone(LONDON)
    return london.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)


def test_moving_and_cancelling_tell_the_family(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    meeting_id = _future_meeting(app, family, days=20)
    client.sign_in(family.keyworker, PASSWORD)
    path = _path(family, meeting_id)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        # At 2 in the afternoon, so that moving it to 8 in the morning is a
        # move whatever time of day the test runs.
        afternoon = _at_london_hour(meeting.starts_at, 14)
        meeting.starts_at, meeting.ends_at = afternoon, afternoon + timedelta(hours=1)
        db.session.commit()
        form = _form(meeting)

    client.post_form(path + "/edit", form | {"place": "Room 7, Test Clinic"})
    assert [m.purpose for m in _messages(app)] == []  # a new place is not a move
    after_the_new_place = str(int(form["sequence"]) + 1)
    client.post_form(
        path + "/edit", form | {"sequence": after_the_new_place, "starts": "08:00", "ends": "08:30"}
    )
    moved = client.get(path).get_data(as_text=True)
    assert "Meeting moved." in moved and f"{family.contact.name}: sent by text message" in moved
    after_the_move = str(int(form["sequence"]) + 2)
    client.post_form(path + "/cancel", {"sequence": after_the_move, "reason": "Chair ill"})
    cancelled = client.get(path).get_data(as_text=True)
    assert f"{family.contact.name}: sent by text message" in cancelled

    assert [m.purpose for m in _messages(app)] == ["meeting_moved", "meeting_cancelled"]
    assert "8 in the morning" in _messages(app)[0].body
    assert "Chair ill" not in _messages(app)[1].body


def test_saving_a_plan_version_tells_the_family(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    edit = f"/staff/young-people/{family.young_person_id}/plan/edit"
    form = {
        "version": "0",
        "about_me": "I like music.",
        "what_helps": "A quiet room.",
        "what_does_not_help": "Loud places.",
        "my_goals": "Go to college.",
        "if_i_am_not_ok": "Tell my mum.",
        "change_note": "This is your first plan.",
        "action": "save",
    }
    assert client.post_form(edit, form).status_code == 303
    [message] = _messages(app)
    assert message.purpose == "plan_changed" and message.contact_id == family.contact.id
    assert "music" not in message.body

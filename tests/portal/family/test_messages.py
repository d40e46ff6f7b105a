"""Messages from your keyworker: each reply to the signed-in contact, newest
first, with what it answers; read once opened; the home card says when one
is new. Nobody else sees them: not another member of the same family, not
another family."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import func, select

from easyread.dates import easy_date
from portal.demo.replies import REPLY_TEXT
from portal.extensions import db
from portal.models import (
    Contact,
    FamilyInputKind,
    FamilyReplyRead,
    Meeting,
    MeetingStatus,
    Relationship,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.services.records.family_input import notify_staff
from portal.services.records.family_replies import reply_to_family
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.demo_copy import add_demo_data
from tests.support.family_sessions import sign_in_family


@dataclass(frozen=True)
class Demo:
    sam: Contact
    sams_mum: Contact
    livs_mum: Contact


@pytest.fixture
def demo(app: Flask) -> Demo:
    with app.app_context():
        add_demo_data(db.session)
        contacts = {}
        for name in ("Sam", "Liv"):
            person = db.session.scalar(
                select(YoungPerson).where(YoungPerson.preferred_name == name)
            )
            assert person is not None
            contacts[name] = {c.relation: c for c in person.contacts}
        db.session.commit()
        return Demo(
            sam=contacts["Sam"][Relationship.SELF],
            sams_mum=contacts["Sam"][Relationship.PARENT],
            livs_mum=contacts["Liv"][Relationship.PARENT],
        )


def _text(client: PortalClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _reads(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(FamilyReplyRead.id))) or 0)


def test_the_reply_is_new_then_read_and_the_home_card_says_so(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    assert "1 new message" in _text(client, "/home")
    page = _text(client, "/messages")
    assert "<h1>Messages</h1>" in page
    assert REPLY_TEXT in page and "You told us what you think." in page
    assert "Priya" in page and ">New<" in page.replace("\n", "").replace(" ", "")
    assert _reads(app) == 1
    again = _text(client, "/messages")
    assert REPLY_TEXT in again and ">New<" not in again.replace("\n", "").replace(" ", "")
    assert _reads(app) == 1
    home = _text(client, "/home")
    assert "new message" not in home
    assert "Write to your keyworker team. Read what they wrote to you." in home


@pytest.mark.parametrize("who", ["sams_mum", "livs_mum"])
def test_nobody_else_sees_the_reply_or_marks_it_read(
    app: Flask, client: PortalClient, demo: Demo, who: str
) -> None:
    sign_in_family(app, client, getattr(demo, who))
    page = _text(client, "/messages")
    assert REPLY_TEXT not in page and "There are no messages yet." in page
    assert "new message" not in _text(client, "/home")
    assert _reads(app) == 0


def test_a_reply_about_a_meeting_says_which_meeting_newest_first(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    with app.app_context():
        sam = db.session.get(Contact, demo.sam.id)
        assert sam is not None
        meeting = db.session.scalars(
            select(Meeting).where(
                Meeting.young_person_id == sam.young_person_id,
                Meeting.status == MeetingStatus.PLANNED,
            )
        ).first()
        assert meeting is not None
        notice = notify_staff(
            db.session,
            sam,
            FamilyInputKind.MEETING_REPLY,
            subject_id=1,
            summary="Can you come? Yes",
            meeting_id=meeting.id,
        )
        db.session.flush()
        keyworker = db.session.get(StaffUser, sam.young_person.keyworker_id)
        assert keyworker is not None
        reply_to_family(
            db.session, notice, "See you there.", keyworker, utc_now(), save_anyway=False
        )
        db.session.commit()
        day = easy_date(meeting.starts_at, "en", today=london_today())
    sign_in_family(app, client, demo.sam)
    assert "2 new messages" in _text(client, "/home")
    page = _text(client, "/messages")
    assert f"You told us if you can come to the meeting on {day}." in page
    assert page.index("See you there.") < page.index(REPLY_TEXT)


def test_signed_out_the_page_is_not_shown(client: PortalClient, demo: Demo) -> None:
    response = client.get("/messages")
    assert response.status_code in (302, 303)
    assert REPLY_TEXT not in response.get_data(as_text=True)

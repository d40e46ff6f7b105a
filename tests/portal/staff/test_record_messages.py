"""Messages on the staff record: a family's message shows in "From the
family" as "Sent a message" with its words, and a reply to it tells the
family by their preferred channel that there is a new message (no content).
The record's "Messages" section and its own page list every message to and
from the contacts, newest first, paged, in a fixed number of queries; a
sign-in link's words never show, texts that came in are marked, alerts to
staff are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

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
    FamilyMessageChannel,
    Message,
    MessageStatus,
    Relationship,
    utc_now,
)
from portal.services.records.record_messages import RecordMessageKind, record_messages
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.factories import PASSWORD, make_contact
from tests.support.family_input_data import FamilyOnCaseload, make_family_on_caseload

LINK_WORDS = "Sign in: https://portal.example.org/sign-in/abc-secret-token"


@dataclass(frozen=True)
class Record:
    family: FamilyOnCaseload
    notice_id: int
    # The young person themselves, who may use the portal and wrote the message.
    contact_id: int

    @property
    def path(self) -> str:
        return f"/staff/young-people/{self.family.young_person.id}"


def _message(contact: Contact, **fields: object) -> Message:
    values: dict[str, object] = {
        "direction": Direction.OUTBOUND,
        "channel": Channel.SMS,
        "young_person_id": contact.young_person_id,
        "contact_id": contact.id,
        "to_address": contact.mobile_e164 or "",
        "body": "Body",
        "status": MessageStatus.SENT,
        **fields,
    }
    return Message(**values)


def _add_messages(contact: Contact, start: int = 0) -> None:
    """One of each: a reminder, a sign-in link, a text that came in, an
    alert email to staff (not the family's), and what the family wrote."""
    at = utc_now() - timedelta(hours=1) + timedelta(seconds=start)
    db.session.add_all(
        [
            _message(contact, purpose="meeting_reminder", body="Reminder words", created_at=at),
            _message(contact, purpose="invitation", body=LINK_WORDS, created_at=at),
            _message(
                contact,
                direction=Direction.INBOUND,
                status=MessageStatus.RECEIVED,
                to_address="+447700900999",
                from_address=contact.mobile_e164,
                body="yes we can come",
                purpose=None,
                media_count=1,
                created_at=at,
            ),
            _message(
                contact,
                contact_id=None,
                channel=Channel.EMAIL,
                to_address="keyworker@example.org",
                body="Something needs you",
                created_at=at,
            ),
        ]
    )


@pytest.fixture
def record(app: Flask) -> Record:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        contact = make_contact(
            db.session, young_person=family.young_person, relation=Relationship.SELF
        )
        message = FamilyMessage(
            young_person_id=contact.young_person_id,
            contact_id=contact.id,
            channel=FamilyMessageChannel.WEB,
            text="Can we move the meeting to the afternoon?",
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
        _add_messages(contact)
        db.session.commit()
        return Record(family, notice.id, contact.id)


def test_the_message_shows_in_from_the_family_in_staff_words(
    client: PortalClient, record: Record
) -> None:
    client.sign_in(record.family.keyworker, PASSWORD)
    html = client.get(record.path).get_data(as_text=True)
    section = html.split('id="from-the-family"')[1].split('id="messages"')[0]
    assert "Sent a message" in section
    assert "On the Messages page in the portal" in section
    assert "Can we move the meeting to the afternoon?" in section
    assert f"/from-the-family/{record.notice_id}/reply" in section


def test_replying_tells_the_family_there_is_a_new_message_without_the_words(
    app: Flask, client: PortalClient, record: Record
) -> None:
    client.sign_in(record.family.keyworker, PASSWORD)
    reply_page = f"{record.path}/from-the-family/{record.notice_id}/reply"
    assert "Can we move the meeting" in client.get(reply_page).get_data(as_text=True)
    response = client.post_form(reply_page, {"text": "Yes. We can meet at 2."})
    assert response.status_code == 303
    flashed = client.get(record.path).get_data(as_text=True)
    assert "They will get a message to say there is something new." in flashed
    with app.app_context():
        told = db.session.scalars(select(Message).where(Message.purpose == "new_message")).all()
    assert len(told) == 1
    assert told[0].contact_id == record.contact_id
    assert told[0].status is MessageStatus.QUEUED and not told[0].automatic
    assert "We can meet at 2" not in told[0].body and told[0].body.endswith("/messages")


def test_a_family_member_who_cannot_be_told_is_not_and_staff_are_told_why(
    app: Flask, client: PortalClient, record: Record
) -> None:
    with app.app_context():
        parent = db.session.get(Contact, record.family.contact.id)
        assert parent is not None
        notice = FamilyInputNotice(
            young_person_id=parent.young_person_id,
            contact_id=parent.id,
            kind=FamilyInputKind.MESSAGE,
            subject_id=0,
            summary="Sent a message",
        )
        db.session.add(notice)
        db.session.commit()
        notice_id = notice.id
    client.sign_in(record.family.keyworker, PASSWORD)
    reply_page = f"{record.path}/from-the-family/{notice_id}/reply"
    client.post_form(reply_page, {"text": "Thank you. We will call you."})
    flashed = client.get(record.path).get_data(as_text=True)
    assert "They were not sent a message about it (their portal access is off)." in flashed
    with app.app_context():
        assert (
            db.session.scalars(select(Message).where(Message.purpose == "new_message")).all() == []
        )


def test_the_messages_section_and_page_list_every_message_in_staff_words(
    client: PortalClient, record: Record
) -> None:
    client.sign_in(record.family.keyworker, PASSWORD)
    html = client.get(record.path).get_data(as_text=True)
    section = html.split('<h2 id="messages">')[1].split('<h2 id="about">')[0]
    assert "See all 4 messages" in section
    page = client.get(f"{record.path}/messages").get_data(as_text=True)
    for words in (
        "Text message to the family: Meeting reminder",
        "Reminder words",
        "Text message to the family: Invitation to the portal (sign-in link)",
        "The words are not shown: they may hold a link that signs someone in.",
        "Text message received",
        "Inbound text",
        "yes we can come",
        "With 1 picture or file (not opened).",
        "Sent a message",
        "Can we move the meeting to the afternoon?",
    ):
        assert words in page, words
    # What the family wrote can be answered from here.
    assert f"/from-the-family/{record.notice_id}/reply" in page
    assert "abc-secret-token" not in page and "abc-secret-token" not in html
    assert "Something needs you" not in page


def test_paged_newest_first_in_a_fixed_number_of_queries(app: Flask, record: Record) -> None:
    with app.app_context():
        person_id = record.family.young_person.id
        with count_queries(db.engine) as few:
            first = record_messages(db.session, person_id, per_page=3)
        assert first.total == 4 and first.pages == 2 and len(first.items) == 3
        assert [item.at for item in first.items] == sorted(
            (item.at for item in first.items), reverse=True
        )
        assert first.items[0].kind is RecordMessageKind.FAMILY_WROTE
        contact = db.session.get(Contact, record.contact_id)
        assert contact is not None
        for start in range(1, 30):
            _add_messages(contact, start)
        db.session.commit()
        db.session.expunge_all()
        with count_queries(db.engine) as many:
            later = record_messages(db.session, person_id, page=5, per_page=3)
        assert later.total == 4 + 29 * 3 and len(later.items) == 3
        assert many.count == few.count == 7
        beyond = record_messages(db.session, person_id, page=999, per_page=3)
        assert beyond.items == [] and beyond.total == later.total

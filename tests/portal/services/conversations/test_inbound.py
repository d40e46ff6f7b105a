"""Where a text message is filed (portal/services/conversations/inbound.py),
through the webhook as Twilio calls it: answers to "Can you come?", shared
numbers, numbers staff have not checked, questions that expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    Contact,
    ConversationKind,
    FamilyMessage,
    MeetingAnswer,
    MeetingReply,
    utc_now,
)
from portal.services.conversations.inbound import UNCHECKED_NUMBER
from portal.services.conversations.questions import open_conversation
from tests.client import PortalClient
from tests.portal.webhooks.twilio_requests import PHONE, make_texting_contact, post_sms
from tests.support.factories import make_contact, make_meeting, make_young_person


@pytest.fixture
def contact(session: Session) -> Contact:
    return make_texting_contact(session)


def _count(session: Session, model: type) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _ask_can_you_come(session: Session, contact: Contact, **times: object) -> None:
    meeting = make_meeting(session, young_person=contact.young_person)
    open_conversation(
        session,
        phone_e164=PHONE,
        kind=ConversationKind.MEETING_REPLY,
        now=times.get("now", utc_now()),  # type: ignore[arg-type]
        expires_at=times.get("expires_at"),  # type: ignore[arg-type]
        contact_id=contact.id,
        young_person_id=contact.young_person_id,
        meeting_id=meeting.id,
    )
    session.commit()


def test_a_shared_number_asks_which_young_person_and_files_on_the_one_chosen(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    other = make_young_person(session, team=contact.young_person.team, preferred_name="Alex")
    second = make_contact(session, young_person=other, mobile=PHONE)
    session.commit()
    asked = post_sms(client, app, PHONE, "Can we talk about the holidays please")
    assert b"Who is your message about?" in asked.data
    assert b"Reply 1 for Sam" in asked.data and b"Reply 2 for Alex" in asked.data
    assert _count(session, FamilyMessage) == 0
    answered = post_sms(client, app, PHONE, "2")
    assert b"Thank you." in answered.data
    [filed] = session.scalars(select(FamilyMessage)).all()
    assert filed.young_person_id == other.id and filed.contact_id == second.id
    assert filed.text == "Can we talk about the holidays please"


def test_a_shared_number_answer_that_is_no_option_is_asked_again_once(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    other = make_young_person(session, team=contact.young_person.team, preferred_name="Alex")
    make_contact(session, young_person=other, mobile=PHONE)
    session.commit()
    post_sms(client, app, PHONE, "hello there, a question for you")
    assert b"Who is your message about?" in post_sms(client, app, PHONE, "3").data
    assert b"Who is your message about?" not in post_sms(client, app, PHONE, "Sam").data
    assert _count(session, FamilyMessage) == 0  # never on the wrong record: left for a person


def test_yes_to_can_you_come_is_recorded_as_the_web_answer(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    meeting = make_meeting(session, young_person=contact.young_person)
    open_conversation(
        session,
        phone_e164=PHONE,
        kind=ConversationKind.MEETING_REPLY,
        now=utc_now(),
        contact_id=contact.id,
        young_person_id=contact.young_person_id,
        meeting_id=meeting.id,
    )
    session.commit()
    unclear = post_sms(client, app, PHONE, "maybe")
    assert b"Sorry, we did not understand." in unclear.data
    response = post_sms(client, app, PHONE, "YES I CAN")
    assert b"you can come to the meeting on" in response.data
    [reply] = session.scalars(select(MeetingReply)).all()
    assert reply.answer is MeetingAnswer.YES and reply.contact_id == contact.id
    assert _count(session, FamilyMessage) == 0


def test_an_unclear_reply_twice_is_filed_as_a_message(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    from tests.support.factories import make_meeting

    meeting = make_meeting(session, young_person=contact.young_person)
    open_conversation(
        session,
        phone_e164=PHONE,
        kind=ConversationKind.MEETING_REPLY,
        now=utc_now(),
        contact_id=contact.id,
        young_person_id=contact.young_person_id,
        meeting_id=meeting.id,
    )
    session.commit()
    post_sms(client, app, PHONE, "👍")
    assert b"Thank you." in post_sms(client, app, PHONE, "hmm").data
    assert _count(session, FamilyMessage) == 1


def test_a_yes_after_the_question_expired_is_filed_and_told_it_is_too_late(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    from tests.support.factories import make_meeting

    meeting = make_meeting(session, young_person=contact.young_person)
    asked = utc_now() - timedelta(days=20)
    open_conversation(
        session,
        phone_e164=PHONE,
        kind=ConversationKind.MEETING_REPLY,
        now=asked,
        expires_at=asked + timedelta(days=14),
        contact_id=contact.id,
        young_person_id=contact.young_person_id,
        meeting_id=meeting.id,
    )
    session.commit()
    response = post_sms(client, app, PHONE, "yes")
    assert b"too late to answer by text" in response.data
    assert _count(session, FamilyMessage) == 1


def test_a_yes_from_a_carer_asked_about_two_young_people_is_placed_by_a_number(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    other = make_young_person(session, team=contact.young_person.team, preferred_name="Alex")
    second = make_contact(session, young_person=other, mobile=PHONE)
    _ask_can_you_come(session, contact)
    _ask_can_you_come(session, second)
    asked = post_sms(client, app, PHONE, "yes")
    assert b"Reply 1 for Sam" in asked.data and b"Reply 2 for Alex" in asked.data
    assert _count(session, MeetingReply) == 0
    answered = post_sms(client, app, PHONE, "2")
    assert b"you can come to the meeting on" in answered.data
    [reply] = session.scalars(select(MeetingReply)).all()
    assert reply.contact_id == second.id and reply.answer is MeetingAnswer.YES
    # Sam's question is still open: the next yes answers it.
    assert b"you can come" in post_sms(client, app, PHONE, "yes").data
    assert {r.contact_id for r in session.scalars(select(MeetingReply))} == {contact.id, second.id}


def test_two_parents_sharing_a_phone_file_on_one_record(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    make_contact(session, young_person=contact.young_person, mobile=PHONE, verified=False)
    session.commit()
    response = post_sms(client, app, PHONE, "Sam is off school today, he has a cold")
    assert b"Who is your message about?" not in response.data
    [filed] = session.scalars(select(FamilyMessage)).all()
    assert filed.contact_id == contact.id  # the contact whose number staff checked


def test_a_message_from_a_number_nobody_checked_is_filed_and_the_record_says_so(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    contact.phone_verified = False
    session.commit()
    assert b"Thank you." in post_sms(client, app, PHONE, "Please call me back today").data
    assert _count(session, FamilyMessage) == 1
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == UNCHECKED_NUMBER))
    assert event.young_person_id == contact.young_person_id


def test_a_message_that_may_disclose_risk_is_filed_urgent_and_signposted(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    from portal.models import FamilyInputNotice

    response = post_sms(client, app, PHONE, "I want to kill myself")
    for line in (b"call 999", b"NHS 111", b"116 123", b"0800 1111", b"85258", b"weekdays"):
        assert line in response.data
    [notice] = session.scalars(select(FamilyInputNotice)).all()
    assert notice.urgent
    ordinary = post_sms(client, app, PHONE, "Thanks for the meeting")
    assert b"116 123" not in ordinary.data


def _asked_both(session: Session, contact: Contact, *, feedback_first: bool) -> None:
    """Asked for feedback and "Can you come?", in either order, both open."""
    from portal.services.feedback.requests import request_feedback
    from tests.portal.services.feedback.request_data import SETTINGS

    now = utc_now()
    if feedback_first:
        assert request_feedback(session, contact, now=now, settings=SETTINGS).sent
        _ask_can_you_come(session, contact, now=now + timedelta(minutes=1))
    else:
        _ask_can_you_come(session, contact, now=now - timedelta(minutes=1))
        assert request_feedback(session, contact, now=now, settings=SETTINGS).sent
    session.commit()


@pytest.mark.parametrize("feedback_first", [True, False], ids=["feedback first", "meeting first"])
def test_a_number_answers_the_feedback_question_and_yes_the_meeting_whichever_came_last(
    app: Flask, client: PortalClient, session: Session, contact: Contact, feedback_first: bool
) -> None:
    from portal.models import FeedbackResponse, FftAnswer

    _asked_both(session, contact, feedback_first=feedback_first)

    rated = post_sms(client, app, PHONE, "2 ")
    assert b"What could be better?" in rated.data
    [response] = session.scalars(select(FeedbackResponse)).all()
    assert response.fft_answer is FftAnswer.GOOD
    assert post_sms(client, app, PHONE, "no thanks").status_code == 200

    coming = post_sms(client, app, PHONE, "yes")
    assert b"you can come to the meeting on" in coming.data
    [reply] = session.scalars(select(MeetingReply)).all()
    assert reply.answer is MeetingAnswer.YES
    assert _count(session, FamilyMessage) == 0

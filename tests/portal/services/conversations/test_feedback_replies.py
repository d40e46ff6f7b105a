"""Answering the feedback question by text, through the signed webhook as
Twilio calls it: the number, then what could be better, each part filed on
the record as it arrives."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    FamilyInputNotice,
    FamilyMessage,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FftAnswer,
    SmsConversation,
    utc_now,
)
from portal.services.feedback.requests import request_feedback
from tests.client import PortalClient
from tests.portal.services.feedback.request_data import SETTINGS
from tests.portal.webhooks.twilio_requests import PHONE, make_texting_contact, post_sms


@pytest.fixture
def contact(session: Session) -> Contact:
    contact = make_texting_contact(session)
    outcome = request_feedback(session, contact, now=utc_now(), settings=SETTINGS)
    session.commit()
    assert outcome.sent
    return contact


def _responses(session: Session) -> list[FeedbackResponse]:
    session.expire_all()
    return list(session.scalars(select(FeedbackResponse).order_by(FeedbackResponse.id)))


def _conversation(session: Session) -> SmsConversation:
    session.expire_all()
    return session.scalars(select(SmsConversation)).one()


def test_the_number_then_what_could_be_better_go_on_the_record(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    asked = post_sms(client, app, PHONE, "Good thanks")
    assert b"What could be better?" in asked.data
    [first] = _responses(session)
    assert (first.fft_answer, first.channel, first.contact_id) == (
        FftAnswer.GOOD,
        FeedbackChannel.SMS,
        contact.id,
    )
    request = session.scalars(select(FeedbackRequest)).one()
    assert first.request_id == request.id and request.open_key is None

    thanked = post_sms(client, app, PHONE, "More time to talk please")
    assert b"Thank you for telling us" in thanked.data
    _, later = _responses(session)
    assert (later.improvement, later.part_of_id, later.fft_answer) == (
        "More time to talk please",
        first.id,
        None,
    )
    assert _conversation(session).closed_at is not None
    assert session.scalars(select(FamilyMessage)).all() == []
    assert len(session.scalars(select(FamilyInputNotice)).all()) == 2


def test_words_first_are_kept_and_the_number_is_asked_for_once(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    asked = post_sms(client, app, PHONE, "the meeting was too long")
    assert b"We will keep your words" in asked.data and b"Reply 1 to 6" in asked.data
    [first] = _responses(session)
    assert (first.comment, first.fft_answer) == ("the meeting was too long", None)

    assert b"Thank you for telling us" in post_sms(client, app, PHONE, "4.").data
    _, number = _responses(session)
    assert (number.fft_answer, number.part_of_id) == (FftAnswer.POOR, first.id)
    assert _conversation(session).closed_at is not None


def test_an_unclear_answer_is_asked_once_more_then_kept_as_the_comment(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    again = post_sms(client, app, PHONE, "ok")
    assert b"Sorry, we did not understand" in again.data
    assert _responses(session) == []

    ended = post_sms(client, app, PHONE, "hmm")
    assert b"Thank you for telling us" in ended.data
    [kept] = _responses(session)
    assert (kept.comment, kept.fft_answer) == ("ok\nhmm", None)
    assert _conversation(session).closed_at is not None


def test_no_to_what_could_be_better_files_nothing_more(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    post_sms(client, app, PHONE, "1")
    assert b"Thank you for telling us" in post_sms(client, app, PHONE, "NO").data
    assert [r.fft_answer for r in _responses(session)] == [FftAnswer.VERY_GOOD]


def test_a_follow_up_that_may_disclose_risk_gets_the_crisis_lines(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    post_sms(client, app, PHONE, "3")
    answered = post_sms(client, app, PHONE, "I am not safe at home")
    assert b"Samaritans: 116 123" in answered.data
    assert b"Thank you for telling us" not in answered.data
    _, flagged = _responses(session)
    assert flagged.flagged
    notices = session.scalars(select(FamilyInputNotice).order_by(FamilyInputNotice.id)).all()
    assert [n.urgent for n in notices] == [False, True]


def test_stop_still_works_in_the_middle(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    post_sms(client, app, PHONE, "2")
    stopped = post_sms(client, app, PHONE, "STOP")
    assert b"You will not get texts" in stopped.data
    assert len(_responses(session)) == 1

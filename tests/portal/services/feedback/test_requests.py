"""Asking a contact for feedback: one open request per contact and subject,
by the rules of every message to a family."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    Channel,
    ConversationKind,
    FeedbackRequest,
    MeetingStatus,
    Message,
    OptOutSource,
)
from portal.services.access.links import LINK_PATH
from portal.services.feedback.requests import (
    NotAsked,
    RequestRefused,
    ask_family,
    request_feedback,
)
from portal.services.messaging.opt_outs import set_opted_out
from tests.portal.services.feedback.request_data import (
    NOW,
    SETTINGS,
    Family,
    conversations,
    make_family,
    messages,
    requests,
)
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import make_contact, make_meeting, make_staff_user


@pytest.fixture
def family(session: Session) -> Family:
    return make_family(session)


def test_a_text_asks_the_question_and_opens_the_conversation(
    session: Session, family: Family
) -> None:
    outcome = request_feedback(session, family.parent, now=NOW, settings=SETTINGS)
    session.commit()

    assert outcome.sent and outcome.channel is Channel.SMS
    [request] = requests(session)
    assert (request.id, request.channel, request.message_id) == (
        outcome.request_id,
        Channel.SMS,
        outcome.message_id,
    )
    assert request.open_key == f"{family.parent.id}:support" and request.closed_at is None
    assert request.expires_at == NOW + timedelta(days=14) and request.automatic
    [message] = messages(session)
    assert "Reply 1 to 6" in message.body and "3 Not good and not bad" in message.body
    assert f"http://portal.test/tell-us?request={request.id}" in message.body
    assert message.purpose == "feedback_request" and message.automatic
    assert message.dedupe_key == f"feedback-request:{request.id}"
    [conversation] = conversations(session)
    assert conversation.kind is ConversationKind.FEEDBACK and conversation.step == "answer"
    assert (conversation.message_id, conversation.contact_id) == (message.id, family.parent.id)
    assert conversation.expires_at == request.expires_at


def test_an_email_links_to_the_form_for_the_request_without_a_sign_in_secret(
    session: Session, family: Family
) -> None:
    family.parent.preferred_channel = Channel.EMAIL
    family.parent.email, family.parent.email_verified = "parent@example.org", True
    session.commit()

    outcome = request_feedback(session, family.parent, now=NOW, settings=SETTINGS)

    assert outcome.channel is Channel.EMAIL
    [message] = messages(session)
    assert f"http://portal.test/tell-us?request={outcome.request_id}" in message.body
    assert LINK_PATH not in message.body and "Reply 1 to 6" not in message.body
    assert conversations(session) == []


def test_one_open_request_per_subject_and_an_expired_one_is_closed_first(
    session: Session, family: Family
) -> None:
    first = request_feedback(session, family.parent, now=NOW, settings=SETTINGS)
    again = request_feedback(
        session, family.parent, now=NOW + timedelta(days=13), settings=SETTINGS
    )
    assert again.not_asked is NotAsked.ALREADY_OPEN and again.request_id is None

    later = NOW + timedelta(days=14)
    renewed = request_feedback(session, family.parent, now=later, settings=SETTINGS)
    session.commit()

    assert renewed.sent and renewed.request_id != first.request_id
    old, new = requests(session)
    assert (old.open_key, old.closed_at, old.answered_at) == (None, later, None)
    assert new.open_key == f"{family.parent.id}:support"


def test_a_held_meeting_is_its_own_subject(session: Session, family: Family) -> None:
    meeting = make_meeting(
        session,
        young_person=family.person,
        starts_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
        status=MeetingStatus.HELD,
    )
    request_feedback(session, family.parent, now=NOW, settings=SETTINGS)
    outcome = request_feedback(session, family.parent, meeting=meeting, now=NOW, settings=SETTINGS)

    assert outcome.sent
    _, about_meeting = requests(session)
    assert about_meeting.open_key == f"{family.parent.id}:meeting:{meeting.id}"
    body = messages(session)[-1].body
    assert "how was your meeting on Monday 2 March?" in body and "Reply 1 to 6" in body


def test_a_meeting_not_held_is_not_asked_about(session: Session, family: Family) -> None:
    meeting = make_meeting(session, young_person=family.person)
    with pytest.raises(RequestRefused):
        request_feedback(session, family.parent, meeting=meeting, now=NOW, settings=SETTINGS)
    with pytest.raises(RequestRefused):
        ask_family(
            session,
            family.person.id,
            meeting=meeting,
            now=NOW,
            settings=SETTINGS,
            requested_by=make_staff_user(session),
        )


def test_who_cannot_be_reached_is_told_why_and_no_request_is_kept(
    session: Session, family: Family
) -> None:
    off = make_contact(session, young_person=family.person, portal_access_enabled=False)
    unchecked = make_contact(session, young_person=family.person, verified=False)
    set_opted_out(session, family.parent.mobile_e164 or "", True, OptOutSource.KEYWORD, NOW)
    session.commit()

    outcomes = [
        request_feedback(session, contact, now=NOW, settings=SETTINGS).not_asked
        for contact in (family.parent, off, unchecked)
    ]

    assert outcomes == [NotAsked.OPTED_OUT, NotAsked.NO_PORTAL_ACCESS, NotAsked.NO_CHECKED_ADDRESS]
    assert requests(session) == [] and messages(session) == []


def test_the_schedule_waits_for_quiet_hours_and_a_keyworker_does_not(
    session: Session, family: Family
) -> None:
    late = datetime(2026, 3, 3, 21, 30, tzinfo=UTC)
    request_feedback(session, family.parent, now=late, settings=SETTINGS)
    other = make_contact(session, young_person=family.person, mobile="+447700900322")
    keyworker = make_staff_user(session)
    request_feedback(session, other, now=late, settings=SETTINGS, requested_by=keyworker)

    automatic, by_hand = messages(session)
    assert automatic.send_after == datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    assert by_hand.send_after == late and not by_hand.automatic
    assert requests(session)[1].requested_by_id == keyworker.id


def test_20_requests_at_once_ask_once(session: Session, family: Family) -> None:
    contact_id = family.parent.id

    def ask(own: Session, index: int) -> bool:
        from portal.models import Contact

        contact = own.get(Contact, contact_id)
        assert contact is not None
        return request_feedback(own, contact, now=NOW, settings=SETTINGS).sent

    results = at_once_in_transactions(session.get_bind(), ask)  # type: ignore[arg-type]

    assert sum(results) == 1
    session.expire_all()
    assert session.scalar(select(func.count(FeedbackRequest.id))) == 1
    assert session.scalar(select(func.count(Message.id))) == 1
    assert len(conversations(session)) == 1

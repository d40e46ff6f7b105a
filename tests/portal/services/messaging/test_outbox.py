"""The outbox: messages are written in the caller's transaction, a person
settles a stuck one, and the latest are listed newest first."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Channel, Contact, Message, MessageStatus, utc_now
from portal.services.messaging.outbox import (
    STUCK_AFTER,
    MessageNotQueued,
    give_up_message,
    latest_messages,
    queue_email,
    queue_sms,
    requeue_message,
    stuck_messages,
)
from tests.portal.services.messaging.outbox_data import (
    BODY,
    ScriptedSms,
    fails,
    queued,
    reload,
    run,
)

# Queueing


def test_a_queued_message_is_part_of_the_callers_transaction(
    session: Session, contact: Contact
) -> None:
    message = queue_sms(session, contact=contact, body=BODY)
    session.flush()
    assert message.status is MessageStatus.QUEUED
    assert message.to_address == contact.mobile_e164
    assert message.young_person_id == contact.young_person_id
    assert message.contact_id == contact.id
    assert message.attempts == 0
    session.rollback()
    assert session.scalars(select(Message)).all() == []


def test_a_message_whose_transaction_rolls_back_is_never_sent(
    session: Session, contact: Contact
) -> None:
    queue_sms(session, contact=contact, body=BODY)
    session.rollback()
    sms = ScriptedSms()
    summary = run(session, sms, utc_now())
    assert sms.calls == []
    assert summary.handled == 0


def test_an_email_is_queued_with_its_subject(session: Session, contact: Contact) -> None:
    message = queue_email(session, contact=contact, subject=" You have a message ", body=BODY)
    session.commit()
    assert (message.channel, message.to_address) == (Channel.EMAIL, "alex.sample@example.org")
    assert message.subject == "You have a message"


@pytest.mark.parametrize("body", ["", "   \n "])
def test_an_empty_message_is_refused(session: Session, contact: Contact, body: str) -> None:
    with pytest.raises(MessageNotQueued, match="empty"):
        queue_sms(session, contact=contact, body=body)
    with pytest.raises(MessageNotQueued, match="empty"):
        queue_email(session, contact=contact, subject="Hi", body=body)
    assert not session.new


def test_a_contact_without_the_address_is_refused(session: Session, contact: Contact) -> None:
    contact.email = None
    with pytest.raises(MessageNotQueued, match="no email address"):
        queue_email(session, contact=contact, subject="Hi", body=BODY)
    contact.mobile_e164 = None
    with pytest.raises(MessageNotQueued, match="no mobile number"):
        queue_sms(session, contact=contact, body=BODY)


@pytest.mark.parametrize("subject", ["", "Hello\nBcc: someone@example.org", "x" * 201])
def test_a_bad_subject_is_refused(session: Session, contact: Contact, subject: str) -> None:
    with pytest.raises(MessageNotQueued):
        queue_email(session, contact=contact, subject=subject, body=BODY)


# Settling a stuck message


def test_a_person_can_send_a_stuck_message_again_or_give_it_up(
    session: Session, contact: Contact
) -> None:
    now = utc_now()
    first, second = queued(session, contact, count=2, send_after=now)
    sms = ScriptedSms(outcomes=[fails(retryable=False, outcome_unknown=True)] * 2)
    run(session, sms, now)

    requeue_message(session, first, now)
    assert reload(session, first).status is MessageStatus.QUEUED
    assert reload(session, first).attempts == 0
    run(session, sms, now)
    assert reload(session, first).status is MessageStatus.SENT

    give_up_message(session, second)
    assert reload(session, second).status is MessageStatus.FAILED
    assert stuck_messages(session, now + STUCK_AFTER * 2) == []
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["message.requeued", "message.given_up"]

    with pytest.raises(MessageNotQueued):
        requeue_message(session, first, now)  # sent: never again
    with pytest.raises(MessageNotQueued):
        give_up_message(session, first)


def test_settling_a_message_is_part_of_the_callers_transaction(
    session: Session, contact: Contact
) -> None:
    now = utc_now()
    first, second = queued(session, contact, count=2, send_after=now)
    run(session, ScriptedSms(outcomes=[fails(retryable=False, outcome_unknown=True)] * 2), now)

    requeue_message(session, first, now)
    give_up_message(session, second)
    session.rollback()

    assert reload(session, first).status is MessageStatus.SENDING
    assert reload(session, second).status is MessageStatus.SENDING
    assert session.scalars(select(AuditEvent.action)).all() == []


# Listing


def test_latest_messages_are_newest_first(session: Session, contact: Contact) -> None:
    ids = queued(session, contact, count=3)
    assert [message.id for message in latest_messages(session, limit=2)] == ids[:0:-1]

"""The worker's passes: messages sent when due, retried with backoff, never
sent twice, each claim committed before the provider is called."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal.clients import (
    OutboxEmailClient,
    OutboxSmsClient,
    SentMessage,
    SmtpEmailClient,
    TwilioSmsClient,
)
from portal.clients.sms import rebased_http_client
from portal.extensions import db
from portal.models import Contact, Message, MessageStatus, utc_now
from portal.services.messaging.outbox import STUCK_AFTER, queue_email, stuck_messages
from portal.services.messaging.sending import (
    BACKOFF,
    claim_next_message,
    mark_claimed,
    next_due_message_id,
    send_due_messages,
)
from portal.unit_of_work import unit_of_work
from tests.portal.services.messaging.outbox_data import (
    BODY,
    ScriptedSms,
    SimulatedCrash,
    crashes,
    fails,
    queued,
    reload,
    run,
    units_on,
)
from tests.support.fakes import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    MESSAGING_SERVICE_SID,
    fake_twilio_api,
    local_smtp_server,
)

# Sending


def test_sends_what_is_due_and_not_what_is_later(session: Session, contact: Contact) -> None:
    now = utc_now()
    [due] = queued(session, contact, send_after=now)
    [later] = queued(session, contact, send_after=now + timedelta(hours=1))
    sms = ScriptedSms()

    summary = run(session, sms, now)

    assert summary.sent == 1 and summary.handled == 1
    assert sms.calls == [(contact.mobile_e164, f"{BODY} (0)")]
    sent = reload(session, due)
    assert sent.status is MessageStatus.SENT
    assert sent.provider_id == "SM" + "1".zfill(32)
    assert sent.attempts == 1
    assert sent.sent_at is not None and sent.last_error is None
    assert reload(session, later).status is MessageStatus.QUEUED

    run(session, sms, now + timedelta(hours=1))
    assert reload(session, later).status is MessageStatus.SENT
    assert len(sms.calls) == 2


def test_a_second_pass_sends_nothing_again(session: Session, contact: Contact) -> None:
    queued(session, contact, count=3)
    sms = ScriptedSms()
    run(session, sms, utc_now())
    run(session, sms, utc_now())
    assert len(sms.calls) == 3


def test_sends_oldest_first_and_stops_at_the_limit(session: Session, contact: Contact) -> None:
    now = utc_now()
    ids = queued(session, contact, count=3, send_after=now)
    sms = ScriptedSms()
    summary = run(session, sms, now, limit=2)
    assert summary.sent == 2
    assert [reload(session, i).status for i in ids] == [
        MessageStatus.SENT,
        MessageStatus.SENT,
        MessageStatus.QUEUED,
    ]


def test_a_retryable_failure_backs_off_then_sends(session: Session, contact: Contact) -> None:
    now = utc_now()
    [message_id] = queued(session, contact, send_after=now)
    sms = ScriptedSms(outcomes=[fails(retryable=True), fails(retryable=True)])

    summary = run(session, sms, now)
    message = reload(session, message_id)
    assert summary.retried == 1
    assert message.status is MessageStatus.QUEUED
    assert message.attempts == 1
    assert message.send_after == now + BACKOFF[0]
    assert message.last_error == "provider said no"

    # Not before its time.
    run(session, sms, now + BACKOFF[0] - timedelta(seconds=1))
    assert len(sms.calls) == 1

    later = now + BACKOFF[0]
    run(session, sms, later)
    assert reload(session, message_id).send_after == later + BACKOFF[1]

    run(session, sms, later + BACKOFF[1])
    message = reload(session, message_id)
    assert message.status is MessageStatus.SENT
    assert message.attempts == 3
    assert message.last_error is None
    assert len(sms.calls) == 3


def test_a_permanent_failure_is_marked_failed_at_once(session: Session, contact: Contact) -> None:
    [message_id] = queued(session, contact)
    sms = ScriptedSms(outcomes=[fails(retryable=False)])
    summary = run(session, sms, utc_now())
    message = reload(session, message_id)
    assert summary.failed == 1
    assert message.status is MessageStatus.FAILED
    assert message.attempts == 1
    assert message.last_error == "provider said no"
    run(session, sms, utc_now() + timedelta(days=1))
    assert len(sms.calls) == 1


def test_gives_up_after_the_most_attempts(session: Session, contact: Contact) -> None:
    now = utc_now()
    [message_id] = queued(session, contact, send_after=now)
    sms = ScriptedSms(outcomes=[fails(retryable=True)] * 3)
    for _ in range(5):
        run(session, sms, now, max_attempts=3)
        now += timedelta(days=1)
    message = reload(session, message_id)
    assert message.status is MessageStatus.FAILED
    assert message.attempts == 3
    assert len(sms.calls) == 3


# Never twice


def test_a_crash_after_the_claim_never_sends_the_message_twice(
    app: Flask, session: Session, contact: Contact
) -> None:
    now = utc_now()
    [message_id] = queued(session, contact, send_after=now)
    crashing = ScriptedSms(outcomes=[crashes])
    with pytest.raises(SimulatedCrash):
        run(session, crashing, now)
    assert len(crashing.calls) == 1  # the provider may have it

    # A new worker process starts, with its own connection.
    with Session(db.engine, expire_on_commit=False) as fresh:
        after = ScriptedSms()
        summary = run(fresh, after, now + timedelta(hours=1))
        assert after.calls == []
        assert summary.handled == 0
        message = reload(fresh, message_id)
        assert message.status is MessageStatus.SENDING
        assert message.attempts == 1

        # Reported for a person to check once it has been stuck a while.
        assert stuck_messages(fresh, now + STUCK_AFTER / 2) == []
        assert [m.id for m in stuck_messages(fresh, now + STUCK_AFTER * 2)] == [message_id]


def test_a_lost_answer_leaves_the_message_for_a_person_to_check(
    session: Session, contact: Contact
) -> None:
    now = utc_now()
    [message_id] = queued(session, contact, send_after=now)
    sms = ScriptedSms(outcomes=[fails(retryable=True, outcome_unknown=True)])
    summary = run(session, sms, now)
    assert summary.to_check == 1
    message = reload(session, message_id)
    assert message.status is MessageStatus.SENDING
    assert message.last_error == "provider said no"
    run(session, sms, now + timedelta(days=1))
    assert len(sms.calls) == 1


def test_an_unexpected_error_is_not_retried_by_itself(session: Session, contact: Contact) -> None:
    [message_id] = queued(session, contact)

    def bug() -> SentMessage:
        raise RuntimeError("a bug in a client")

    sms = ScriptedSms(outcomes=[bug])
    summary = run(session, sms, utc_now())
    assert summary.to_check == 1
    assert reload(session, message_id).status is MessageStatus.SENDING
    run(session, sms, utc_now() + timedelta(days=1))
    assert len(sms.calls) == 1


def _second_session(app: Flask) -> Session:
    return Session(db.engine, expire_on_commit=False)


def test_two_workers_never_claim_the_same_message(
    app: Flask, session: Session, contact: Contact
) -> None:
    now = utc_now()
    first, second = queued(session, contact, count=2, send_after=now)
    with _second_session(app) as other:
        # Worker A has found the oldest due message (and on PostgreSQL holds
        # its row lock) when worker B looks.
        a_id = next_due_message_id(session, now, max_attempts=5)
        assert a_id == first
        with unit_of_work(other):  # worker B's claim, committed as its edge would
            b_message = claim_next_message(other, now, max_attempts=5)
        a_claimed = mark_claimed(session, first)
        session.commit()

        assert b_message is not None
        claimed = [b_message.id] + ([first] if a_claimed else [])
        assert len(claimed) == len(set(claimed))
        if db.engine.dialect.name == "postgresql":
            # SKIP LOCKED: B passed over A's row and took the next.
            assert (b_message.id, a_claimed) == (second, True)
        else:
            # No row locks: the conditional update let only B have it.
            assert (b_message.id, a_claimed) == (first, False)


def test_workers_running_at_once_send_each_message_once(
    app: Flask, session: Session, contact: Contact
) -> None:
    ids = queued(session, contact, count=24)
    sent_bodies: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    class SharedSms:
        def send(
            self, to_e164: str, body: str, *, status_callback_url: str | None = None
        ) -> SentMessage:
            with lock:
                sent_bodies.append(body)
                number = len(sent_bodies)
            return SentMessage(provider_id=f"SM{number:032d}", status=MessageStatus.SENT)

    def work() -> None:
        try:
            with app.app_context(), _second_session(app) as own:
                send_due_messages(
                    units_on(own), SharedSms(), OutboxEmailClient(), utc_now(), limit=100
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(sent_bodies) == len(ids)
    assert max(Counter(sent_bodies).values()) == 1
    assert {reload(session, i).status for i in ids} == {MessageStatus.SENT}


# Real requests


def test_the_worker_sends_through_twilio(session: Session, contact: Contact) -> None:
    [message_id] = queued(session, contact)
    with fake_twilio_api() as api:
        twilio = TwilioSmsClient(
            ACCOUNT_SID,
            AUTH_TOKEN,
            messaging_service_sid=MESSAGING_SERVICE_SID,
            http_client=rebased_http_client(api.base_url),
        )
        api.answer_error(500, 20500)
        run(session, twilio, utc_now())
        assert reload(session, message_id).status is MessageStatus.QUEUED  # will retry
        run(session, twilio, utc_now() + timedelta(hours=1))
    message = reload(session, message_id)
    assert len(api.requests) == 2
    assert api.requests[-1].field("Body") == message.body
    assert api.requests[-1].field("To") == contact.mobile_e164
    assert message.status is MessageStatus.SENT
    assert message.provider_id is not None and message.provider_id.startswith("SM")


def test_the_worker_sends_email_over_smtp(session: Session, contact: Contact) -> None:
    message = queue_email(session, contact=contact, subject="You have a message", body=BODY)
    session.commit()
    with local_smtp_server() as server:
        email = SmtpEmailClient(
            server.host, server.port, "no-reply@portal.example.org", use_starttls=False
        )
        send_due_messages(units_on(session), OutboxSmsClient(), email, utc_now())
        [received] = server.handler.received
    assert received.rcpt_tos == ["alex.sample@example.org"]
    assert received.message["Subject"] == "You have a message"
    sent = reload(session, message.id)
    assert sent.status is MessageStatus.SENT
    assert received.message["Message-ID"] == f"<{sent.provider_id}>"


def test_logs_name_messages_by_id_only(
    session: Session, contact: Contact, caplog: pytest.LogCaptureFixture
) -> None:
    queued(session, contact, count=3)
    sms = ScriptedSms(outcomes=[fails(retryable=True), fails(retryable=False)])
    with caplog.at_level(logging.DEBUG):
        run(session, sms, utc_now())
    assert caplog.records, "expected the worker to log what it did"
    assert BODY not in caplog.text
    assert str(contact.mobile_e164) not in caplog.text


def test_the_claim_is_committed_before_the_provider_is_called(
    app: Flask, session: Session, contact: Contact
) -> None:
    [message_id] = queued(session, contact)
    seen: list[tuple[MessageStatus, int, bool]] = []

    def look_from_elsewhere() -> SentMessage:
        # What another connection sees while the provider has the message.
        with Session(db.engine) as other:
            message = other.get(Message, message_id)
            assert message is not None
            seen.append((message.status, message.attempts, session.in_transaction()))
        return SentMessage(provider_id="SM" + "0" * 32, status=MessageStatus.SENT)

    run(session, ScriptedSms(outcomes=[look_from_elsewhere]), utc_now())

    # Claimed and committed, and nothing left open while the provider answers.
    assert seen == [(MessageStatus.SENDING, 1, False)]
    assert reload(session, message_id).status is MessageStatus.SENT

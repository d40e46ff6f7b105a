"""`flask inbox` and `flask simulate-sms`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from portal.models import (
    Contact,
    ConversationKind,
    Direction,
    FamilyMessage,
    MeetingReply,
    Message,
    utc_now,
)
from portal.services.conversations.inbound_messages import (
    MAX_ATTEMPTS,
    InboundSms,
    record_processing_failure,
    store_inbound,
)
from portal.services.conversations.questions import open_conversation
from tests.client import PortalClient
from tests.portal.webhooks.twilio_requests import PHONE, make_texting_contact, post_sms
from tests.shared_app import build_test_app
from tests.support.factories import make_meeting


@pytest.fixture
def contact(session: Session) -> Contact:
    return make_texting_contact(session)


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def test_simulate_sms_posts_a_signed_message_to_the_running_portal(
    app: Flask, session: Session, contact: Contact, live_url: str
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
    result = app.test_cli_runner().invoke(
        args=["simulate-sms", "--from", PHONE, "--body", "yes", "--url", live_url]
    )
    assert result.exit_code == 0, result.output
    assert "HTTP 200" in result.output
    assert "<Response><Message>Thank you. We have told your keyworker you can come" in result.output
    session.expire_all()
    assert session.scalars(select(MeetingReply)).one().contact_id == contact.id


def test_simulate_sms_signed_with_another_token_is_refused(
    app: Flask, session: Session, contact: Contact, live_url: str, database_url: str
) -> None:
    other = build_test_app(database_url, TWILIO_AUTH_TOKEN="some-other-token")
    with other.app_context():  # the command runs in the app context that is current
        result = other.test_cli_runner().invoke(
            args=["simulate-sms", "--from", PHONE, "--body", "hello", "--url", live_url]
        )
    assert "HTTP 403" in result.output
    session.expire_all()
    assert session.scalars(select(Message)).all() == []


def test_inbox_lists_what_arrived_without_bodies_unless_asked(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    post_sms(client, app, PHONE, "Secret words about Sam")
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["inbox"])
    assert listed.exit_code == 0, listed.output
    assert f"from {PHONE}" in listed.output and "handled" in listed.output
    assert "Secret words" not in listed.output
    as_json = json.loads(runner.invoke(args=["inbox", "--json"]).output)
    assert as_json[0]["from"] == PHONE and "body" not in as_json[0]
    assert as_json[0]["young_person_id"] == contact.young_person_id
    shown = json.loads(runner.invoke(args=["inbox", "--json", "--show-bodies"]).output)
    assert shown[0]["body"] == "Secret words about Sam"


def test_a_message_that_failed_every_try_waits_for_a_person(
    app: Flask, session: Session, contact: Contact
) -> None:
    sms = InboundSms(sid="SM" + "f" * 32, from_number=PHONE, to_number="+447700900000", body="x")
    stored = store_inbound(session, sms, utc_now() - timedelta(hours=1))
    for _ in range(MAX_ATTEMPTS):
        record_processing_failure(session, stored.message_id, RuntimeError("broken"))
    session.commit()
    result = app.test_cli_runner().invoke(args=["inbox"])
    assert "NEEDS A PERSON" in result.output and "RuntimeError: broken" in result.output
    from portal.services.conversations.inbound_messages import unprocessed_ids

    assert unprocessed_ids(session, utc_now()) == []
    assert session.scalars(select(FamilyMessage)).all() == []


def test_the_worker_handles_a_message_the_webhook_could_not(
    app: Flask, session: Session, contact: Contact
) -> None:
    sms = InboundSms(
        sid="SM" + "e" * 32, from_number=PHONE, to_number="+447700900000", body="Please call"
    )
    store_inbound(session, sms, utc_now() - timedelta(minutes=5))
    session.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Handled 1 text message(s) that arrived earlier." in result.output
    session.expire_all()
    assert session.scalars(select(FamilyMessage.text)).one() == "Please call"
    reply = session.scalars(select(Message).where(Message.direction == Direction.OUTBOUND)).one()
    assert reply.purpose == "thank_you" and reply.to_address == PHONE


def test_seed_demo_says_how_to_try_text_messages(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "simulate-sms --from" in result.output
    assert app.config["TWILIO_AUTH_TOKEN"] in result.output

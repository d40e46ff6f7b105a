"""POST /webhooks/twilio/status: a message's status only moves forward,
whatever order Twilio's callbacks arrive in."""

from __future__ import annotations

import itertools
import random

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal.models import Contact, Message, MessageStatus
from portal.services.messaging.delivery_status import StatusOutcome, record_delivery_status
from portal.services.messaging.outbox import queue_sms
from tests.client import PortalClient
from tests.portal.webhooks.twilio_requests import STATUS_PATH, new_sid, post_signed

BODY = "You have a new message from your keyworker team."


def _sent(
    session: Session, contact: Contact, status: MessageStatus = MessageStatus.SENT
) -> Message:
    message = queue_sms(session, contact=contact, body=BODY)
    message.status = status
    message.provider_id = new_sid()
    session.commit()
    return message


def _callback(client: PortalClient, app: Flask, sid: str, status: str, **more: str) -> int:
    fields = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **more}
    return post_signed(client, app, STATUS_PATH, fields).status_code


def _status(session: Session, message: Message) -> MessageStatus:
    session.expire_all()
    return session.get(Message, message.id).status  # type: ignore[union-attr]


def test_an_unsigned_callback_is_refused(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    message = _sent(session, contact)
    fields = {"MessageSid": message.provider_id, "MessageStatus": "delivered"}
    assert client.post(STATUS_PATH, data=fields).status_code == 403
    assert _status(session, message) is MessageStatus.SENT


ORDERS = list(itertools.permutations(["queued", "sending", "sent", "delivered"]))


@pytest.mark.parametrize("order", random.Random(12).sample(ORDERS, 8))
def test_delivered_stands_whatever_order_the_callbacks_come_in(
    app: Flask, client: PortalClient, session: Session, contact: Contact, order: tuple[str, ...]
) -> None:
    message = _sent(session, contact)
    for status in order:
        assert _callback(client, app, message.provider_id or "", status) == 204
    assert _status(session, message) is MessageStatus.DELIVERED


@pytest.mark.parametrize("seed", range(6))
def test_a_failure_stands_and_keeps_its_error_code(
    app: Flask, client: PortalClient, session: Session, contact: Contact, seed: int
) -> None:
    message = _sent(session, contact)
    callbacks = [("queued", ""), ("sent", ""), ("undelivered", "30003"), ("sent", "")]
    random.Random(seed).shuffle(callbacks)
    for status, code in callbacks:
        extra = {"ErrorCode": code} if code else {}
        assert _callback(client, app, message.provider_id or "", status, **extra) == 204
    session.expire_all()
    stored = session.get(Message, message.id)
    assert stored is not None and stored.status is MessageStatus.FAILED
    assert stored.error_code == "30003" and "30003" in (stored.last_error or "")


def test_delivered_and_failed_do_not_replace_each_other(session: Session, contact: Contact) -> None:
    message = _sent(session, contact, MessageStatus.DELIVERED)
    sid = message.provider_id or ""
    assert record_delivery_status(session, sid, MessageStatus.FAILED) is StatusOutcome.UNCHANGED
    assert record_delivery_status(session, sid, MessageStatus.SENT) is StatusOutcome.UNCHANGED
    session.commit()
    assert _status(session, message) is MessageStatus.DELIVERED


def test_an_unknown_sid_changes_nothing(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    message = _sent(session, contact)
    assert _callback(client, app, new_sid(), "delivered") == 204
    assert (
        record_delivery_status(session, new_sid(), MessageStatus.DELIVERED) is StatusOutcome.UNKNOWN
    )
    assert _status(session, message) is MessageStatus.SENT


def test_a_status_twilio_has_not_documented_changes_nothing(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    message = _sent(session, contact)
    assert _callback(client, app, message.provider_id or "", "exploded") == 204
    assert _status(session, message) is MessageStatus.SENT


def test_a_callback_without_its_fields_is_refused(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = {"MessageStatus": "delivered"}
    assert post_signed(client, app, STATUS_PATH, fields).status_code == 400


def test_a_cancelled_message_stays_cancelled(session: Session, contact: Contact) -> None:
    message = _sent(session, contact, MessageStatus.CANCELLED)
    outcome = record_delivery_status(session, message.provider_id or "", MessageStatus.DELIVERED)
    assert outcome is StatusOutcome.UNCHANGED

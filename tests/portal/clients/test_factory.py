"""The app builds the clients its config names, without touching the network;
the Test config's addresses fail loudly."""

from __future__ import annotations

import socket

import pytest
from flask import Flask

from portal import create_app
from portal.clients import (
    MessageSendError,
    OutboxEmailClient,
    OutboxSmsClient,
    SmtpEmailClient,
    TwilioSmsClient,
)
from portal.clients.factory import email_client_for, sms_client_for
from portal.config import Test
from tests.support.fakes import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID

REAL_BACKENDS = {
    "SMS_BACKEND": "twilio",
    "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "TWILIO_MESSAGING_SERVICE_SID": MESSAGING_SERVICE_SID,
    "EMAIL_BACKEND": "smtp",
}


def test_the_test_config_uses_the_outbox_clients(app: Flask) -> None:
    assert isinstance(sms_client_for(app), OutboxSmsClient)
    assert isinstance(email_client_for(app), OutboxEmailClient)


def test_building_real_clients_opens_no_connection(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was opened while building the app")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    app = create_app(Test, overrides={"DATABASE_URL": database_url, **REAL_BACKENDS})
    assert isinstance(sms_client_for(app), TwilioSmsClient)
    assert isinstance(email_client_for(app), SmtpEmailClient)


def test_a_test_app_that_forgets_to_fake_twilio_fails_loudly(database_url: str) -> None:
    app = create_app(Test, overrides={"DATABASE_URL": database_url, **REAL_BACKENDS})
    # Test points Twilio and SMTP at 127.0.0.1:9, where nothing listens.
    with pytest.raises(MessageSendError) as caught:
        sms_client_for(app).send("+447700900123", "Hello")
    assert caught.value.retryable is True
    with pytest.raises(MessageSendError) as caught:
        email_client_for(app).send("someone@example.org", "Hi", "Hello")
    assert caught.value.retryable is True

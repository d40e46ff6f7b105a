"""The Twilio client makes the real API request with the real `twilio`
library, against a fake of the API on 127.0.0.1; the outbox client sends
nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from portal.clients import MessageSendError, OutboxSmsClient, SentMessage, TwilioSmsClient
from portal.clients.sms import (
    TWILIO_STATUSES,
    rebased_http_client,
    twilio_status_to_message_status,
)
from portal.models import MessageStatus
from tests.support.fakes import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    MESSAGING_SERVICE_SID,
    FakeTwilioApi,
    fake_twilio_api,
)

TO = "+447700900123"


@pytest.fixture
def api() -> Iterator[FakeTwilioApi]:
    with fake_twilio_api() as api:
        yield api


def twilio_client(api: FakeTwilioApi, *, timeout: float = 5.0, **options: str) -> TwilioSmsClient:
    settings = {"messaging_service_sid": MESSAGING_SERVICE_SID, **options}
    return TwilioSmsClient(
        ACCOUNT_SID,
        AUTH_TOKEN,
        http_client=rebased_http_client(api.base_url, timeout=timeout),
        **settings,
    )


def test_sends_through_a_messaging_service_with_the_real_request(api: FakeTwilioApi) -> None:
    sent = twilio_client(api).send(
        TO, "You have a message.", status_callback_url="https://portal.example.org/webhooks/x"
    )

    [request] = api.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.auth == (ACCOUNT_SID, AUTH_TOKEN)
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.field("To") == TO
    assert request.field("Body") == "You have a message."
    assert request.field("MessagingServiceSid") == MESSAGING_SERVICE_SID
    assert request.field("StatusCallback") == "https://portal.example.org/webhooks/x"
    assert "From" not in request.form
    assert sent.provider_id.startswith("SM") and len(sent.provider_id) == 34
    assert sent.status is MessageStatus.SENT  # Twilio's "queued": handed over


def test_sends_from_a_number_without_a_messaging_service(api: FakeTwilioApi) -> None:
    client = twilio_client(api, messaging_service_sid="", from_number="+447700900999")
    client.send(TO, "Hello")
    [request] = api.requests
    assert request.field("From") == "+447700900999"
    assert "MessagingServiceSid" not in request.form
    assert "StatusCallback" not in request.form


def test_building_the_client_makes_no_request(api: FakeTwilioApi) -> None:
    twilio_client(api)
    assert api.requests == []


def test_the_client_needs_credentials_and_a_sender() -> None:
    with pytest.raises(ValueError, match="SID and auth token"):
        TwilioSmsClient("", AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID)
    with pytest.raises(ValueError, match="From number"):
        TwilioSmsClient(ACCOUNT_SID, AUTH_TOKEN)


def test_the_auth_token_is_never_shown() -> None:
    client = TwilioSmsClient(ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid=MESSAGING_SERVICE_SID)
    assert AUTH_TOKEN not in repr(client)


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [
        (400, 21211, False),  # not a valid phone number
        (400, 21610, False),  # the recipient replied STOP
        (400, 21614, False),  # not a mobile number
        (400, 21602, False),  # another refusal of this message: sending again will not help
        (401, 20003, True),  # bad credentials: an operator can fix them
        (429, 20429, True),  # too many requests
        (500, 20500, True),
        (503, 20503, True),
    ],
)
def test_error_answers_become_one_error_type(
    api: FakeTwilioApi, status: int, code: int, retryable: bool
) -> None:
    api.answer_error(status, code, f"The 'To' number {TO} is not valid")
    with pytest.raises(MessageSendError) as caught:
        twilio_client(api).send(TO, "Hello")
    assert caught.value.retryable is retryable
    assert caught.value.outcome_unknown is False
    assert caught.value.code == str(code)
    # Safe to log: neither the number nor the body.
    assert TO not in str(caught.value) and "Hello" not in str(caught.value)


def test_too_many_requests_is_tried_again_whatever_the_http_status(api: FakeTwilioApi) -> None:
    api.answer_error(400, 20429, "Too Many Requests")
    with pytest.raises(MessageSendError) as caught:
        twilio_client(api).send(TO, "Hello")
    assert (caught.value.retryable, caught.value.code) == (True, "20429")


def test_an_answer_twilio_sends_for_an_opted_out_number_carries_its_code(
    api: FakeTwilioApi,
) -> None:
    # The body exactly as Twilio sends it for 21610.
    api.answer_next(
        400,
        {
            "code": 21610,
            "message": "Attempt to send to unsubscribed recipient",
            "more_info": "https://www.twilio.com/docs/errors/21610",
            "status": 400,
        },
    )
    with pytest.raises(MessageSendError) as caught:
        twilio_client(api).send(TO, "Hello")
    assert (caught.value.retryable, caught.value.code) == (False, "21610")
    assert "replied STOP" in str(caught.value)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_without_a_json_body_is_tried_again(api: FakeTwilioApi, status: int) -> None:
    # A proxy in front of Twilio answers with a page, not Twilio's JSON.
    api.answer_next(status, raw=b"<html><body>Bad Gateway</body></html>")
    with pytest.raises(MessageSendError) as caught:
        twilio_client(api).send(TO, "Hello")
    assert caught.value.retryable is True
    assert caught.value.outcome_unknown is False
    assert caught.value.code == str(status)  # the library puts the HTTP status there


def test_no_connection_can_be_tried_again() -> None:
    # The Test config's address: nothing listens on port 9.
    client = TwilioSmsClient(
        ACCOUNT_SID,
        AUTH_TOKEN,
        messaging_service_sid=MESSAGING_SERVICE_SID,
        http_client=rebased_http_client("http://127.0.0.1:9/you-forgot-to-fake-twilio"),
    )
    with pytest.raises(MessageSendError) as caught:
        client.send(TO, "Hello")
    assert caught.value.retryable is True
    assert caught.value.outcome_unknown is False


def test_a_connection_lost_after_the_request_may_have_sent_it(api: FakeTwilioApi) -> None:
    api.answer_next(201, hang_up=True)
    with pytest.raises(MessageSendError) as caught:
        twilio_client(api).send(TO, "Hello")
    assert len(api.requests) == 1
    assert caught.value.outcome_unknown is True
    assert caught.value.retryable is False


def test_no_answer_in_time_may_have_sent_it(api: FakeTwilioApi) -> None:
    api.answer_next(201, delay=1.0)
    with pytest.raises(MessageSendError) as caught:
        twilio_client(api, timeout=0.2).send(TO, "Hello")
    assert caught.value.outcome_unknown is True
    assert caught.value.retryable is False


# Twilio's documented message statuses and ours, as docs/architecture.md
# ("Clients") states them. Written out here, not copied from the code, so a
# change to the code's table shows up as a failure.
DOCUMENTED_STATUSES: dict[MessageStatus, tuple[str, ...]] = {
    # Accepted by the provider, not yet delivered.
    MessageStatus.SENT: (
        "queued",
        "accepted",
        "scheduled",
        "sending",
        "sent",
        "partially_delivered",
    ),
    MessageStatus.DELIVERED: ("delivered", "read"),
    MessageStatus.FAILED: ("undelivered", "failed", "canceled"),
    MessageStatus.RECEIVED: ("receiving", "received"),
}
EXPECTED = [
    (twilio_status, ours)
    for ours, twilio_statuses in DOCUMENTED_STATUSES.items()
    for twilio_status in twilio_statuses
]


@pytest.mark.parametrize(("twilio_status", "expected"), EXPECTED)
def test_twilio_statuses_map_to_ours(twilio_status: str, expected: MessageStatus) -> None:
    assert twilio_status_to_message_status(twilio_status) is expected
    assert twilio_status_to_message_status(twilio_status.upper()) is expected
    assert twilio_status_to_message_status(f" {twilio_status}\n") is expected


def test_the_code_maps_exactly_the_documented_statuses() -> None:
    assert sorted(TWILIO_STATUSES.items()) == sorted(EXPECTED)


def test_our_sending_is_kept_for_the_workers_claim() -> None:
    assert MessageStatus.SENDING not in set(TWILIO_STATUSES.values())


def test_every_twilio_status_the_library_knows_is_documented() -> None:
    from twilio.rest.api.v2010.account.message import MessageInstance

    known = {
        value
        for name, value in vars(MessageInstance.Status).items()
        if not name.startswith("_") and isinstance(value, str)
    }
    assert known == {twilio_status for twilio_status, _ours in EXPECTED}


@pytest.mark.parametrize("unknown", ["teleported", "", "deliver", "sent delivered"])
def test_an_unknown_twilio_status_is_refused(unknown: str) -> None:
    with pytest.raises(ValueError, match="unknown Twilio message status"):
        twilio_status_to_message_status(unknown)


def test_the_sms_status_of_an_answer_is_mapped(api: FakeTwilioApi) -> None:
    api.answer_next(
        201, {**api.created_payload({"To": [TO], "Body": ["x"]}), "status": "delivered"}
    )
    assert twilio_client(api).send(TO, "x").status is MessageStatus.DELIVERED


def test_the_outbox_client_records_and_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the outbox client opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    client = OutboxSmsClient()
    sent = client.send(TO, "Hello", status_callback_url=None)
    assert isinstance(sent, SentMessage)
    assert sent.provider_id.startswith("outbox-") and len(sent.provider_id) <= 64
    assert sent.status is MessageStatus.SENT
    [kept] = client.sent
    assert (kept.to_e164, kept.body, kept.provider_id) == (TO, "Hello", sent.provider_id)
    assert client.send(TO, "Again").provider_id != sent.provider_id

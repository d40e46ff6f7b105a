"""The SMTP client sends a real email to a local SMTP server (aiosmtpd); the
outbox client sends nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.clients import MessageSendError, OutboxEmailClient, SmtpEmailClient
from portal.models import MessageStatus
from tests.support.fakes import LocalSmtpServer, local_smtp_server, self_signed_tls_context

FROM = "Keyworker Family Portal <no-reply@portal.example.org>"
TO = "alex.testfield@example.org"


@pytest.fixture
def smtp_server() -> Iterator[LocalSmtpServer]:
    with local_smtp_server() as server:
        yield server


def smtp_client(server: LocalSmtpServer, **options: object) -> SmtpEmailClient:
    settings: dict[str, object] = {"use_starttls": False, "timeout": 5.0, **options}
    return SmtpEmailClient(server.host, server.port, FROM, **settings)  # type: ignore[arg-type]


def test_sends_a_plain_text_email(smtp_server: LocalSmtpServer) -> None:
    body = "You have a message.\nOpen the portal: https://portal.example.org/\n"
    sent = smtp_client(smtp_server).send(TO, "You have a message", body)

    [received] = smtp_server.handler.received
    assert received.mail_from == "no-reply@portal.example.org"
    assert received.rcpt_tos == [TO]
    email = received.message
    assert email["From"] == FROM
    assert email["To"] == TO
    assert email["Subject"] == "You have a message"
    assert email["Date"]
    assert email.get_content_type() == "text/plain"
    # Lines end in CRLF on the wire.
    assert email.get_content().replace("\r\n", "\n") == body
    assert email["Message-ID"] == f"<{sent.provider_id}>"
    assert sent.provider_id.endswith("@portal.example.org") and len(sent.provider_id) <= 64
    assert sent.status is MessageStatus.SENT


def test_signs_in_when_given_a_username(smtp_server: LocalSmtpServer) -> None:
    with local_smtp_server(username="portal", password="right") as server:
        smtp_client(server, username="portal", password="right").send(TO, "Hi", "Body")
        assert server.handler.logins == [("portal", "right")]
        assert len(server.handler.received) == 1


def test_a_refused_sign_in_can_be_tried_again_and_sends_nothing() -> None:
    with local_smtp_server(username="portal", password="right") as server:
        with pytest.raises(MessageSendError) as caught:
            smtp_client(server, username="portal", password="wrong").send(TO, "Hi", "Body")
        assert caught.value.retryable is True
        assert server.handler.received == []


def test_starttls_is_never_skipped(smtp_server: LocalSmtpServer) -> None:
    # The local server offers no STARTTLS: the client refuses to go on in plain text.
    with pytest.raises(MessageSendError, match="STARTTLS") as caught:
        smtp_client(smtp_server, use_starttls=True).send(TO, "Hi", "Body")
    assert caught.value.retryable is True
    assert smtp_server.handler.received == []


@pytest.mark.parametrize(
    ("reply", "retryable"),
    [("550 5.1.1 No such user", False), ("450 4.2.1 Mailbox busy, try later", True)],
)
def test_a_refused_recipient_is_permanent_or_temporary_by_its_code(
    smtp_server: LocalSmtpServer, reply: str, retryable: bool
) -> None:
    smtp_server.handler.refuse[TO] = reply
    with pytest.raises(MessageSendError) as caught:
        smtp_client(smtp_server).send(TO, "Hi", "Body")
    assert caught.value.retryable is retryable
    assert caught.value.code == reply[:3]
    assert TO not in str(caught.value)
    assert smtp_server.handler.received == []


def test_no_connection_can_be_tried_again() -> None:
    client = SmtpEmailClient("127.0.0.1", 9, FROM, use_starttls=False, timeout=2.0)
    with pytest.raises(MessageSendError) as caught:
        client.send(TO, "Hi", "Body")
    assert caught.value.retryable is True
    assert caught.value.outcome_unknown is False


def test_a_subject_with_a_line_break_is_refused(smtp_server: LocalSmtpServer) -> None:
    with pytest.raises(MessageSendError) as caught:
        smtp_client(smtp_server).send(TO, "Hi\nBcc: someone@example.org", "Body")
    assert caught.value.retryable is False
    assert smtp_server.handler.received == []


def test_building_the_client_connects_to_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was opened")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    client = SmtpEmailClient("mail.example.org", 587, FROM, username="u", password="a-secret")
    assert "a-secret" not in repr(client)


def test_the_outbox_client_records_and_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the outbox client opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    client = OutboxEmailClient()
    sent = client.send(TO, "Hi", "Body")
    assert sent.provider_id.startswith("outbox-")
    assert sent.status is MessageStatus.SENT
    [kept] = client.sent
    assert (kept.to, kept.subject, kept.body) == (TO, "Hi", "Body")


def test_starttls_checks_the_certificate(tmp_path: Path) -> None:
    # The server offers STARTTLS with a certificate nobody vouches for: the
    # client refuses it rather than send over a connection it cannot trust.
    with local_smtp_server(tls_context=self_signed_tls_context(tmp_path)) as server:
        with pytest.raises(MessageSendError) as caught:
            smtp_client(server, use_starttls=True).send(TO, "Hi", "Body")
        assert "SSLCertVerificationError" in str(caught.value)
        assert caught.value.retryable is True
        assert server.handler.received == []

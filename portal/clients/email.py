"""Emails: SMTP, or a local outbox that sends nothing."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Protocol

from portal.clients.errors import MessageSendError
from portal.clients.sent import SentMessage
from portal.models import MessageStatus

SEND_TIMEOUT_SECONDS = 20.0


class EmailClient(Protocol):
    def send(self, to: str, subject: str, body: str) -> SentMessage:
        """Hand one plain-text email to the mail server. Raises MessageSendError."""
        ...


def _reply_code_error(action: str, code: int) -> MessageSendError:
    # SMTP reply codes: 4xx is a temporary failure, 5xx a permanent one.
    return MessageSendError(
        f"The mail server refused the {action} (SMTP {code})",
        retryable=400 <= code < 500,
        code=str(code),
    )


class SmtpEmailClient:
    """Sends plain-text email with `smtplib`. Each send opens its own
    connection, so building this connects to nothing.

    With `use_starttls`, the connection is upgraded with STARTTLS and the
    server's certificate checked; a server that does not offer STARTTLS is an
    error, never a silent fall back to plain text.
    """

    def __init__(
        self,
        host: str,
        port: int,
        from_address: str,
        username: str | None = None,
        password: str | None = None,
        use_starttls: bool = True,
        timeout: float = SEND_TIMEOUT_SECONDS,
    ) -> None:
        if not host:
            raise ValueError("an SMTP host is needed")
        self.host = host
        self.port = port
        self.from_address = from_address
        self.username = username
        self._password = password
        self.use_starttls = use_starttls
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the password
        return f"SmtpEmailClient(host={self.host!r}, port={self.port!r})"

    def _build(self, to: str, subject: str, body: str) -> tuple[EmailMessage, str]:
        domain = parseaddr(self.from_address)[1].rpartition("@")[2] or "localhost"
        local_id = uuid.uuid4().hex
        message = EmailMessage()
        message["From"] = self.from_address
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = f"<{local_id}@{domain}>"
        message.set_content(body)
        return message, f"{local_id}@{domain}"[:64]

    def send(self, to: str, subject: str, body: str) -> SentMessage:
        try:
            message, provider_id = self._build(to, subject, body)
        except ValueError:  # a line break in a header, for example
            raise MessageSendError(
                "The email could not be built from its address and subject", retryable=False
            ) from None
        try:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except OSError as error:
            raise MessageSendError(
                f"Could not connect to the mail server ({type(error).__name__})", retryable=True
            ) from None
        try:
            self._start_session(connection)
            self._deliver(connection, message)
        finally:
            _close_quietly(connection)
        return SentMessage(provider_id=provider_id, status=MessageStatus.SENT)

    def _start_session(self, connection: smtplib.SMTP) -> None:
        """Greeting, STARTTLS and sign-in. Nothing is sent yet, so every
        failure here can be tried again later."""
        try:
            connection.ehlo()
            if self.use_starttls:
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            if self.username:
                connection.login(self.username, self._password or "")
        except smtplib.SMTPNotSupportedError:
            raise MessageSendError(
                "The mail server does not offer STARTTLS or sign-in", retryable=True
            ) from None
        except smtplib.SMTPAuthenticationError as error:
            raise MessageSendError(
                f"The mail server refused the username or password (SMTP {error.smtp_code})",
                retryable=True,
                code=str(error.smtp_code),
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            raise MessageSendError(
                f"Could not start a session with the mail server ({type(error).__name__})",
                retryable=True,
            ) from None

    def _deliver(self, connection: smtplib.SMTP, message: EmailMessage) -> None:
        try:
            refused = connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            raise _reply_code_error("recipient", max(codes, default=550)) from None
        except smtplib.SMTPSenderRefused as error:
            raise _reply_code_error("sender", error.smtp_code) from None
        except smtplib.SMTPDataError as error:
            raise _reply_code_error("message", error.smtp_code) from None
        except (smtplib.SMTPException, OSError) as error:
            # The connection broke during the exchange: the server may have
            # accepted the message before it went.
            raise MessageSendError(
                f"The connection to the mail server failed while sending "
                f"({type(error).__name__}); the email may have been sent",
                retryable=False,
                outcome_unknown=True,
            ) from None
        if refused:  # only possible with several recipients; we send to one
            codes = [code for code, _text in refused.values()]
            raise _reply_code_error("recipient", max(codes))


def _close_quietly(connection: smtplib.SMTP) -> None:
    # After the message is accepted, a failed goodbye changes nothing.
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


@dataclass(frozen=True)
class OutboxEmail:
    to: str
    subject: str
    body: str
    provider_id: str


class OutboxEmailClient:
    """Sends nothing. The email stays in the outbox table for people to read;
    the last few are also kept here in memory, for tests."""

    def __init__(self, keep: int = 1000) -> None:
        self.sent: deque[OutboxEmail] = deque(maxlen=keep)

    def send(self, to: str, subject: str, body: str) -> SentMessage:
        provider_id = f"outbox-{uuid.uuid4().hex}"
        self.sent.append(OutboxEmail(to, subject, body, provider_id))
        return SentMessage(provider_id=provider_id, status=MessageStatus.SENT)

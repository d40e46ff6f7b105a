"""Text messages: Twilio, or a local outbox that sends nothing."""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from portal.clients.errors import MessageSendError
from portal.clients.sent import SentMessage
from portal.models import MessageStatus

if TYPE_CHECKING:
    from twilio.http import HttpClient

# Long enough for a slow answer, short enough that one stuck call cannot hold
# the worker for minutes.
SEND_TIMEOUT_SECONDS = 20.0


class SmsClient(Protocol):
    def send(
        self, to_e164: str, body: str, *, status_callback_url: str | None = None
    ) -> SentMessage:
        """Hand one text message to the provider. Raises MessageSendError."""
        ...


# Twilio's message statuses (the API's answer and its status callbacks).
# Our "sending" is kept for the worker's own claim on a row, so everything
# the provider has accepted but not yet delivered counts as "sent".
TWILIO_STATUSES: dict[str, MessageStatus] = {
    "queued": MessageStatus.SENT,
    "accepted": MessageStatus.SENT,
    "scheduled": MessageStatus.SENT,
    "sending": MessageStatus.SENT,
    "sent": MessageStatus.SENT,
    "partially_delivered": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.FAILED,
    "receiving": MessageStatus.RECEIVED,
    "received": MessageStatus.RECEIVED,
}


def twilio_status_to_message_status(status: str) -> MessageStatus:
    """Our status for one of Twilio's. Raises ValueError for a status Twilio
    has not documented, so a caller decides rather than guesses."""
    try:
        return TWILIO_STATUSES[status.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown Twilio message status: {status!r}") from None


# Twilio error codes that sending again can never fix.
PERMANENT_TWILIO_ERRORS = {
    21211: "the 'To' number is not a valid phone number",
    21408: "sending to this region is not enabled on the account",
    21610: "the recipient has replied STOP and is unsubscribed",
    21612: "Twilio cannot route to this number",
    21614: "the 'To' number is not a mobile number",
}


# Twilio error codes that say "not now": the message waits and tries again,
# whatever the HTTP status that came with them.
RETRYABLE_TWILIO_ERRORS = {
    20429: "too many requests",
}

# The number has opted out (it replied STOP): the worker records it, so
# nothing else is sent to it (portal.services.messaging.sending).
TWILIO_OPTED_OUT = 21610


def twilio_error(status: int, code: int | None) -> MessageSendError:
    """The MessageSendError for an error answer from the Twilio API."""
    if code in RETRYABLE_TWILIO_ERRORS:
        return MessageSendError(
            f"Twilio answered HTTP {status} (error {code}): {RETRYABLE_TWILIO_ERRORS[code]}",
            retryable=True,
            code=str(code),
        )
    if code in PERMANENT_TWILIO_ERRORS:
        reason = PERMANENT_TWILIO_ERRORS[code]
        return MessageSendError(
            f"Twilio refused the message (error {code}): {reason}",
            retryable=False,
            code=str(code),
        )
    # 5xx: Twilio's own trouble. 429: too many requests. 401 and 403: the
    # account or its credentials, which an operator can fix; the message
    # itself is fine, so it waits and tries again.
    retryable = status >= 500 or status in (401, 403, 429)
    return MessageSendError(
        f"Twilio answered HTTP {status} (error {code})",
        retryable=retryable,
        code=str(code) if code is not None else None,
    )


def _never_reached_twilio(error: Exception) -> bool:
    """Whether a network error happened before the request could be sent:
    no connection was made, so the message was certainly not sent."""
    import requests
    from urllib3.exceptions import ConnectTimeoutError, MaxRetryError

    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    reason = error.args[0] if error.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    # urllib3's NewConnectionError (refused, no route, no DNS answer) is a
    # ConnectTimeoutError too.
    return isinstance(reason, ConnectTimeoutError)


def rebased_http_client(base_url: str, timeout: float = SEND_TIMEOUT_SECONDS) -> HttpClient:
    """A Twilio HTTP client that sends every request to `base_url` instead of
    Twilio's hosts, keeping the path. For a local fake of the API; the Test
    config uses it to point at an address that refuses connections."""
    from twilio.http.http_client import TwilioHttpClient

    base = urlsplit(base_url)

    class RebasedTwilioHttpClient(TwilioHttpClient):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            parts = urlsplit(url)
            url = urlunsplit(
                (base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, "")
            )
            return super().request(method, url, *args, **kwargs)

    return RebasedTwilioHttpClient(timeout=timeout)


class TwilioSmsClient:
    """Sends through Twilio's Messages API with the `twilio` library.

    The library's client is made on the first send, so building this opens no
    connection. `http_client` replaces the library's HTTP client (tests use a
    local fake of the API); by default it is Twilio's own, with a timeout.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        messaging_service_sid: str | None = None,
        from_number: str | None = None,
        http_client: HttpClient | None = None,
        timeout: float = SEND_TIMEOUT_SECONDS,
    ) -> None:
        if not (account_sid and auth_token):
            raise ValueError("a Twilio account SID and auth token are needed")
        if not (messaging_service_sid or from_number):
            raise ValueError("a Twilio Messaging Service SID or a From number is needed")
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.messaging_service_sid = messaging_service_sid
        self.from_number = from_number
        self._http_client = http_client
        self._timeout = timeout
        self._client: Any = None

    def __repr__(self) -> str:  # never show the auth token
        return f"TwilioSmsClient(account_sid={self.account_sid!r})"

    def _twilio(self) -> Any:
        if self._client is None:
            from twilio.http.http_client import TwilioHttpClient
            from twilio.rest import Client

            self._client = Client(
                self.account_sid,
                self._auth_token,
                http_client=self._http_client or TwilioHttpClient(timeout=self._timeout),
            )
        return self._client

    def send(
        self, to_e164: str, body: str, *, status_callback_url: str | None = None
    ) -> SentMessage:
        import requests
        from twilio.base.exceptions import TwilioRestException, TwilioServiceException

        options: dict[str, str] = {"to": to_e164, "body": body}
        # With a Messaging Service, Twilio picks the sender from its pool.
        if self.messaging_service_sid:
            options["messaging_service_sid"] = self.messaging_service_sid
        else:
            options["from_"] = self.from_number or ""
        if status_callback_url:
            options["status_callback"] = status_callback_url
        try:
            created = self._twilio().messages.create(**options)
        except (TwilioRestException, TwilioServiceException) as error:
            raise twilio_error(error.status, error.code) from None
        except requests.exceptions.RequestException as error:
            if _never_reached_twilio(error):
                raise MessageSendError(
                    f"Could not connect to Twilio ({type(error).__name__})", retryable=True
                ) from None
            raise MessageSendError(
                f"The connection to Twilio failed after the request was sent "
                f"({type(error).__name__}); the message may have been sent",
                retryable=False,
                outcome_unknown=True,
            ) from None
        try:
            status = twilio_status_to_message_status(created.status or "")
        except ValueError:
            status = MessageStatus.SENT  # created (HTTP 201) with a status we do not know
        return SentMessage(provider_id=created.sid, status=status)


@dataclass(frozen=True)
class OutboxSms:
    to_e164: str
    body: str
    status_callback_url: str | None
    provider_id: str


class OutboxSmsClient:
    """Sends nothing. The message stays in the outbox table for people to
    read (the outbox page and `flask outbox`); the last few are also kept
    here in memory, for tests."""

    def __init__(self, keep: int = 1000) -> None:
        self.sent: deque[OutboxSms] = deque(maxlen=keep)

    def send(
        self, to_e164: str, body: str, *, status_callback_url: str | None = None
    ) -> SentMessage:
        provider_id = f"outbox-{uuid.uuid4().hex}"
        self.sent.append(OutboxSms(to_e164, body, status_callback_url, provider_id))
        return SentMessage(provider_id=provider_id, status=MessageStatus.SENT)

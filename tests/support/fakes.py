"""Local stand-ins for the services the portal sends messages through: a fake
Twilio API over HTTP, and a real SMTP server (aiosmtpd). Both listen on
127.0.0.1 on a free port and record what they receive, so tests can check the
requests the real `twilio` library and `smtplib` make."""

from __future__ import annotations

import base64
import json
import secrets
import ssl
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as ParsedEmail
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller

ACCOUNT_SID = "AC" + "0" * 30 + "01"
AUTH_TOKEN = "test-auth-token-not-secret"
MESSAGING_SERVICE_SID = "MG" + "0" * 30 + "02"


@dataclass(frozen=True)
class TwilioRequest:
    method: str
    path: str
    form: dict[str, list[str]]
    # (username, password) from HTTP basic auth, if any.
    auth: tuple[str, str] | None
    headers: dict[str, str]

    def field(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None


@dataclass(frozen=True)
class TwilioAnswer:
    status: int
    payload: dict[str, Any] | None = None
    delay: float = 0.0
    # Read the request, then close the connection without answering.
    hang_up: bool = False
    # A body that is not JSON (a proxy's error page), sent instead of `payload`.
    raw: bytes | None = None


@dataclass
class FakeTwilioApi:
    """Answers POST .../Messages.json the way Twilio does: 201 with a new
    "SM..." sid and status "queued", unless told to answer otherwise."""

    requests: list[TwilioRequest] = field(default_factory=list)
    answers: deque[TwilioAnswer] = field(default_factory=deque)
    base_url: str = ""
    # A message whose body holds one of these is answered only after the delay
    # (seconds): a slow answer for one message among many.
    slow_bodies: dict[str, float] = field(default_factory=dict)

    def answer_next(
        self,
        status: int,
        payload: dict[str, Any] | None = None,
        *,
        delay: float = 0.0,
        hang_up: bool = False,
        raw: bytes | None = None,
    ) -> None:
        self.answers.append(TwilioAnswer(status, payload, delay, hang_up, raw))

    def bodies(self) -> list[str]:
        """The Body of each request, in the order they came."""
        return [request.field("Body") or "" for request in list(self.requests)]

    def answer_error(self, status: int, code: int, message: str = "An error") -> None:
        self.answer_next(
            status,
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
        )

    def created_payload(self, form: dict[str, list[str]]) -> dict[str, Any]:
        return {
            "sid": "SM" + secrets.token_hex(16),
            "account_sid": ACCOUNT_SID,
            "messaging_service_sid": form.get("MessagingServiceSid", [None])[0],
            "from": form.get("From", [None])[0],
            "to": form["To"][0],
            "body": form["Body"][0],
            "status": "queued",
            "direction": "outbound-api",
            "num_segments": "1",
            "date_created": "Mon, 23 Nov 2026 10:00:00 +0000",
            "date_updated": "Mon, 23 Nov 2026 10:00:00 +0000",
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
            "price_unit": "USD",
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/SM.json",
            "subresource_uris": {},
        }


def _handler_for(api: FakeTwilioApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # The headers and the body are two writes: without this, the body
        # waits for the client's delayed ACK, some 40 ms for every request.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            form = parse_qs(raw, keep_blank_values=True)
            api.requests.append(
                TwilioRequest(
                    method="POST",
                    path=self.path,
                    form=form,
                    auth=_basic_auth(self.headers.get("Authorization")),
                    headers=dict(self.headers.items()),
                )
            )
            answer = api.answers.popleft() if api.answers else TwilioAnswer(201)
            body = form.get("Body", [""])[0]
            delay = answer.delay + sum(s for part, s in api.slow_bodies.items() if part in body)
            if delay:
                time.sleep(delay)
            if answer.hang_up:
                self.close_connection = True
                self.connection.close()
                return
            payload = answer.payload if answer.payload is not None else api.created_payload(form)
            data = answer.raw if answer.raw is not None else json.dumps(payload).encode()
            content_type = "text/html" if answer.raw is not None else "application/json"
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up waiting
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet

    return Handler


def _basic_auth(header: str | None) -> tuple[str, str] | None:
    if not header or not header.startswith("Basic "):
        return None
    username, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return username, password


@contextmanager
def fake_twilio_api() -> Iterator[FakeTwilioApi]:
    api = FakeTwilioApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(api))
    server.daemon_threads = True
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# SMTP


@dataclass(frozen=True)
class ReceivedEmail:
    mail_from: str
    rcpt_tos: list[str]
    message: ParsedEmail


@dataclass
class RecordingSmtpHandler:
    """aiosmtpd handler: keeps every email, and refuses recipients it is told to."""

    received: list[ReceivedEmail] = field(default_factory=list)
    # recipient address -> SMTP reply, such as "550 5.1.1 No such user"
    refuse: dict[str, str] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(
            ReceivedEmail(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                message=message_from_bytes(envelope.original_content, policy=default_policy),
            )
        )
        return "250 Message accepted for delivery"


class _FreePortController(Controller):
    """aiosmtpd's Controller, listening on a port the system picks."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass(frozen=True)
class LocalSmtpServer:
    host: str
    port: int
    handler: RecordingSmtpHandler


@contextmanager
def local_smtp_server(
    *,
    username: str | None = None,
    password: str | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> Iterator[LocalSmtpServer]:
    """A real SMTP server on 127.0.0.1. With a username and password it
    offers AUTH (over plain text: tests only) and accepts only those. With a
    TLS context it offers STARTTLS."""
    handler = RecordingSmtpHandler()
    options: dict[str, Any] = {"tls_context": tls_context} if tls_context else {}
    if username is not None:

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any):  # type: ignore[no-untyped-def]
            from aiosmtpd.smtp import AuthResult

            given = (auth_data.login.decode(), auth_data.password.decode())
            handler.logins.append(given)
            return AuthResult(success=given == (username, password), handled=False)

        options.update(authenticator=authenticate, auth_require_tls=False)
    controller = _FreePortController(handler, hostname="127.0.0.1", port=0, **options)
    controller.start()
    try:
        yield LocalSmtpServer("127.0.0.1", controller.port, handler)
    finally:
        controller.stop()


def self_signed_tls_context(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a self-signed certificate for 127.0.0.1,
    made with the openssl command. No client trusts it."""
    key, certificate = folder / "key.pem", folder / "certificate.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    return context

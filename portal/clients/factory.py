"""The message clients an app's config asks for, made once per app and kept
in `app.extensions`. Tests may replace them there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from portal.clients.email import EmailClient, OutboxEmailClient, SmtpEmailClient
from portal.clients.sms import OutboxSmsClient, SmsClient, TwilioSmsClient, rebased_http_client

SMS_CLIENT = "sms_client"
EMAIL_CLIENT = "email_client"


def build_sms_client(settings: Mapping[str, Any]) -> SmsClient:
    backend = settings["SMS_BACKEND"]
    if backend == "outbox":
        return OutboxSmsClient()
    if backend == "twilio":
        base_url = settings.get("TWILIO_API_BASE_URL")
        return TwilioSmsClient(
            account_sid=str(settings["TWILIO_ACCOUNT_SID"] or ""),
            auth_token=str(settings["TWILIO_AUTH_TOKEN"] or ""),
            messaging_service_sid=_text(settings["TWILIO_MESSAGING_SERVICE_SID"]),
            from_number=_text(settings["TWILIO_FROM_NUMBER"]),
            http_client=rebased_http_client(str(base_url)) if base_url else None,
        )
    raise ValueError(f"unknown SMS_BACKEND: {backend!r}")


def build_email_client(settings: Mapping[str, Any]) -> EmailClient:
    backend = settings["EMAIL_BACKEND"]
    if backend == "outbox":
        return OutboxEmailClient()
    if backend == "smtp":
        return SmtpEmailClient(
            host=str(settings["SMTP_HOST"] or ""),
            port=int(settings["SMTP_PORT"]),
            from_address=str(settings["EMAIL_FROM"]),
            username=_text(settings["SMTP_USERNAME"]),
            password=_text(settings["SMTP_PASSWORD"]),
            use_starttls=bool(settings["SMTP_STARTTLS"]),
        )
    raise ValueError(f"unknown EMAIL_BACKEND: {backend!r}")


def _text(value: object) -> str | None:
    return str(value) if value else None


def init_message_clients(app: Flask) -> None:
    """Build the configured clients. Nothing connects until a message is sent."""
    app.extensions[SMS_CLIENT] = build_sms_client(app.config)
    app.extensions[EMAIL_CLIENT] = build_email_client(app.config)


def sms_client_for(app: Flask) -> SmsClient:
    client: SmsClient = app.extensions[SMS_CLIENT]
    return client


def email_client_for(app: Flask) -> EmailClient:
    client: EmailClient = app.extensions[EMAIL_CLIENT]
    return client

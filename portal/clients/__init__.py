"""Clients for the services the portal sends messages through.

One small client per service, each with a local outbox version that sends
nothing. Which one an app uses is chosen by config (`portal.clients.factory`).
Nothing here touches the network at import time or when a client is built.
"""

from portal.clients.email import EmailClient, OutboxEmailClient, SmtpEmailClient
from portal.clients.errors import MessageSendError
from portal.clients.sent import SentMessage
from portal.clients.sms import OutboxSmsClient, SmsClient, TwilioSmsClient

__all__ = [
    "EmailClient",
    "MessageSendError",
    "OutboxEmailClient",
    "OutboxSmsClient",
    "SentMessage",
    "SmsClient",
    "SmtpEmailClient",
    "TwilioSmsClient",
]

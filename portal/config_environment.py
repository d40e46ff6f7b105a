"""Which settings the environment may set, and how each is read from text.

Units are part of an environment variable's name, so nobody has to guess them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from portal import secrets_at_rest


def _parse_bool(value: str) -> bool:
    words = {"true": True, "yes": True, "on": True, "1": True}
    words.update({"false": False, "no": False, "off": False, "0": False})
    try:
        return words[value.strip().lower()]
    except KeyError:
        raise ValueError(value) from None


# Environment variables read at app creation: name -> how to turn the text into a value.
ENVIRONMENT_SETTINGS: dict[str, Any] = {
    "SECRET_KEY": str,
    "TOTP_ENCRYPTION_KEYS": secrets_at_rest.parse_keys,
    "DATABASE_URL": str,
    "PUBLIC_BASE_URL": lambda value: value.rstrip("/"),
    "SERVICE_NAME": str,
    "TEAM_PHONE": str.strip,
    "TEAM_EMAIL": str.strip,
    "TEAM_HOURS": str.strip,
    "RATELIMIT_STORAGE_URI": str,
    "SIGN_IN_RATE_LIMIT": str,
    "SIGN_IN_MAX_FAILURES": int,
    "PROXY_COUNT": int,
    "SIGN_IN_LOCKOUT": lambda value: timedelta(minutes=int(value)),
    "STAFF_IDLE_TIMEOUT": lambda value: timedelta(minutes=int(value)),
    "STAFF_ABSOLUTE_TIMEOUT": lambda value: timedelta(hours=int(value)),
    "FAMILY_IDLE_TIMEOUT": lambda value: timedelta(minutes=int(value)),
    "FAMILY_ABSOLUTE_TIMEOUT": lambda value: timedelta(hours=int(value)),
    "EXIT_PAGE_URL": str.strip,
    "SMS_BACKEND": lambda value: value.strip().lower(),
    "TWILIO_ACCOUNT_SID": str,
    "TWILIO_AUTH_TOKEN": str,
    "TWILIO_MESSAGING_SERVICE_SID": str,
    "TWILIO_FROM_NUMBER": str,
    "EMAIL_BACKEND": lambda value: value.strip().lower(),
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USERNAME": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": _parse_bool,
    "EMAIL_FROM": str,
    "MESSAGE_MAX_ATTEMPTS": int,
    "QUIET_HOURS": lambda value: tuple(part.strip() for part in value.split("-", 1)),
    "MEETING_REMINDER_DAYS": lambda value: tuple(int(day) for day in value.split(",")),
    "SMS_CONVERSATION_LIFETIME": lambda value: timedelta(days=int(value)),
    "FEEDBACK_REQUEST_EVERY_DAYS": int,
    "FEEDBACK_AFTER_MEETING_HOURS": int,
    "FEEDBACK_REQUEST_LIFETIME_DAYS": int,
    "URGENT_ESCALATION_WORKING_HOURS": int,
    "ACCESS_LINK_INVITATION_LIFETIME": lambda value: timedelta(hours=int(value)),
    "ACCESS_LINK_REQUEST_LIFETIME": lambda value: timedelta(minutes=int(value)),
    "IDENTITY_CHECK_TIME_LIMIT": lambda value: timedelta(minutes=int(value)),
    "IDENTITY_CHECK_MAX_FAILURES": int,
    "LINK_REQUEST_RATE_LIMIT_PER_RECIPIENT": str,
    "LINK_REQUEST_RATE_LIMIT_PER_ADDRESS": str,
    "LINK_USE_RATE_LIMIT": str,
    "IDENTITY_CHECK_RATE_LIMIT": str,
    "OWN_PORTAL_ACCESS_MINIMUM_AGE": int,
    "REFUSED_ACCESS_WINDOW": lambda value: timedelta(days=int(value)),
    "REFUSED_ACCESS_ALERT_COUNT": int,
    "REFUSED_ACCESS_ALERT_WINDOW": lambda value: timedelta(hours=int(value)),
}
# Units are part of the environment variable's name so nobody has to guess them.
ENVIRONMENT_NAMES = {
    "SIGN_IN_LOCKOUT": "SIGN_IN_LOCKOUT_MINUTES",
    "STAFF_IDLE_TIMEOUT": "STAFF_IDLE_TIMEOUT_MINUTES",
    "STAFF_ABSOLUTE_TIMEOUT": "STAFF_ABSOLUTE_TIMEOUT_HOURS",
    "ACCESS_LINK_INVITATION_LIFETIME": "ACCESS_LINK_INVITATION_LIFETIME_HOURS",
    "ACCESS_LINK_REQUEST_LIFETIME": "ACCESS_LINK_REQUEST_LIFETIME_MINUTES",
    "IDENTITY_CHECK_TIME_LIMIT": "IDENTITY_CHECK_TIME_LIMIT_MINUTES",
    "FAMILY_IDLE_TIMEOUT": "FAMILY_IDLE_TIMEOUT_MINUTES",
    "FAMILY_ABSOLUTE_TIMEOUT": "FAMILY_ABSOLUTE_TIMEOUT_HOURS",
    "REFUSED_ACCESS_WINDOW": "REFUSED_ACCESS_WINDOW_DAYS",
    "REFUSED_ACCESS_ALERT_WINDOW": "REFUSED_ACCESS_ALERT_WINDOW_HOURS",
    "SMS_CONVERSATION_LIFETIME": "SMS_CONVERSATION_LIFETIME_DAYS",
}

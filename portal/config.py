"""Configuration classes, chosen by the PORTAL_CONFIG environment variable.

Class attributes hold defaults. `load_config` reads the environment when the app
is created (never at import time), so settings and secrets come only from there.
Production refuses to start without its secrets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from portal import secrets_at_rest
from portal.config_environment import ENVIRONMENT_NAMES, ENVIRONMENT_SETTINGS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class ConfigurationError(RuntimeError):
    """Raised when the app is started with configuration it must not run with."""


# A reserved domain: fine for outbox messages, refused by real mail servers.
DEFAULT_EMAIL_FROM = "no-reply@example.org"
# Signs simulated Twilio webhooks in development (`simulate-sms`); public, so never
# used where SMS_BACKEND=twilio (that needs the account's own TWILIO_AUTH_TOKEN).
DEVELOPMENT_TWILIO_AUTH_TOKEN = "development-twilio-auth-token-not-secret"  # noqa: S105


class Config:
    # Whether settings in the environment override these defaults. Tests must
    # not change with whatever happens to be exported in a developer's shell.
    READS_ENVIRONMENT = True
    SERVICE_NAME = "Keyworker Family Portal"
    SECRET_KEY: str | None = None
    # Fernet keys for secrets kept encrypted in the database (the staff
    # authenticator keys), newest first: portal.secrets_at_rest.
    TOTP_ENCRYPTION_KEYS: tuple[str, ...] = ()
    DATABASE_URL: str | None = None
    PUBLIC_BASE_URL: str | None = None
    # Development only: where links point when PUBLIC_BASE_URL is not set.
    LOCAL_BASE_URL: str | None = None

    # Sessions are rows in the database; the cookie only carries a random id.
    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    STAFF_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    FAMILY_IDLE_TIMEOUT = timedelta(minutes=30)
    FAMILY_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    # How long before the idle timeout the "stay signed in" warning shows.
    IDLE_WARNING_BEFORE = timedelta(minutes=2)
    # Sessions of people who have not signed in (they hold only a CSRF token).
    ANONYMOUS_SESSION_LIFETIME = timedelta(hours=2)
    # "Exit this page" sends families here: a neutral site that gives nothing
    # away on a shared phone. The portal never requests it; the browser goes there.
    EXIT_PAGE_URL = "https://www.bbc.co.uk/weather"
    # How families reach the keyworker team, shown on "My plan" and "Help"
    # when set: a phone number, an email address, and when someone answers
    # in easy-read words ("Monday to Friday, 9 in the morning to 5 in the
    # afternoon").
    TEAM_PHONE: str | None = None
    TEAM_EMAIL: str | None = None
    TEAM_HOURS: str | None = None

    # Staff sign-in protection.
    SIGN_IN_MAX_FAILURES = 5
    SIGN_IN_LOCKOUT = timedelta(minutes=15)
    SIGN_IN_RATE_LIMIT = "20 per minute;100 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # How many proxies in front of the app append to X-Forwarded-For (0 = trust none).
    PROXY_COUNT = 0

    # Family sign-in links (portal.services.access.links); docs/security.md
    # explains the lifetimes. A link staff send waits in a phone for days; a
    # link the family asks for is used at once.
    ACCESS_LINK_INVITATION_LIFETIME = timedelta(hours=72)
    ACCESS_LINK_REQUEST_LIFETIME = timedelta(minutes=15)
    # After using a link, how long the family has to give the date of birth.
    IDENTITY_CHECK_TIME_LIMIT = timedelta(minutes=30)
    # Wrong dates of birth in a row that lock sign-in until staff invite again.
    IDENTITY_CHECK_MAX_FAILURES = 5
    # Asking for a link at /sign-in: per mobile number or email address (whatever
    # the client address), and per client address.
    LINK_REQUEST_RATE_LIMIT_PER_RECIPIENT = "3 per 15 minutes;10 per day"
    LINK_REQUEST_RATE_LIMIT_PER_ADDRESS = "20 per hour"
    # Pressing "Continue" on a link, and answering the date of birth question,
    # per client address.
    LINK_USE_RATE_LIMIT = "10 per minute;30 per hour"
    IDENTITY_CHECK_RATE_LIMIT = "20 per minute;100 per hour"
    # The administrators' page of refused access covers this window, and marks
    # anyone refused at least the alert count within the alert window.
    REFUSED_ACCESS_WINDOW = timedelta(days=7)
    REFUSED_ACCESS_ALERT_COUNT = 5
    REFUSED_ACCESS_ALERT_WINDOW = timedelta(hours=24)
    PASSWORD_HASH_FAST = False

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session

    # Request sizes (docs/security.md, "Request size limits"; the reverse proxy
    # must match, see docs/operations.md). The largest form is "Tell us what you
    # think": a 2,000-character comment and 4 small fields. Written in 4-byte
    # characters (emoji), URL-encoded at 12 bytes each, it is 24,227 bytes; the
    # views before a meeting come next at 24,184. 64 KiB leaves 2.7 times that.
    MAX_CONTENT_LENGTH = 64 * 1024
    # Multipart bodies only (portal/request_limits.py): the largest field is
    # 2,000 characters, at most 8,000 bytes in UTF-8; the form with the most
    # fields ("Things that help me at the meeting") has 13. Werkzeug also holds
    # each chunk it reads (up to 64 KiB) to this limit, so a multipart body
    # over 16 KiB is refused whole.
    MAX_FORM_MEMORY_SIZE = 16 * 1024
    MAX_FORM_PARTS = 50

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    SUPPORTED_LANGUAGES: tuple[str, ...] = ("en",)

    HSTS_ENABLED = False
    # The age from which a young person may see their own portal
    # (portal.services.access.family_rules).
    OWN_PORTAL_ACCESS_MINIMUM_AGE = 11
    # Whether `flask seed-demo` may add the fictional demo accounts.
    DEMO_DATA_ALLOWED = False
    # Undefined template variables raise instead of rendering as empty text.
    TEMPLATES_STRICT = False

    # Text messages and emails (portal/clients). "outbox" keeps each message in
    # the database and sends nothing: the default for development, the demo and
    # tests. "twilio" and "smtp" really send.
    SMS_BACKEND = "outbox"
    TWILIO_ACCOUNT_SID: str | None = None
    TWILIO_AUTH_TOKEN: str | None = None
    # Either a Messaging Service (Twilio picks the sender) or a From number.
    TWILIO_MESSAGING_SERVICE_SID: str | None = None
    TWILIO_FROM_NUMBER: str | None = None
    # Where the Twilio API is, when not at Twilio (tests only; not read from the environment).
    TWILIO_API_BASE_URL: str | None = None
    EMAIL_BACKEND = "outbox"
    SMTP_HOST: str | None = None
    SMTP_PORT = 587
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = True
    EMAIL_FROM = DEFAULT_EMAIL_FROM
    # Tries at sending one message before it is marked failed.
    MESSAGE_MAX_ATTEMPTS = 5
    # Automatic messages (reminders, feedback requests) wait from the first
    # time to the second, London time (portal.services.messaging.to_families).
    QUIET_HOURS = ("20:00", "08:00")
    # Days before a meeting that each contact is reminded, once per day listed.
    MEETING_REMINDER_DAYS = (7, 1)
    # Feedback requests (portal.services.feedback.schedule): about keyworker
    # support every so many days per contact, about a held meeting so many
    # hours after it was marked held; a request can be answered for so many days.
    FEEDBACK_REQUEST_EVERY_DAYS = 91
    FEEDBACK_AFTER_MEETING_HOURS = 24
    FEEDBACK_REQUEST_LIFETIME_DAYS = 14
    # How long a question sent by text can still be answered by a reply.
    SMS_CONVERSATION_LIFETIME = timedelta(days=14)
    # Working hours (Monday to Friday, 9 to 5, London) an urgent item may wait
    # for someone to acknowledge it before every manager of the team is told.
    URGENT_ESCALATION_WORKING_HOURS = 4
    # The administrators' page that shows what would have been sent. Never in
    # production: message bodies hold links that sign a family in.
    OUTBOX_PAGE_ENABLED = False

    @staticmethod
    def validate(config: Mapping[str, Any]) -> None:
        """Raise ConfigurationError when the app must not start with this config."""
        _validate_messaging(config)
        _validate_exit_page_url(config, https_only=False)
        _validate_team_contact(config)
        _validate_access_links(config)
        _validate_keys(config)


class Development(Config):
    DEMO_DATA_ALLOWED = True
    # Fictional: Ofcom's drama range and example.org.
    TEAM_PHONE = "07700 900999"
    TEAM_EMAIL = "keyworker.team@example.org"
    TEAM_HOURS = "Monday to Friday, 9 in the morning to 5 in the afternoon"
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 (public, for local use only)
    TOTP_ENCRYPTION_KEYS = (secrets_at_rest.DEVELOPMENT_ONLY_KEY,)
    # Unless PUBLIC_BASE_URL is set, links point at the port the development
    # server runs on (`make demo PORT=8080` sets FLASK_RUN_PORT).
    LOCAL_BASE_URL = "http://127.0.0.1:{port}"
    TEMPLATES_AUTO_RELOAD = True
    TEMPLATES_STRICT = True
    OUTBOX_PAGE_ENABLED = True
    # Signs and checks simulated Twilio webhooks (`flask --app portal
    # simulate-sms`) when TWILIO_AUTH_TOKEN is not set. Public: development only.
    TWILIO_AUTH_TOKEN = DEVELOPMENT_TWILIO_AUTH_TOKEN


class Test(Config):
    READS_ENVIRONMENT = False
    TEAM_PHONE = Development.TEAM_PHONE
    TEAM_EMAIL = Development.TEAM_EMAIL
    TEAM_HOURS = Development.TEAM_HOURS
    TESTING = True
    SECRET_KEY = "test-only-not-secret"  # noqa: S105 (public, for tests only)
    TOTP_ENCRYPTION_KEYS = (secrets_at_rest.TEST_ONLY_KEY,)
    PUBLIC_BASE_URL = "http://portal.test"
    SERVER_NAME = None
    TEMPLATES_STRICT = True
    # Cheaper argon2 parameters keep the suite quick; the algorithm is the same.
    PASSWORD_HASH_FAST = True
    TWILIO_AUTH_TOKEN = "test-twilio-auth-token-not-secret"  # noqa: S105 (public, tests only)
    # Any outbound host a test forgets to fake fails loudly.
    TWILIO_API_BASE_URL = "http://127.0.0.1:9/you-forgot-to-fake-twilio"
    SMTP_HOST = "127.0.0.1"
    SMTP_PORT = 9
    # Browser tests that press "Exit this page" point this at the test server.
    EXIT_PAGE_URL = "http://127.0.0.1:9/you-forgot-to-set-exit-page-url"
    OUTBOX_PAGE_ENABLED = True


class Production(Config):
    SESSION_COOKIE_SECURE = True
    # __Host- cookies must be Secure, have Path=/ and no Domain: they cannot be
    # set or overwritten by a sibling subdomain.
    SESSION_COOKIE_NAME = "__Host-portal_session"
    HSTS_ENABLED = True
    PREFERRED_URL_SCHEME = "https"

    @staticmethod
    def validate(config: Mapping[str, Any]) -> None:
        _validate_messaging(config)
        _validate_exit_page_url(config, https_only=True)
        _validate_team_contact(config)
        _validate_access_links(config)
        if config["EMAIL_BACKEND"] == "smtp" and config["EMAIL_FROM"] == DEFAULT_EMAIL_FROM:
            raise ConfigurationError(
                "EMAIL_BACKEND=smtp needs EMAIL_FROM, the address mail comes from"
            )
        # The outbox sends nothing: in production a family would never get
        # their link, while the worker reported it as sent.
        if config["SMS_BACKEND"] == "outbox" or config["EMAIL_BACKEND"] == "outbox":
            raise ConfigurationError(
                "Production sends real messages: set SMS_BACKEND=twilio and EMAIL_BACKEND=smtp"
            )
        required = ("SECRET_KEY", "TOTP_ENCRYPTION_KEYS", "DATABASE_URL", "PUBLIC_BASE_URL")
        missing = [name for name in required if not config[name]]
        if missing:
            raise ConfigurationError(
                "Production needs these environment variables: " + ", ".join(missing)
            )
        if len(config["SECRET_KEY"]) < 32:
            raise ConfigurationError("SECRET_KEY must be at least 32 characters long")
        if not config["PUBLIC_BASE_URL"].startswith("https://"):
            raise ConfigurationError("PUBLIC_BASE_URL must start with https:// in production")
        _validate_keys(config, published_refused=True)


def _validate_messaging(config: Mapping[str, Any]) -> None:
    if config["SMS_BACKEND"] not in ("outbox", "twilio"):
        raise ConfigurationError("SMS_BACKEND must be outbox or twilio")
    if config["EMAIL_BACKEND"] not in ("outbox", "smtp"):
        raise ConfigurationError("EMAIL_BACKEND must be outbox or smtp")
    if config["SMS_BACKEND"] == "twilio":
        missing = [name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not config[name]]
        if not (config["TWILIO_MESSAGING_SERVICE_SID"] or config["TWILIO_FROM_NUMBER"]):
            missing.append("TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER")
        if missing:
            raise ConfigurationError("SMS_BACKEND=twilio needs " + ", ".join(missing))
        if config["TWILIO_AUTH_TOKEN"] == DEVELOPMENT_TWILIO_AUTH_TOKEN:
            raise ConfigurationError(
                "SMS_BACKEND=twilio needs the account's own TWILIO_AUTH_TOKEN,"
                " not the development one"
            )
    if config["EMAIL_BACKEND"] == "smtp" and not config["SMTP_HOST"]:
        raise ConfigurationError("EMAIL_BACKEND=smtp needs SMTP_HOST")
    if config["MESSAGE_MAX_ATTEMPTS"] < 1:
        raise ConfigurationError("MESSAGE_MAX_ATTEMPTS must be 1 or more")


def _validate_exit_page_url(config: Mapping[str, Any], *, https_only: bool) -> None:
    url = config["EXIT_PAGE_URL"]
    schemes = ("https://",) if https_only else ("https://", "http://")
    if not url.startswith(schemes) or len(url) <= len("https://"):
        raise ConfigurationError(
            "EXIT_PAGE_URL must be a whole web address starting with " + " or ".join(schemes)
        )


_TEAM_PHONE = re.compile(r"\+?[0-9][0-9 ]{5,19}")
_TEAM_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _validate_team_contact(config: Mapping[str, Any]) -> None:
    phone, email = config.get("TEAM_PHONE"), config.get("TEAM_EMAIL")
    if phone and not _TEAM_PHONE.fullmatch(phone):
        raise ConfigurationError("TEAM_PHONE must be a phone number: digits and spaces only")
    if email and not _TEAM_EMAIL.fullmatch(email):
        raise ConfigurationError("TEAM_EMAIL must be an email address")


def _validate_access_links(config: Mapping[str, Any]) -> None:
    for name in (
        "ACCESS_LINK_INVITATION_LIFETIME",
        "ACCESS_LINK_REQUEST_LIFETIME",
        "IDENTITY_CHECK_TIME_LIMIT",
        "REFUSED_ACCESS_WINDOW",
        "REFUSED_ACCESS_ALERT_WINDOW",
    ):
        if config[name] <= timedelta(0):
            raise ConfigurationError(f"{ENVIRONMENT_NAMES[name]} must be more than 0")
    for name in ("IDENTITY_CHECK_MAX_FAILURES", "REFUSED_ACCESS_ALERT_COUNT"):
        if config[name] < 1:
            raise ConfigurationError(f"{name} must be 1 or more")


def _validate_keys(config: Mapping[str, Any], *, published_refused: bool = False) -> None:
    try:
        secrets_at_rest.check_keys(
            config["TOTP_ENCRYPTION_KEYS"], published_refused=published_refused
        )
    except secrets_at_rest.KeyRingError as problem:
        raise ConfigurationError(f"TOTP_ENCRYPTION_KEYS: {problem}") from None


CONFIGS: dict[str, type[Config]] = {
    "development": Development,
    "test": Test,
    "production": Production,
}


def config_class_from_environment(environ: Mapping[str, str] = os.environ) -> type[Config]:
    name = environ.get("PORTAL_CONFIG", "development").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigurationError(
            f"PORTAL_CONFIG must be one of {', '.join(CONFIGS)}; got {name!r}"
        ) from None


def load_config(
    config_class: type[Config], environ: Mapping[str, str] = os.environ
) -> dict[str, Any]:
    """The settings of `config_class`, overlaid with the environment, validated."""
    settings = {key: getattr(config_class, key) for key in dir(config_class) if key.isupper()}
    for key, parse in ENVIRONMENT_SETTINGS.items() if config_class.READS_ENVIRONMENT else ():
        raw = environ.get(ENVIRONMENT_NAMES.get(key, key))
        if raw:
            try:
                settings[key] = parse(raw)
            except ValueError:
                raise ConfigurationError(
                    f"{ENVIRONMENT_NAMES.get(key, key)} has a value that is not valid"
                ) from None
    if not settings["PUBLIC_BASE_URL"] and settings["LOCAL_BASE_URL"]:
        settings["PUBLIC_BASE_URL"] = settings["LOCAL_BASE_URL"].format(port=_local_port(environ))
    config_class.validate(settings)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"
    return settings


def _local_port(environ: Mapping[str, str]) -> int:
    """The development server's port: FLASK_RUN_PORT, as `flask run` reads it."""
    raw = environ.get("FLASK_RUN_PORT") or "5000"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigurationError("FLASK_RUN_PORT has a value that is not valid")
    return int(raw)

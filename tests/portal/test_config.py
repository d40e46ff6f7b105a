"""Configuration comes from the environment; production refuses to start unsafe."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal import create_app
from portal.config import (
    ConfigurationError,
    Development,
    Production,
    Test,
    config_class_from_environment,
    load_config,
)
from portal.secrets_at_rest import new_key

REQUIRED_IN_PRODUCTION = {
    "SECRET_KEY": "x" * 40,
    "TOTP_ENCRYPTION_KEYS": new_key(),
    "DATABASE_URL": "sqlite://",
    "PUBLIC_BASE_URL": "https://portal.example.org",
}
# Real message providers (nothing is contacted: clients connect on first send).
PRODUCTION_MESSAGING = {
    "SMS_BACKEND": "twilio",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "t" * 32,
    "TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32,
    "EMAIL_BACKEND": "smtp",
    "SMTP_HOST": "smtp.example.org",
    "EMAIL_FROM": "keyworkers@example.org",
}
PRODUCTION_ENVIRONMENT = {**REQUIRED_IN_PRODUCTION, **PRODUCTION_MESSAGING}


@pytest.mark.parametrize("missing", sorted(REQUIRED_IN_PRODUCTION))
def test_production_refuses_to_start_without_its_secrets(missing: str) -> None:
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != missing}
    with pytest.raises(ConfigurationError, match=missing):
        load_config(Production, environment)


def test_production_refuses_a_short_secret_key() -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config(Production, {**PRODUCTION_ENVIRONMENT, "SECRET_KEY": "short"})


def test_production_refuses_a_public_address_without_https() -> None:
    environment = {**PRODUCTION_ENVIRONMENT, "PUBLIC_BASE_URL": "http://portal.example.org"}
    with pytest.raises(ConfigurationError, match="https"):
        load_config(Production, environment)


def test_production_cookies_are_secure() -> None:
    settings = load_config(Production, PRODUCTION_ENVIRONMENT)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["HSTS_ENABLED"] is True


def test_environment_overrides_defaults_with_units_in_the_names() -> None:
    settings = load_config(
        Development,
        {
            "STAFF_IDLE_TIMEOUT_MINUTES": "10",
            "STAFF_ABSOLUTE_TIMEOUT_HOURS": "8",
            "PROXY_COUNT": "1",
        },
    )
    assert settings["STAFF_IDLE_TIMEOUT"] == timedelta(minutes=10)
    assert settings["STAFF_ABSOLUTE_TIMEOUT"] == timedelta(hours=8)
    assert settings["PROXY_COUNT"] == 1


def test_a_number_setting_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="PROXY_COUNT"):
        load_config(Development, {"PROXY_COUNT": "two"})


def test_the_config_is_chosen_by_portal_config() -> None:
    assert config_class_from_environment({}) is Development
    assert config_class_from_environment({"PORTAL_CONFIG": "production"}) is Production
    with pytest.raises(ConfigurationError):
        config_class_from_environment({"PORTAL_CONFIG": "staging"})


def test_without_database_url_development_uses_sqlite_in_instance() -> None:
    settings = load_config(Development, {})
    assert settings["DATABASE_URL"].startswith("sqlite:///")
    assert settings["DATABASE_URL"].endswith("instance/portal.sqlite3")


def test_development_links_point_at_the_port_the_server_runs_on() -> None:
    assert load_config(Development, {})["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    on_8080 = load_config(Development, {"FLASK_RUN_PORT": "8080"})
    assert on_8080["PUBLIC_BASE_URL"] == "http://127.0.0.1:8080"


def test_a_public_base_url_that_is_set_wins_over_the_port() -> None:
    settings = load_config(
        Development, {"FLASK_RUN_PORT": "8080", "PUBLIC_BASE_URL": "http://demo.example.org/"}
    )
    assert settings["PUBLIC_BASE_URL"] == "http://demo.example.org"


@pytest.mark.parametrize("port", ["eighty", "0", "70000", "-1"])
def test_a_port_that_cannot_work_is_refused(port: str) -> None:
    with pytest.raises(ConfigurationError, match="FLASK_RUN_PORT"):
        load_config(Development, {"FLASK_RUN_PORT": port})


def test_only_development_derives_links_from_the_port() -> None:
    assert load_config(Test, {"FLASK_RUN_PORT": "8080"})["PUBLIC_BASE_URL"] == "http://portal.test"
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        load_config(
            Production, {**PRODUCTION_ENVIRONMENT, "PUBLIC_BASE_URL": "", "FLASK_RUN_PORT": "8080"}
        )


def test_create_app_in_production_with_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in PRODUCTION_ENVIRONMENT.items():
        monkeypatch.setenv(key, value)
    app = create_app(Production)
    assert app.config["PUBLIC_BASE_URL"] == "https://portal.example.org"
    assert not app.debug


def test_tests_ignore_settings_exported_in_the_shell() -> None:
    settings = load_config(Test, {"STAFF_IDLE_TIMEOUT_MINUTES": "1", "SIGN_IN_MAX_FAILURES": "1"})
    assert settings["STAFF_IDLE_TIMEOUT"] == timedelta(minutes=30)
    assert settings["SIGN_IN_MAX_FAILURES"] == 5


def test_messages_stay_in_the_outbox_unless_a_real_backend_is_chosen() -> None:
    settings = load_config(Development, {})
    assert settings["SMS_BACKEND"] == "outbox"
    assert settings["EMAIL_BACKEND"] == "outbox"
    assert settings["MESSAGE_MAX_ATTEMPTS"] == 5


def test_message_settings_come_from_the_environment() -> None:
    settings = load_config(
        Development,
        {
            "SMS_BACKEND": "Twilio",
            "TWILIO_ACCOUNT_SID": "AC123",
            "TWILIO_AUTH_TOKEN": "token",
            "TWILIO_FROM_NUMBER": "+447700900999",
            "EMAIL_BACKEND": "smtp",
            "SMTP_HOST": "mail.example.org",
            "SMTP_PORT": "2525",
            "SMTP_STARTTLS": "false",
            "EMAIL_FROM": "portal@nhs.example",
            "MESSAGE_MAX_ATTEMPTS": "3",
        },
    )
    assert settings["SMS_BACKEND"] == "twilio"
    assert settings["SMTP_PORT"] == 2525
    assert settings["SMTP_STARTTLS"] is False
    assert settings["MESSAGE_MAX_ATTEMPTS"] == 3


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"SMS_BACKEND": "pigeon"}, "SMS_BACKEND must be"),
        ({"EMAIL_BACKEND": "fax"}, "EMAIL_BACKEND must be"),
        ({"SMS_BACKEND": "twilio"}, "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN"),
        (
            {"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
            "TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER",
        ),
        ({"EMAIL_BACKEND": "smtp"}, "SMTP_HOST"),
        ({"EMAIL_BACKEND": "smtp", "SMTP_HOST": "mail.example.org"}, "EMAIL_FROM"),
        ({"SMTP_STARTTLS": "perhaps"}, "SMTP_STARTTLS"),
        ({"MESSAGE_MAX_ATTEMPTS": "0"}, "MESSAGE_MAX_ATTEMPTS"),
    ],
)
def test_production_refuses_incomplete_message_settings(
    environment: dict[str, str], complaint: str
) -> None:
    with pytest.raises(ConfigurationError, match=complaint):
        load_config(Production, {**REQUIRED_IN_PRODUCTION, **environment})


def test_the_outbox_page_is_never_on_in_production() -> None:
    assert load_config(Development, {})["OUTBOX_PAGE_ENABLED"] is True
    assert load_config(Test, {})["OUTBOX_PAGE_ENABLED"] is True
    production = load_config(Production, {**PRODUCTION_ENVIRONMENT, "OUTBOX_PAGE_ENABLED": "1"})
    assert production["OUTBOX_PAGE_ENABLED"] is False


@pytest.mark.parametrize("backend", ["SMS_BACKEND", "EMAIL_BACKEND"])
def test_production_refuses_the_outbox_that_sends_nothing(backend: str) -> None:
    with pytest.raises(ConfigurationError, match="Production sends real messages"):
        load_config(Production, {**PRODUCTION_ENVIRONMENT, backend: "outbox"})


def test_the_team_contact_details_come_from_the_environment() -> None:
    settings = load_config(
        Production,
        {
            **PRODUCTION_ENVIRONMENT,
            "TEAM_PHONE": " 07700 900999 ",
            "TEAM_EMAIL": "team@example.org",
            "TEAM_HOURS": "Monday to Friday, 9 in the morning to 5 in the afternoon",
        },
    )
    assert settings["TEAM_PHONE"] == "07700 900999"
    assert settings["TEAM_EMAIL"] == "team@example.org"


@pytest.mark.parametrize(
    ("name", "value"),
    [("TEAM_PHONE", "call us"), ("TEAM_PHONE", "0"), ("TEAM_EMAIL", "not an address")],
)
def test_team_contact_details_that_cannot_work_are_refused(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        load_config(Production, {**PRODUCTION_ENVIRONMENT, name: value})


def test_the_refused_access_page_settings_come_from_the_environment() -> None:
    defaults = load_config(Development, {})
    assert defaults["REFUSED_ACCESS_WINDOW"] == timedelta(days=7)
    assert defaults["REFUSED_ACCESS_ALERT_COUNT"] == 5
    assert defaults["REFUSED_ACCESS_ALERT_WINDOW"] == timedelta(hours=24)
    settings = load_config(
        Development,
        {
            "REFUSED_ACCESS_WINDOW_DAYS": "30",
            "REFUSED_ACCESS_ALERT_COUNT": "10",
            "REFUSED_ACCESS_ALERT_WINDOW_HOURS": "2",
        },
    )
    assert settings["REFUSED_ACCESS_WINDOW"] == timedelta(days=30)
    assert settings["REFUSED_ACCESS_ALERT_COUNT"] == 10
    assert settings["REFUSED_ACCESS_ALERT_WINDOW"] == timedelta(hours=2)


@pytest.mark.parametrize(
    "name",
    [
        "REFUSED_ACCESS_WINDOW_DAYS",
        "REFUSED_ACCESS_ALERT_COUNT",
        "REFUSED_ACCESS_ALERT_WINDOW_HOURS",
    ],
)
def test_refused_access_settings_of_zero_are_refused(name: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        load_config(Development, {name: "0"})

"""The portal as production runs it, for the load and scale-out benchmarks.

`gunicorn 'bench.served_app:portal_app()'` serves the portal with the
Production settings, read from the environment as in a real deployment, and
message backends that stay on this machine: Twilio's API at
BENCH_TWILIO_API_BASE_URL (a local fake, or a closed port when nothing should
be sent) and an SMTP server on 127.0.0.1. `hello_app()` is a bare Flask "hello
world", the yardstick every figure is divided by.

The environment a benchmark gives these processes comes from `production_environment`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping

from flask import Flask

# Fictional, for benchmarks on this machine only.
BENCH_TWILIO_AUTH_TOKEN = "bench-twilio-auth-token-not-secret"  # noqa: S105
BENCH_PUBLIC_BASE_URL = "https://portal.bench.example.org"
CLOSED_PORT_URL = "http://127.0.0.1:9/nothing-is-sent-from-a-benchmark"


def production_environment(
    database_url: str,
    *,
    totp_key: str,
    redis_url: str | None = None,
    twilio_api_base_url: str = CLOSED_PORT_URL,
) -> dict[str, str]:
    """The environment of a production deployment on this machine."""
    environment = {
        "PORTAL_CONFIG": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "TOTP_ENCRYPTION_KEYS": totp_key,
        "PUBLIC_BASE_URL": BENCH_PUBLIC_BASE_URL,
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": BENCH_TWILIO_AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": "+447700900999",
        "EMAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": "9",
        "EMAIL_FROM": "keyworker.team@example.org",
        "TEAM_PHONE": "07700 900999",
        "TEAM_EMAIL": "keyworker.team@example.org",
        "BENCH_TWILIO_API_BASE_URL": twilio_api_base_url,
    }
    if redis_url:
        environment["RATELIMIT_STORAGE_URI"] = redis_url
    return environment


def portal_app(environ: Mapping[str, str] = os.environ) -> Flask:
    from portal import create_app
    from portal.config import Production

    return create_app(
        Production,
        overrides={
            "TWILIO_API_BASE_URL": environ.get("BENCH_TWILIO_API_BASE_URL", CLOSED_PORT_URL)
        },
    )


def hello_app() -> Flask:
    app = Flask("hello")

    @app.get("/")
    def hello() -> str:
        return "Hello, world!"

    return app

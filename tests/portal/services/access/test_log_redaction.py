"""Link secrets never reach the logs: the filter on the loggers that print
request paths replaces them."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from portal.services.access.log_redaction import LinkTokenFilter, redact_link_tokens


def test_redaction_takes_the_secret_out_of_a_path() -> None:
    assert (
        redact_link_tokens('"GET /l/Ab-c_123 HTTP/1.1" 200') == '"GET /l/[redacted] HTTP/1.1" 200'
    )
    assert redact_link_tokens("POST /l/Ab-c_123?x=1") == "POST /l/[redacted]?x=1"
    assert redact_link_tokens("GET /sign-in HTTP/1.1") == "GET /sign-in HTTP/1.1"


def test_the_filter_redacts_gunicorn_access_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    # gunicorn logs each request as its access_log_format filled from a dict of
    # "atoms"; the default format prints the request line and the Referer.
    from gunicorn.config import Config as GunicornConfig

    logger = logging.getLogger("test.gunicorn.access")
    logger.addFilter(LinkTokenFilter())
    atoms = {
        "h": "203.0.113.9",
        "l": "-",
        "u": "-",
        "t": "[23/Nov/2026:10:00:00 +0000]",
        "r": "GET /l/SecretSecretSecret_1 HTTP/1.1",
        "s": "200",
        "b": "1234",
        "f": "https://portal.example.org/l/SecretSecretSecret_1",
        "a": "Mozilla/5.0",
    }
    with caplog.at_level(logging.INFO, logger="test.gunicorn.access"):
        logger.info(GunicornConfig().access_log_format, atoms)
    assert "SecretSecretSecret_1" not in caplog.text
    assert caplog.text.count("/l/[redacted]") == 2


def test_the_app_installs_the_filter_on_the_request_loggers(app: Flask) -> None:
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "portal"):
        filters = logging.getLogger(name).filters
        assert sum(isinstance(item, LinkTokenFilter) for item in filters) == 1, name

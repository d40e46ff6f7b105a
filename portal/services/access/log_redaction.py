"""Keeping link secrets out of logs. Werkzeug's and gunicorn's request logs
print the path, and the path of a sign-in link is its secret."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from portal.services.access.links import LINK_PATH

__all__ = [
    "LOGGERS_THAT_PRINT_PATHS",
    "REDACTED",
    "LinkTokenFilter",
    "install_link_token_filter",
    "redact_link_tokens",
]

_LINK_SECRET = re.compile(re.escape(LINK_PATH) + r"[^\s\"'?#&/]+")
REDACTED = LINK_PATH + "[redacted]"
# The loggers that print request paths: the development server, gunicorn, and
# the app's own error log ("Unexpected error on /l/...").
LOGGERS_THAT_PRINT_PATHS = ("werkzeug", "gunicorn.access", "gunicorn.error", "portal")


def redact_link_tokens(text: str) -> str:
    return _LINK_SECRET.sub(REDACTED, text)


class LinkTokenFilter(logging.Filter):
    """Replaces the secret in any /l/<secret> path in a log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        redacted = redact_link_tokens(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


def install_link_token_filter(names: Iterable[str] = LOGGERS_THAT_PRINT_PATHS) -> None:
    """Add the filter to each logger once (safe to call for every app)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, LinkTokenFilter) for existing in logger.filters):
            logger.addFilter(LinkTokenFilter())

"""Language choice. Every user-visible string is marked for translation."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    supported = current_app.config["SUPPORTED_LANGUAGES"]
    chosen = session.get("language") if session else None
    if chosen in supported:
        return str(chosen)
    return request.accept_languages.best_match(supported) or supported[0]

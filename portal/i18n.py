"""Language choice. Every user-visible string is marked for translation."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session


def select_locale() -> str:
    supported = current_app.config["SUPPORTED_LANGUAGES"]
    # Commands and background work have no visitor: they use the default language.
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get("language") if session else None
    if chosen in supported:
        return str(chosen)
    return request.accept_languages.best_match(supported) or supported[0]

"""Language choice. Every user-visible string is marked for translation."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

from easyread.glossary import LANGUAGES
from portal import session_keys


def select_locale() -> str:
    supported = current_app.config["SUPPORTED_LANGUAGES"]
    # Commands and background work have no visitor: they use the default language.
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get(session_keys.LANGUAGE) if session else None
    if chosen in supported:
        return str(chosen)
    return request.accept_languages.best_match(supported) or supported[0]


def easyread_language() -> str:
    """The current language if easyread has data for it, otherwise English:
    pictures and glossary words then show in English rather than not at all."""
    language = str(get_locale() or "en").split("_")[0]
    return language if language in LANGUAGES else "en"

"""Language choice. Every user-visible string is marked for translation."""

from __future__ import annotations

from typing import Any

import flask_babel
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import force_locale, get_locale

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


def install_template_gettext(jinja_env: Any) -> None:
    """`_()` and friends in templates, as Flask-Babel installs them, but
    finding the request's catalogue once per language rather than on every
    call (a page asks for hundreds of strings)."""
    jinja_env.install_gettext_callables(
        gettext=lambda string: _translations().ugettext(string),
        ngettext=lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: _translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: _translations().unpgettext(
            context, singular, plural, n
        ),
    )


def _translations() -> Any:
    if not has_app_context():
        return flask_babel.get_translations()
    locale = get_locale()
    found = g.get("_translations")
    if found is None or found[0] is not locale:
        # A new request, or a forced locale (force_locale): look it up.
        found = (locale, flask_babel.get_translations())
        g._translations = found
    return found[1]


def easyread_language() -> str:
    """The current language if easyread has data for it, otherwise English:
    pictures and glossary words then show in English rather than not at all."""
    language = str(get_locale() or "en").split("_")[0]
    return language if language in LANGUAGES else "en"


class AppTranslator:
    """A `portal.services.wording.Translator` over the app's catalogues, in
    one language whatever the visitor's: a message is written in the language
    of the person who will read it."""

    def __init__(self, language: str) -> None:
        self.language = language

    def gettext(self, string: str, /, **variables: Any) -> str:
        with force_locale(self.language):
            return flask_babel.gettext(string, **variables)

    def ngettext(self, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        with force_locale(self.language):
            return flask_babel.ngettext(singular, plural, num, **variables)


def translator_for(language: str | None = None) -> AppTranslator:
    """Words in `language` when the portal supports it, else the default
    language; with no language, the current visitor's."""
    supported = current_app.config["SUPPORTED_LANGUAGES"]
    if language is None:
        language = str(get_locale() or supported[0]).split("_")[0]
    return AppTranslator(language if language in supported else supported[0])

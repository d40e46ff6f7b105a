"""How services ask for words in a person's language without knowing Flask.

A service that writes text for someone (a text message, an email, a calendar
entry) takes a `Translator` from the edge; `portal.i18n.translator_for(lang)`
makes one from the app's catalogues. Errors and outcomes are returned as
codes, and the edge words them.
"""

from __future__ import annotations

from typing import Any, Protocol


class Translator(Protocol):
    """The two calls services use; `pybabel extract` finds their strings."""

    language: str

    def gettext(self, string: str, /, **variables: Any) -> str: ...

    def ngettext(self, singular: str, plural: str, num: int, /, **variables: Any) -> str: ...


class PlainTranslator:
    """No catalogue: the English source text with its variables filled in.
    For tests of services, and for code that runs before the app exists."""

    def __init__(self, language: str = "en") -> None:
        self.language = language

    def gettext(self, string: str, /, **variables: Any) -> str:
        return string % variables if variables else string

    def ngettext(self, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        return (singular if num == 1 else plural) % variables

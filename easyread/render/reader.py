"""Who reads a page, so its fixed sentences speak to them.

A young person reads "My plan" and "Your keyworker can share information
about you with your school". Their mum reads "Sam's plan" and "Sam's
keyworker can share information about Sam with his school": the young
person's preferred name, and their pronouns from the record.

The renderer's fixed sentences carry tokens that `Reader.say` fills:

- `{you}`, `{You}`: "you" for the young person, else their name.
- `{your}`, `{Your}`: "your", else "Sam's".
- `{me}`, `{I}`: "me" and "I", else the name.
- `{my}`, `{My}`: "my" and "My", else "Sam's".
- `{them}`: "you", else "him", "her" or "them" (the name when the record has
  no pronouns the renderer knows).
- `{their}`: "your", else "his", "her" or "their" (else "Sam's").
- `{a|b}`: `a` for the young person, `b` for anyone else ("{are|is}").

Words people wrote (the plan's own words, a place, a role) are never read
for tokens: the renderer keeps them apart (`easyread.render.lines.words`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}|\{(\w+)\}")

# Recorded pronouns ("she/her", "He / him", "they/them") -> object, possessive.
_PRONOUNS = {
    "she": ("her", "her"),
    "he": ("him", "his"),
    "they": ("them", "their"),
}


@dataclass(frozen=True)
class Reader:
    """The young person themselves (`about_self`), or someone else reading
    about them: `name` is the young person's preferred name, `pronouns` as
    the record has them."""

    about_self: bool = True
    name: str = ""
    pronouns: str | None = None

    @classmethod
    def someone_else(cls, name: str, pronouns: str | None = None) -> Reader:
        return cls(about_self=False, name=name, pronouns=pronouns)

    def say(self, sentence: str) -> str:
        """`sentence` with its tokens filled for this reader."""
        if "{" not in sentence:
            return sentence
        return _TOKEN.sub(self._fill, sentence)

    def _fill(self, match: re.Match[str]) -> str:
        if match.group(3) is None:
            return match.group(1) if self.about_self else match.group(2)
        token = match.group(3)
        words = self._own_words() if self.about_self else self._other_words()
        if token not in words:
            raise KeyError(f"not a reader token: {{{token}}}")
        return words[token]

    @staticmethod
    def _own_words() -> dict[str, str]:
        return {
            "you": "you",
            "You": "You",
            "your": "your",
            "Your": "Your",
            "me": "me",
            "I": "I",
            "my": "my",
            "My": "My",
            "them": "you",
            "their": "your",
        }

    def _other_words(self) -> dict[str, str]:
        name = self.name or "the young person"
        possessive = f"{name}'s"
        known = _PRONOUNS.get(_first_word(self.pronouns))
        obj, their = known if known else (name, possessive)
        return {
            "you": name,
            "You": _capital(name),
            "your": possessive,
            "Your": _capital(possessive),
            "me": name,
            "I": _capital(name),
            "my": possessive,
            "My": _capital(possessive),
            "them": obj,
            "their": their,
        }


YOUNG_PERSON = Reader()


def _first_word(pronouns: str | None) -> str:
    found = re.match(r"\s*([A-Za-z]+)", pronouns or "")
    return found.group(1).lower() if found else ""


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]

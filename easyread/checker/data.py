"""The checker's word lists, read once from the JSON files in `data/`.

`data/en/simpler_words.json`  formal words and phrases with an everyday word for each
`data/en/idioms.json`         idioms and metaphors with a plain way to say each
`data/en/common_words.json`   everyday words: long ones that are fine to use, and
                              common short ones that show a run of capitals is shouting
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "Idiom",
    "common_long_words",
    "common_short_words",
    "idioms",
    "simpler_phrases",
    "simpler_words",
]


@dataclass(frozen=True)
class Idiom:
    phrase: str
    say: str
    forms: tuple[str, ...]


def _load(name: str) -> Any:
    text = resources.files("easyread.checker").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def simpler_words() -> dict[str, str]:
    """Formal or rare word -> an everyday word, in lower case."""
    words: dict[str, str] = _load("en/simpler_words.json")["words"]
    return words


@cache
def simpler_phrases() -> dict[str, str]:
    """Wordy phrase -> a short everyday one ("in order to" -> "to")."""
    phrases: dict[str, str] = _load("en/simpler_words.json")["phrases"]
    return phrases


def _inflect(verb: str) -> tuple[str, ...]:
    """Regular -s, -ed and -ing forms of a verb: touch, touches, touched, touching."""
    if verb.endswith("e"):
        return (verb + "s", verb + "d", verb[:-1] + "ing")
    if verb.endswith(("ch", "sh", "s", "x")):
        return (verb + "es", verb + "ed", verb + "ing")
    short = len(verb) <= 4 and len(verb) >= 3
    vowels = "aeiou"
    if short and verb[-1] not in vowels + "wxy" and verb[-2] in vowels and verb[-3] not in vowels:
        return (verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing")
    return (verb + "s", verb + "ed", verb + "ing")


@cache
def idioms() -> tuple[Idiom, ...]:
    found = []
    for entry in _load("en/idioms.json")["idioms"]:
        phrase = entry["phrase"]
        forms = [phrase, *entry.get("forms", [])]
        if entry.get("verb"):
            first, _, rest = phrase.partition(" ")
            forms += [f"{form} {rest}" for form in _inflect(first)]
        found.append(Idiom(phrase, entry["say"], tuple(dict.fromkeys(forms))))
    return tuple(found)


@cache
def common_long_words() -> frozenset[str]:
    """Long words everyone knows ("everything", "information"): not hard words."""
    return frozenset(_load("en/common_words.json")["long"])


@cache
def common_short_words() -> frozenset[str]:
    """Short everyday words ("the", "you", "not"): in capitals they are shouting."""
    return frozenset(_load("en/common_words.json")["short"])

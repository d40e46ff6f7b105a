"""Glossary terms and where they appear in a text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A word or phrase from this world, with a plain meaning.

    `key` is stable across languages and is the anchor families link to
    (for example "cetr" -> /help/words#cetr).
    """

    key: str
    term: str
    # Other ways of writing it: plurals, abbreviations, spellings ("CTR", "C(E)TR").
    variants: tuple[str, ...]
    # At most 20 words; passes the checker with no errors.
    meaning: str
    pictogram: str
    explanation: str | None = None
    # True when the term is an abbreviation or initialism (CETR, MDT, SENCO).
    is_abbreviation: bool = False
    # What an abbreviation stands for ("Care, Education and Treatment Review").
    expansion: str | None = None
    # Keys of other terms worth reading next ("deputy" -> "court-of-protection").
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermMatch:
    """Where a term (or one of its variants) appears in a text.

    `start` and `end` are character offsets (end exclusive); `matched_text` is
    `text[start:end]`, as written in the text.
    """

    term: Term
    start: int
    end: int
    matched_text: str

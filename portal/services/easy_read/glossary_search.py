"""Searching "Words we use": terms whose words or meaning hold what was typed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from easyread.glossary import Term

# Longer searches are cut to this: nobody types a paragraph to find one word.
MAX_QUERY_LENGTH = 100

_SPACE = re.compile(r"\s+")


def normalise_query(query: str | None) -> str:
    """What was typed, tidied: spaces collapsed, trimmed, at most
    MAX_QUERY_LENGTH characters. Empty when nothing useful was typed."""
    return _SPACE.sub(" ", query or "").strip()[:MAX_QUERY_LENGTH].strip()


def _folded(text: str) -> str:
    return _SPACE.sub(" ", text).casefold().replace("\u2019", "'")


def _names(term: Term) -> str:
    return _folded(" \n ".join((term.term, *term.variants, term.expansion or "")))


def _meaning(term: Term) -> str:
    return _folded(" \n ".join((term.meaning, term.explanation or "")))


def search_terms(terms: Iterable[Term], query: str | None) -> tuple[Term, ...]:
    """The terms whose name, other ways of writing it, what it stands for, or
    meaning contain `query`, ignoring case; every term when `query` is empty.

    Terms whose name matches come first, then the rest, each in the order
    given (the glossary's alphabetical order)."""
    wanted = _folded(normalise_query(query))
    terms = tuple(terms)
    if not wanted:
        return terms
    by_name = []
    by_meaning = []
    for term in terms:
        if wanted in _names(term):
            by_name.append(term)
        elif wanted in _meaning(term):
            by_meaning.append(term)
    return (*by_name, *by_meaning)

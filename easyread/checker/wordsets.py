"""Small helper for the word lists written in the rules' code."""

from __future__ import annotations

__all__ = ["word_set"]


def word_set(words: str) -> frozenset[str]:
    """The words in `words`, separated by spaces or new lines, as a set."""
    return frozenset(words.split())

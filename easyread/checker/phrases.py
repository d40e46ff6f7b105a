"""Finding fixed phrases ("in order to", "touch base") word by word.

Matching walks the words once and looks each word up in a dictionary of first
words, so it is linear in the length of the text however many phrases there
are. The words of a phrase must be in one sentence with only spaces between.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from easyread.checker.document import WORD_RE, Document

__all__ = ["PhraseMatcher", "phrase_words"]

T = TypeVar("T")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the lower-case words the document would hold for it."""
    return tuple(m.group(0).lower().replace("’", "'") for m in WORD_RE.finditer(phrase))


class PhraseMatcher(Generic[T]):
    """Finds any of a set of phrases, longest first, without overlaps."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        # Phrases by their first word, or by their first two words when they
        # have two or more, so most words are ruled out by one look-up.
        singles: dict[str, tuple[tuple[str, ...], T]] = {}
        by_two: dict[tuple[str, str], list[tuple[tuple[str, ...], T]]] = {}
        for phrase, payload in phrases:
            words = phrase_words(phrase)
            if len(words) == 1:
                singles.setdefault(words[0], (words, payload))
            elif words:
                by_two.setdefault((words[0], words[1]), []).append((words, payload))
        for candidates in by_two.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))
        self._singles = singles
        self._by_two = by_two
        self._firsts = frozenset(singles) | {first for first, _ in by_two}

    def __len__(self) -> int:
        return len(self._singles) + sum(len(found) for found in self._by_two.values())

    def find(self, doc: Document) -> Iterator[tuple[int, int, T]]:
        """(first word, last word + 1, payload) for each phrase in `doc`."""
        words = doc.words
        count = len(words)
        firsts = self._firsts
        index = 0
        while index < count:
            first = words[index].lower
            if first not in firsts:
                index += 1
                continue
            matched = 0
            if index + 1 < count:
                for phrase, payload in self._by_two.get((first, words[index + 1].lower), ()):
                    if self._matches(doc, index, phrase):
                        matched = len(phrase)
                        yield index, index + matched, payload
                        break
            if not matched and first in self._singles:
                matched = 1
                yield index, index + 1, self._singles[first][1]
            index += matched or 1

    @staticmethod
    def _matches(doc: Document, index: int, phrase: tuple[str, ...]) -> bool:
        words = doc.words
        if index + len(phrase) > len(words):
            return False
        sentence = words[index].sentence
        for offset in range(1, len(phrase)):
            word = words[index + offset]
            if word.lower != phrase[offset] or word.sentence != sentence:
                return False
            if doc.gap(index + offset - 1, index + offset).strip():
                return False
        return True

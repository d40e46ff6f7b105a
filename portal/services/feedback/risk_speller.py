"""The triage's speller: reads a likely misspelling of a rule's word as that
word ("sucidal" is "suicidal", "tabelts" is "tablets"), and never "corrects"
a real English word ("struggling" is not "strangling", "scored" is not
"scared").

A word is real when it is in english_words.txt, a plain list shipped beside
this module (from Debian's wbritish, made from SCOWL; the file's header says
how to make it again and gives its licence), or in `REAL_WORDS`. Only other
words are corrected, and only to a rule's word close enough (`_allowed_distance`)
that starts with the same letter. A misspelling is looked up in an index of
the rules' words with letters left out (a word one or two letters away shares
such a form), then checked with the edit distance; corrections are remembered.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources


@cache
def english_words() -> frozenset[str]:
    """The shipped English word list (lower case, 5 to 16 letters), read once."""
    text = resources.files("portal.services.feedback").joinpath("english_words.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


# Real words close to a rule's word that must never be "corrected" to it
# ("overdoes" is a word, and "bills" are not "pills").
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


REAL_WORDS = _word_set(
    """
    overdoes overdue bills fills hills kills mills table tables blame blamed blames
    blamed cutter butter cuttings stable sleet steep sleeps alone atone dyeing dying
    lying tying eating heating seating beating meeting sheet hurts hunts sweet weeks
    fearing hearing wearing bearing there where these those three their other
    about again alive alike above house horse mouse hours homes hopes money monkey
    lovely lively nearly neatly place plane plate plans plant store story stuff stiff
    stabs stair stairs scared scares shared snared after water later tablet
    needle needles noodle doodle grass glass class brass swimming slimming trimming
    dinner thinner winner sinner carry marry harry berry worry hurry sorry
    floor flour flood blood bleed breed greed wrote write white quite quiet
    photos photo online unlike inline"""
)


def _deletions(word: str, depth: int) -> set[str]:
    """`word` with up to `depth` letters left out (and `word` itself)."""
    forms = {word}
    for _ in range(depth):
        forms |= {form[:at] + form[at + 1 :] for form in forms for at in range(len(form))}
    return forms


def _allowed_distance(word: str) -> int:
    """Two letters wrong in a long word, one in a middling one, none in a short
    one: "sucide" is "suicide", but "bill" is not "pill"."""
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


def _distance(first: str, second: str) -> int:
    """Damerau-Levenshtein distance (a swap of two letters counts as one)."""
    rows = [list(range(len(second) + 1))]
    for i, a in enumerate(first, start=1):
        row = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


class Speller:
    """Corrects a word to one of `lexicon` (the rules' words) when it is close
    enough, starts with the same letter and is not itself a real word: not in
    `known` (by default the shipped English word list and `REAL_WORDS`)."""

    def __init__(self, lexicon: Iterable[str], known: Iterable[str] | None = None) -> None:
        self.lexicon = frozenset(lexicon)
        self.known = english_words() | REAL_WORDS if known is None else frozenset(known)
        # Nothing longer can be two letters from a rule's word; and leaving
        # letters out of a very long "word" would take seconds.
        self._longest = max((len(word) for word in self.lexicon), default=0) + 2
        self._by_deletion: dict[str, list[str]] = {}
        for word in sorted(self.lexicon):
            for form in _deletions(word, _allowed_distance(word)):
                self._by_deletion.setdefault(form, []).append(word)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str:
        depth = _allowed_distance(word)
        if len(word) > self._longest or not depth or word in self.lexicon:
            return word
        if word in self.known or not word.isalpha():
            return word
        best, best_distance = word, depth + 1
        for form in _deletions(word, depth):
            for candidate in self._by_deletion.get(form, ()):
                if candidate[0] != word[0] or _allowed_distance(candidate) == 0:
                    continue
                distance = _distance(word, candidate)
                allowed = min(depth, _allowed_distance(candidate))
                # Ties go to the first in alphabetical order, so that a word
                # is read the same way in every process (set order is not).
                closer = (distance, candidate) < (best_distance, best)
                if distance <= allowed and closer:
                    best, best_distance = candidate, distance
        return best

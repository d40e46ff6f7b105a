"""Text as the triage rules read it: lower-case words, short forms and
text-speak written out, likely misspellings of the rules' words corrected.

`words_of` is used for every message, so it stays cheap: one pass over the
words, and a misspelling is looked up in an index of the rules' words with
letters left out (a word one or two letters away shares such a form), then
checked with the edit distance. Corrections are remembered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# The end of a sentence (". ! ? ;") and of the text. Rules may ask for it
# ("I have made a plan" on its own, not "a plan for the summer"); line
# breaks are not an end, because people break lines anywhere.
END = "$"

_APOSTROPHES = re.compile(r"['’‘`´ʼ′]")
_TOKEN = re.compile(r"[^\W_]+|[.!?;]+")

# One word written as several, after apostrophes are dropped.
_LONG_FORMS: dict[str, tuple[str, ...]] = {
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "cannot": ("can", "not"),
    "wont": ("will", "not"),
    "wouldnt": ("would", "not"),
    "couldnt": ("could", "not"),
    "shouldnt": ("should", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "werent": ("were", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "aint": ("am", "not"),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "id": ("i", "would"),
    "youre": ("you", "are"),
    "hes": ("he", "is"),
    "shes": ("she", "is"),
    "theyre": ("they", "are"),
    "theres": ("there", "is"),
    "whats": ("what", "is"),
    "thats": ("that", "is"),
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
    "gotta": ("got", "to"),
    # Text-speak.
    "kms": ("kill", "myself"),
    "kys": ("kill", "yourself"),
    "idk": ("i", "do", "not", "know"),
    "u": ("you",),
    "ur": ("your",),
    "cuz": ("because",),
    "coz": ("because",),
    "cos": ("because",),
    "bc": ("because",),
    "2": ("to",),
    "no1": ("nobody",),
    "noone": ("nobody",),
    "nobdy": ("nobody",),
    "every1": ("everyone",),
    "sewerslide": ("suicide",),
    "kil": ("kill",),
    "ded": ("dead",),
    "wot": ("what",),
    "til": ("till",),
    "nite": ("night",),
    "pils": ("pills",),
    "pic": ("pics",),
    "pictures": ("pics",),
    "picture": ("pics",),
    "photos": ("pics",),
    "photo": ("pics",),
    "mom": ("mum",),
    "moms": ("mums",),
}

# Two words that mean one: read as the one.
_JOINED: dict[tuple[str, str], str] = {
    ("no", "one"): "nobody",
    ("no", "body"): "nobody",
    ("no", "where"): "nowhere",
    ("any", "more"): "anymore",
    ("my", "self"): "myself",
    ("your", "self"): "yourself",
    ("her", "self"): "herself",
    ("him", "self"): "himself",
    ("them", "selves"): "themselves",
    ("self", "harm"): "selfharm",
    ("self", "harming"): "selfharming",
    ("self", "harmed"): "selfharmed",
    ("sewer", "slide"): "suicide",
    ("over", "dose"): "overdose",
    ("good", "bye"): "goodbye",
    ("better", "of"): "better off",
    ("step", "dad"): "stepdad",
    ("step", "mum"): "stepmum",
    ("step", "mom"): "stepmum",
}


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
    enough, starts with the same letter and is not itself a real word."""

    def __init__(self, lexicon: Iterable[str]) -> None:
        self.lexicon = frozenset(lexicon)
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
        if word in REAL_WORDS or not word.isalpha():
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


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for token in _TOKEN.findall(_APOSTROPHES.sub("", text.casefold())):
        if not token[0].isalnum():
            tokens.append(END)
        else:
            tokens.extend(_LONG_FORMS.get(token, (token,)))
    return tokens


def words_of(text: str) -> tuple[str, ...]:
    """`text` as lower-case words: apostrophes dropped, short forms and
    text-speak written out ("don't", "dont" are "do not"; "kms" is "kill
    myself"), and two words that mean one joined ("no one" is "nobody")."""
    return tuple(word for word in reading_of(text) if word != END)


def reading_of(text: str, speller: Speller | None = None) -> tuple[str, ...]:
    """`words_of(text)` with the sentence ends as END (the text always ends
    with one), and with `speller`, likely misspellings of the rules' words
    corrected."""
    tokens = _tokens(text)
    words: list[str] = []
    at = 0
    while at < len(tokens):
        pair = (tokens[at], tokens[at + 1]) if at + 1 < len(tokens) else None
        if pair in _JOINED:
            words.extend(_JOINED[pair].split())
            at += 2
            continue
        word = tokens[at]
        words.append(speller.correct(word) if speller else word)
        at += 1
    if not words or words[-1] != END:
        words.append(END)
    return tuple(words)

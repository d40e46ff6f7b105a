"""Hard words (rule `hard-word`, English).

Guidance: Inclusion Europe "Information for all" ("use easy words that people
know well"; "do not use long words"), Mencap "Am I making myself clear?" (use
everyday words; "help", not "facilitate"), Department of Health (2010) (use
short, everyday words).

A warning for:
- a formal or rare word with an everyday one to use instead, from
  `data/en/simpler_words.json` ("facilitate" -> "help", "commence" ->
  "start"), found in its -s, -ed, -ing and -ly forms too;
- a wordy phrase from the same file ("in order to" -> "to");
- a long word: 4 or more syllables, or 13 or more letters, unless it is an
  everyday word on the list in `data/en/common_words.json` ("everything",
  "information", "appointment"). Names (a capital letter in the middle of a
  sentence) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from easyread.checker.data import common_long_words, simpler_phrases, simpler_words
from easyread.checker.model import Finding, Severity
from easyread.checker.phrases import PhraseMatcher
from easyread.checker.rules import Context, quote

RULE = "hard-word"
LONG_SYLLABLES = 4
LONG_LETTERS = 13

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SILENT_E = re.compile(r"(?<=[^aeiouy])e(?=(?:ly|ment|ful|ness|less)(?:s|ly)?$)")
_ENGLISH_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


@cache
def _phrases() -> PhraseMatcher[str]:
    return PhraseMatcher(simpler_phrases().items())


def syllables(word: str) -> int:
    """Roughly how many syllables an English word has (good enough to spot long words)."""
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    # A silent "e" inside a word: "likely", "statement", "careful", "homeless".
    count -= len(_SILENT_E.findall(word))
    silent_end = (word.endswith("e") and not word.endswith(("le", "ee", "ie", "ye"))) or (
        word.endswith(("es", "ed"))
        and not word.endswith(("les", "ted", "ded", "ses", "zes", "ces", "ges", "xes", "ies"))
    )
    if count > 1 and silent_end:
        count -= 1
    return max(1, count)


def base_forms(word: str) -> list[str]:
    """`word` and the words it may be a form of: "commenced" -> "commence"."""
    forms = [word]
    if word.endswith("ies") or word.endswith("ied"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    if word.endswith("ed"):
        forms += [word[:-1], word[:-2]]
        if len(word) > 4 and word[-3] == word[-4]:
            forms.append(word[:-3])
    if word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            forms.append(word[:-4])
    if word.endswith("ly"):
        forms += [word[:-2], word[:-2] + "e"]
        if word.endswith("ily"):
            forms.append(word[:-3] + "y")
    return forms


def simpler_word(word: str) -> tuple[str, str] | None:
    """(the listed word, its everyday alternative) for `word` or a form of it."""
    replacements = simpler_words()
    for form in base_forms(word):
        if form in replacements:
            return form, replacements[form]
    return None


def is_long(word: str) -> bool:
    """A long word, not on the list of everyday long words."""
    allowed = common_long_words()
    if word in allowed or any(form in allowed for form in base_forms(word)[1:]):
        return False
    parts = word.split("-")
    return any(
        len(part) >= LONG_LETTERS or syllables(part) >= LONG_SYLLABLES
        for part in parts
        if part not in allowed
    )


@lru_cache(maxsize=32_768)
def _verdict(lower: str) -> tuple[str, str | None] | None:
    """What is hard about a word: ("listed", say), ("form", say), ("long", None) or None."""
    if not _ENGLISH_WORD.fullmatch(lower):
        return None
    simpler = simpler_word(lower)
    if simpler is not None:
        listed, say = simpler
        return ("listed" if listed == lower else "form", say)
    return ("long", None) if is_long(lower) else None


def check_hard_words(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    for first, last, say in _phrases().find(doc):
        if ctx.any_claimed(first, last):
            continue
        ctx.claim(first, last)
        start, end = doc.words[first].start, doc.words[last - 1].end
        yield ctx.finding(
            RULE,
            Severity.WARNING,
            start,
            end,
            f"{quote(ctx.text(start, end))} is a long way to say it. Say '{say}' instead.",
            say,
        )
    sentences = doc.sentences
    for index, word in enumerate(doc.words):
        if ctx.claimed[index]:
            continue
        verdict = _verdict(word.lower)
        if verdict is None:
            continue
        text = word.text
        if text.isupper() and len(text) > 1:
            continue
        kind, simpler = verdict
        if kind == "long":
            # A capital letter in the middle of a sentence: a name.
            if text[0].isupper() and sentences[word.sentence].first != index:
                continue
            message = f"{quote(text)} is a long word. Use a shorter, everyday word if you can."
        elif kind == "listed":
            message = f"{quote(text)} is a hard word. Say '{simpler}' instead."
        else:
            message = f"{quote(text)} is a hard word. Use an everyday word, like '{simpler}'."
        ctx.hard[index] = 1
        yield ctx.finding(RULE, Severity.WARNING, word.start, word.end, message, simpler)

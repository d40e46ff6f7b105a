"""Negatives piled up (rule `piled-negatives`, English).

Guidance: Mencap "Am I making myself clear?" (say things in a positive way;
avoid double negatives), Inclusion Europe "Information for all" (use
positive sentences, not negative ones, where you can), Department of Health
(2010) (avoid negatives where possible, and never use double negatives).

A warning for:
- "not" before a word that is itself negative: "not unlikely", "not
  uncommon", "not impossible", "not without";
- two negatives in one part of a sentence: "don't know nothing", "can't
  never", "not … nobody" (within 3 words). "You can't say no" passes.
"""

from __future__ import annotations

from collections.abc import Iterator

from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context, quote
from easyread.checker.wordsets import word_set

RULE = "piled-negatives"

NOTS = word_set(
    """not never no don't doesn't didn't won't can't cannot isn't aren't wasn't weren't
    haven't hasn't hadn't wouldn't couldn't shouldn't mustn't"""
)
SECOND_NEGATIVES = word_set("nothing nobody none never nowhere neither no")
# Words starting "un", "in", "im", "ir", "il" or "dis" that are negative.
NEGATIVE_WORDS = word_set(
    """impossible improbable inaccurate inadequate inappropriate incapable incomplete
    inconsistent incorrect insignificant insufficient invalid irrelevant irregular
    illegal illogical insensitive infrequent unimportant impolite dislike disagree
    disapprove dishonest without"""
)
# "un..." words that are not negatives of another word.
NOT_NEGATIVE_UN = ("under", "unit", "uni", "until", "unless", "unto", "uncle")
WINDOW = 3
SAY_WORDS = frozenset({"say", "says", "said", "saying", "answer", "answered"})


def _is_negative_word(word: str) -> bool:
    if word in NEGATIVE_WORDS:
        return True
    return len(word) >= 6 and word.startswith("un") and not word.startswith(NOT_NEGATIVE_UN)


def _positive(word: str) -> str | None:
    """ "likely" for "unlikely", "possible" for "impossible", "with" for "without"."""
    if word == "without":
        return "with"
    for prefix in ("dis", "un", "in", "im", "ir", "il"):
        if word.startswith(prefix):
            return word[len(prefix) :]
    return None


def check_piled_negatives(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    count = len(words)
    index = 0
    while index < count:
        word = words[index].lower
        if word not in NOTS:
            index += 1
            continue
        sentence = words[index].sentence
        found = None
        for look in range(index + 1, min(count, index + 1 + WINDOW)):
            other = words[look]
            if other.sentence != sentence or ctx.doc.gap(look - 1, look).strip(" "):
                break
            if look == index + 1 and word == "not" and _is_negative_word(other.lower):
                found = look
                break
            if other.lower in SECOND_NEGATIVES and words[look - 1].lower not in SAY_WORDS:
                found = look
                break
        if found is None:
            index += 1
            continue
        start, end = words[index].start, words[found].end
        text = ctx.text(start, end)
        positive = _positive(words[found].lower) if found == index + 1 else None
        yield ctx.finding(
            RULE,
            Severity.WARNING,
            start,
            end,
            f"{quote(text)} uses two negatives, which is hard to follow. Say it in a positive way.",
            f"Say '{positive}'." if positive else "Say what is true, without 'not'.",
        )
        index = found + 1

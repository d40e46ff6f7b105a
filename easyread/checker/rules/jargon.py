"""Jargon and abbreviations (rules `glossary-term` and `unknown-abbreviation`).

Guidance: Inclusion Europe "Information for all" ("do not use difficult words;
if you must, explain them"; "do not use initials or abbreviations without
explaining them"), Mencap "Am I making myself clear?" (avoid jargon and
abbreviations; explain a hard word where it first appears), Department of
Health (2010) (explain jargon and abbreviations, or leave them out).

`glossary-term` (warning, every language with a glossary): a word or phrase
from the glossary (`easyread.glossary.load_glossary(lang)`) used without being
explained. It is a warning, not an error, because the renderer links glossary
terms to their plain meaning; the message says "explain it or make sure it is
linked".

`unknown-abbreviation` (error, every language written with capital letters):
an initialism that is not in the glossary, so nobody can link it: "CAMHS",
"LA", "SENCO", "IMHA", "DoLS", "s117". A handful of initialisms everyone
knows ("NHS", "OK", "TV") pass.

"Explained" means, anywhere in the text:
- followed by an explanation in brackets: "CETR (a meeting to check your care)";
- in brackets after its explanation: "a meeting to check your care (CETR)";
- followed by what it means: "CETR means …", "A CETR is a …", "CETR: a …",
  "CETR – a …" (and "yn golygu", "oznacza", "يعني", "یعنی" in Welsh,
  Polish, Arabic and Urdu);
- after "called" or "known as": "a meeting called a CETR".

Each term or abbreviation is reported once, where it first appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from easyread.checker.data import common_short_words
from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context, quote
from easyread.checker.rules.numbers import is_roman_numeral
from easyread.glossary.model import Term

GLOSSARY_RULE = "glossary-term"
ABBREVIATION_RULE = "unknown-abbreviation"

# Initialisms most readers know; they need no explanation.
KNOWN_INITIALISMS = frozenset(
    {"NHS", "OK", "TV", "UK", "BBC", "DVD", "CD", "USB", "ID", "PE", "AM", "PM", "ICT"}
)

_BRACKETS_AFTER = re.compile(r"\s*[(\[]([^()\[\]\n]{1,200})[)\]]")
_INSIDE_BRACKETS = re.compile(r"\(\s*(?:(?:an?|the|or|called)\s+)?$", re.IGNORECASE)
_CLOSE_BRACKET = re.compile(r"\s*\)")
_DASH_OR_COLON = re.compile(r"(?:\s*[:–—]|\s+-)\s*[^\W\d_]")
_MEANS = {
    "en": re.compile(
        r"\s*,?\s*(?:which\s+|that\s+|this\s+)?"
        r"(?:means|meaning|stands\s+for|is\s+short\s+for|is\s+a\s+word\s+for"
        r"|(?:is|was)\s+(?:a|an|the|when|where|what|how|someone|somebody|our|your)"
        r"|are\s+(?:people|the|when|what|our|your))\b",
        re.IGNORECASE,
    ),
    "cy": re.compile(r"\s*,?\s*(?:yn\s+golygu|sef|ydy|yw)\b", re.IGNORECASE),
    "pl": re.compile(r"\s*[-–—,]?\s*(?:to|oznacza|czyli|jest\s+to)\b", re.IGNORECASE),
    "ar": re.compile(r"\s*[،,]?\s*(?:يعني|تعني|أي|هو|هي)(?!\w)"),
    "ur": re.compile(r"\s*[،,]?\s*(?:یعنی|کا\s+مطلب|سے\s+مراد)(?!\w)"),
}
# "a meeting called a CETR"; a name of several abbreviations: "called CC BY-SA".
_CALLED_BEFORE = re.compile(
    r"\b(?i:called|known\s+as|named)\s+(?i:(?:an?|the)\s+)?(?:[A-Z][A-Z0-9.-]*\s+){0,2}$"
)
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SECTION = re.compile(r"[sS]\.?\d{1,3}[A-Za-z]?")
# Leave room for the explanation: at most this much text either side is read.
_WINDOW = 210


def is_explained(ctx: Context, start: int, end: int) -> bool:
    """True when the text explains the words at `start:end` right there."""
    plain = ctx.doc.plain
    after = plain[end : end + _WINDOW]
    before = plain[max(0, start - 60) : start]
    bracket = _BRACKETS_AFTER.match(after)
    if bracket and len(bracket.group(1).split()) >= 2:
        return True
    if _INSIDE_BRACKETS.search(before) and _CLOSE_BRACKET.match(after):
        return True
    if _DASH_OR_COLON.match(after):
        return True
    means = _MEANS.get(ctx.lang)
    if means is not None and means.match(after):
        return True
    return ctx.english and _CALLED_BEFORE.search(before) is not None


def _example(term: Term, matched: str) -> str:
    """ "Explain it, like: CETR means a meeting about you." from the plain meaning.

    An abbreviation is named as written ("CTR", "multi-disciplinary team");
    another term by its usual form ("review" for "reviewed").
    """
    meaning = _FIRST_SENTENCE.split(term.meaning.strip(), maxsplit=1)[0].rstrip(".!? ")
    first_word = meaning.split(" ", 1)[0]
    if first_word[:1].isupper() and (len(first_word) == 1 or first_word[1:].islower()):
        meaning = meaning[0].lower() + meaning[1:]
    name = matched if term.is_abbreviation else term.term
    return f"Explain it, like: {name} means {meaning}."


def _in_address(ctx: Context, indexes: range, start: int, end: int) -> bool:
    """True for a term inside a web or email address: "nhs.uk/CAMHS"."""
    if len(indexes) != 1:
        return False
    word = ctx.doc.words[indexes[0]]
    inside = word.start < start or end < word.end
    return inside and ("/" in word.text or "@" in word.text)


def check_glossary_terms(ctx: Context) -> Iterator[Finding]:
    first_use: dict[str, tuple[int, int, Term, str]] = {}
    explained: set[str] = set()
    for match in ctx.term_matches:
        key = match.term.key
        indexes = ctx.doc.words_in(match.start, match.end)
        ctx.claim(indexes.start, indexes.stop)
        if _in_address(ctx, indexes, match.start, match.end):
            continue
        for index in indexes:
            ctx.hard[index] = 1
        if key in explained:
            continue
        if is_explained(ctx, match.start, match.end):
            explained.add(key)
            continue
        first_use.setdefault(key, (match.start, match.end, match.term, match.matched_text))
    for key, (start, end, term, matched) in first_use.items():
        if key in explained:
            continue
        yield ctx.finding(
            GLOSSARY_RULE,
            Severity.WARNING,
            start,
            end,
            f"Some readers may not know {quote(matched)}. Explain it the first time you "
            "use it, or make sure it links to the word list.",
            _example(term, matched),
        )


@lru_cache(maxsize=32_768)
def initialism(word: str) -> str | None:
    """The abbreviation in `word` ("CAMHS" in "CAMHS's", "GP" in "GPs"), or None."""
    core = word[:-2] if word.endswith(("'s", "’s")) else word
    if _SECTION.fullmatch(core):
        return core
    if not core.isalpha():
        return None
    if len(core) >= 3 and core.endswith("s") and core[:-1].isupper():
        core = core[:-1]
    if not 2 <= len(core) <= 8 or not core[0].isupper():
        return None
    capitals = sum(1 for letter in core if letter.isupper())
    if capitals < 2 or capitals < len(core) - capitals:
        return None
    if core.upper() in KNOWN_INITIALISMS or is_roman_numeral(core):
        return None
    return core


def check_unknown_abbreviations(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    common = common_short_words() if ctx.english else frozenset()
    first_use: dict[str, tuple[int, int, str]] = {}
    explained: set[str] = set()
    for index, word in enumerate(words):
        if ctx.claimed[index] or (word.text.islower() and word.text[0] != "s"):
            continue
        # Hyphenated words are checked part by part: "CAMHS-led".
        parts = word.text.split("-")
        whole_explained = len(parts) > 1 and is_explained(ctx, word.start, word.end)
        offset = 0
        for part in parts:
            start = word.start + offset
            offset += len(part) + 1
            core = initialism(part)
            if core is None or part.lower() in common:
                continue
            ctx.hard[index] = 1
            end = start + len(part)
            if core in explained:
                continue
            if whole_explained or is_explained(ctx, start, end):
                explained.add(core)
                continue
            first_use.setdefault(core, (start, end, part))
    for core, (start, end, text) in first_use.items():
        if core in explained:
            continue
        if _SECTION.fullmatch(core):
            message = (
                f"{quote(text)} is short for a section of a law. Most readers will not know "
                "what it means. Say what it means in plain words."
            )
            suggestion = "Write 'section' in full and explain it, for example in brackets."
        else:
            message = (
                f"{quote(text)} is an abbreviation that is not in the word list. Say what it "
                "means the first time you use it, or use plain words instead."
            )
            suggestion = f"For example: {text} (what it stands for and what it does)."
        yield ctx.finding(ABBREVIATION_RULE, Severity.ERROR, start, end, message, suggestion)

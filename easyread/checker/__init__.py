"""The easy-read checker: what a reader with a learning disability will struggle with.

`check(text, lang)` splits the text into sentences and words once (see
`document`), runs every rule for the language (see `rules/`), and returns a
`Report` with the findings, in the order they appear, and summary figures.

English has every rule. Welsh, Polish, Urdu, Arabic and any other language
get the rules that do not depend on English words: sentence length, numbers
in digits, percentages, big numbers, Roman numerals, dates and times,
capitals, italics and underlining, glossary terms and abbreviations.
"""

from __future__ import annotations

from collections.abc import Sequence

from easyread.checker.document import build_document
from easyread.checker.model import Finding, Report, Severity, Summary
from easyread.checker.rules import Context, GlossaryLike, Rule
from easyread.checker.rules.dates_times import check_dates, check_quarters, check_times
from easyread.checker.rules.formatting import (
    check_block_capitals,
    check_italics,
    check_underline,
)
from easyread.checker.rules.hard_words import check_hard_words
from easyread.checker.rules.idioms import check_idioms
from easyread.checker.rules.jargon import check_glossary_terms, check_unknown_abbreviations
from easyread.checker.rules.negatives import check_piled_negatives
from easyread.checker.rules.numbers import (
    check_large_numbers,
    check_number_words,
    check_percentages,
    check_roman_numerals,
)
from easyread.checker.rules.one_idea import check_one_idea
from easyread.checker.rules.passive_voice import check_passive_voice
from easyread.checker.rules.sentence_length import check_sentence_length
from easyread.glossary import LANGUAGES as GLOSSARY_LANGUAGES
from easyread.glossary import load_glossary
from easyread.glossary.model import TermMatch

__all__ = [
    "LANGUAGES",
    "RULES",
    "Finding",
    "GlossaryLike",
    "Report",
    "Severity",
    "Summary",
    "check",
]

# The languages the portal supports. Others are checked with the rules that
# do not depend on words of one language.
LANGUAGES = ("en", "cy", "pl", "ur", "ar")

# In order: a rule that claims words (glossary terms, capitals, dates, idioms)
# runs before the rules that would otherwise report the same words again.
RULES: tuple[Rule, ...] = (
    Rule("glossary-term", check_glossary_terms),
    Rule("italics", check_italics),
    Rule("underline", check_underline),
    Rule("block-capitals", check_block_capitals),
    Rule("unknown-abbreviation", check_unknown_abbreviations),
    Rule("numeric-date", check_dates),
    Rule("quarter", check_quarters),
    Rule("time-24-hour", check_times),
    Rule("idiom", check_idioms, english_only=True),
    Rule("percentage", check_percentages),
    Rule("number-word", check_number_words, english_only=True),
    Rule("large-number", check_large_numbers),
    Rule("roman-numeral", check_roman_numerals),
    Rule("hard-word", check_hard_words, english_only=True),
    Rule("passive-voice", check_passive_voice, english_only=True),
    Rule("piled-negatives", check_piled_negatives, english_only=True),
    Rule("one-idea", check_one_idea, english_only=True),
    Rule("sentence-length", check_sentence_length),
)


class _NoGlossary:
    """The glossary of a language that has none."""

    def find_terms(self, text: str) -> Sequence[TermMatch]:
        return []


_NO_GLOSSARY = _NoGlossary()


def _glossary_for(lang: str) -> GlossaryLike:
    if lang not in GLOSSARY_LANGUAGES:
        return _NO_GLOSSARY
    return load_glossary(lang)


def normalise_lang(lang: str) -> str:
    """ "en-GB" -> "en", "CY" -> "cy"; an empty code means English."""
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code or "en"


def check(text: str, lang: str = "en", *, glossary: GlossaryLike | None = None) -> Report:
    """Check `text` against the easy-read rules for `lang`.

    `text` may be plain text, Markdown or HTML; finding spans point into
    `text` as given. `glossary` defaults to `load_glossary(lang)`; pass one to
    check against other terms (tests do).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    lang = normalise_lang(lang)
    doc = build_document(text)
    if glossary is None:
        glossary = _glossary_for(lang)
    ctx = Context(doc=doc, lang=lang, glossary=glossary)
    if doc.words:
        ctx.term_matches = sorted(ctx.glossary.find_terms(doc.plain), key=lambda m: m.start)
    findings: list[Finding] = []
    for rule in RULES:
        if rule.english_only and not ctx.english:
            continue
        findings.extend(rule.run(ctx))
    findings.sort(key=lambda finding: (finding.start, finding.end, finding.rule))
    return Report(lang=lang, summary=_summary(ctx), findings=tuple(findings))


def _summary(ctx: Context) -> Summary:
    sentences = ctx.doc.sentences
    words = len(ctx.doc.words)
    return Summary(
        sentences=len(sentences),
        words=words,
        average_sentence_words=words / len(sentences) if sentences else 0.0,
        longest_sentence_words=max((s.word_count for s in sentences), default=0),
        hard_word_share=sum(ctx.hard) / words if words else 0.0,
    )

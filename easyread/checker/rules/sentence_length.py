"""Sentence length (rule `sentence-length`, every language).

Guidance: short sentences, aiming for 15 words or fewer. Inclusion Europe
"Information for all" ("keep your sentences short"), Mencap "Am I making
myself clear?" (no more than 15 to 20 words), Department of Health (2010)
"Making written information easier to understand for people with learning
disabilities" (sentences of about 15 words).

Over 15 words is a warning; over 25 words is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context

RULE = "sentence-length"
AIM = 15
LIMIT = 25


def check_sentence_length(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.doc.sentences:
        count = sentence.word_count
        if count <= AIM:
            continue
        severity = Severity.ERROR if count > LIMIT else Severity.WARNING
        parts = -(-count // AIM)
        yield ctx.finding(
            RULE,
            severity,
            sentence.start,
            sentence.end,
            f"This sentence has {count} words. Split it into sentences of {AIM} words or fewer.",
            f"Try {parts} short sentences, with one idea in each.",
        )

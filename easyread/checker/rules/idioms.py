"""Idioms and metaphors (rule `idiom`, English).

Guidance: Mencap "Am I making myself clear?" (say exactly what you mean; do
not use metaphors or figures of speech), Inclusion Europe "Information for
all" (do not use metaphors or words that mean something else), Department of
Health (2010) (avoid jargon and figures of speech; many people take words
literally).

A warning for any phrase on the list in `data/en/idioms.json` ("touch base",
"on the same page", "get the ball rolling"), with a plain way to say it.
"Step down" is not on the list: in this service it is a glossary term (moving
to less intensive care), reported by the `glossary-term` rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from easyread.checker.data import Idiom, idioms
from easyread.checker.model import Finding, Severity
from easyread.checker.phrases import PhraseMatcher
from easyread.checker.rules import Context, quote

RULE = "idiom"


@cache
def _matcher() -> PhraseMatcher[Idiom]:
    return PhraseMatcher((form, idiom) for idiom in idioms() for form in idiom.forms)


def check_idioms(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    for first, last, idiom in _matcher().find(doc):
        if ctx.any_claimed(first, last):
            continue
        ctx.claim(first, last)
        start, end = doc.words[first].start, doc.words[last - 1].end
        yield ctx.finding(
            RULE,
            Severity.WARNING,
            start,
            end,
            f"{quote(ctx.text(start, end))} is an idiom. Some readers take it word for word. "
            "Say what you mean.",
            f"Say something like '{idiom.say}'.",
        )

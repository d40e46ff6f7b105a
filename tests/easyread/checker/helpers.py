"""Helpers for the checker tests: a small fake glossary and short ways to run a rule."""

from __future__ import annotations

import re
from collections.abc import Sequence

from easyread.checker import check
from easyread.checker.model import Finding, Report, Severity
from easyread.glossary.model import Term, TermMatch

CETR = Term(
    key="cetr",
    term="CETR",
    variants=("CETRs",),
    meaning="A meeting about you. People check you get good care.",
    pictogram="meeting",
    is_abbreviation=True,
)
CARE_PLAN = Term(
    key="care-plan",
    term="care plan",
    variants=("care plans",),
    meaning="A written plan of the help you will get.",
    pictogram="plan",
)
STEP_DOWN = Term(
    key="step-down",
    term="step down",
    variants=(),
    meaning="Moving to care that is less intensive.",
    pictogram="stairs",
)


class FakeGlossary:
    """Finds its terms as whole words; abbreviations must match their capitals."""

    def __init__(self, *terms: Term) -> None:
        self.terms = terms

    def find_terms(self, text: str) -> Sequence[TermMatch]:
        found: list[TermMatch] = []
        taken: list[tuple[int, int]] = []
        forms = sorted(
            ((form, term) for term in self.terms for form in (term.term, *term.variants)),
            key=lambda pair: -len(pair[0]),
        )
        for form, term in forms:
            flags = 0 if term.is_abbreviation else re.IGNORECASE
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                found.append(TermMatch(term, match.start(), match.end(), match.group(0)))
        return sorted(found, key=lambda match: match.start)


NO_GLOSSARY = FakeGlossary()
SMALL_GLOSSARY = FakeGlossary(CETR, CARE_PLAN, STEP_DOWN)

ENGLISH_ONLY_RULES = frozenset(
    {"one-idea", "hard-word", "passive-voice", "number-word", "idiom", "piled-negatives"}
)


def run(text: str, lang: str = "en", glossary: FakeGlossary = NO_GLOSSARY) -> Report:
    """Check `text` with a fake glossary (none by default), so only the rules decide."""
    return check(text, lang, glossary=glossary)


def findings(
    text: str, rule: str, lang: str = "en", glossary: FakeGlossary = NO_GLOSSARY
) -> list[Finding]:
    return [finding for finding in run(text, lang, glossary).findings if finding.rule == rule]


def flagged(
    text: str, rule: str, lang: str = "en", glossary: FakeGlossary = NO_GLOSSARY
) -> list[str]:
    """The words each finding of `rule` underlines."""
    return [text[f.start : f.end] for f in findings(text, rule, lang, glossary)]


def severities(text: str, rule: str, lang: str = "en") -> list[Severity]:
    return [finding.severity for finding in findings(text, rule, lang)]

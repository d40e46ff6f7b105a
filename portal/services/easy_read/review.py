"""Checking text that families will read, before staff save it.

Errors must be fixed. Warnings can be saved anyway once the writer has seen
them and ticked "save anyway": sometimes a long word is the right word.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import easyread
from easyread import Finding, Report


@dataclass(frozen=True)
class FindingInContext:
    """A finding with the words it is about, for showing to the writer."""

    finding: Finding
    quoted: str


@dataclass(frozen=True)
class TextReview:
    text: str
    report: Report

    @property
    def has_errors(self) -> bool:
        return bool(self.report.errors)

    @property
    def has_warnings(self) -> bool:
        return bool(self.report.warnings)

    def findings_in_context(self) -> list[FindingInContext]:
        return [
            FindingInContext(finding, self.text[finding.start : finding.end])
            for finding in sorted(self.report.findings, key=lambda f: (f.start, f.rule))
        ]

    def may_save(self, *, save_anyway: bool) -> bool:
        """Saving is allowed with no errors, and with warnings only once the
        writer has chosen to save anyway."""
        if self.has_errors:
            return False
        return save_anyway or not self.has_warnings


# Family pages link every glossary term to "Words we use" where it first
# appears, so a term needs no explanation in the text itself.
LINKED_BY_THE_PORTAL = frozenset({"glossary-term"})


def review_family_text(text: str, lang: str = "en") -> TextReview:
    report = easyread.check(text, lang)
    kept = tuple(f for f in report.findings if f.rule not in LINKED_BY_THE_PORTAL)
    return TextReview(text=text, report=replace(report, findings=kept))

"""What the checker reports: findings with a rule, a severity and a span."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing a reader may struggle with.

    `start` and `end` are character offsets into the checked text (end
    exclusive), so an editor can underline exactly the words at fault.
    """

    rule: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Summary:
    sentences: int
    words: int
    average_sentence_words: float
    longest_sentence_words: int
    # Hard words (long, rare or jargon) as a share of all words, 0.0 to 1.0.
    hard_word_share: float

    def to_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences,
            "words": self.words,
            "average_sentence_words": round(self.average_sentence_words, 1),
            "longest_sentence_words": self.longest_sentence_words,
            "hard_word_share": round(self.hard_word_share, 3),
        }


@dataclass(frozen=True)
class Report:
    lang: str
    summary: Summary
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def passes(self) -> bool:
        """True when there are no errors (warnings may remain)."""
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "summary": self.summary.to_dict(),
            "findings": [finding.to_dict() for finding in self.findings],
        }

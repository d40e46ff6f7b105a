"""The checker's rules, and what every rule is given to work with.

A rule is a function that takes a `Context` and yields findings. Rules run in
the order of `easyread.checker.RULES`; a rule may *claim* words (a glossary
term, a date, an idiom) so that later rules leave them alone and one problem
is reported once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from easyread.checker.document import Document
from easyread.checker.model import Finding, Severity
from easyread.glossary.model import TermMatch

__all__ = ["Context", "GlossaryLike", "Rule", "quote"]


class GlossaryLike(Protocol):
    """What the checker needs from a glossary (see `easyread.glossary.Glossary`)."""

    def find_terms(self, text: str) -> Sequence[TermMatch]: ...


@dataclass
class Context:
    """The document being checked, its language and the glossary to use."""

    doc: Document
    lang: str
    glossary: GlossaryLike
    # One flag per word: 1 when an earlier rule has reported it.
    claimed: bytearray = field(default_factory=bytearray)
    # One flag per word: 1 when it counts as a hard word in the summary.
    hard: bytearray = field(default_factory=bytearray)
    # Glossary matches in the plain text, found once and shared.
    term_matches: list[TermMatch] = field(default_factory=list)

    def __post_init__(self) -> None:
        count = len(self.doc.words)
        self.claimed = bytearray(count)
        self.hard = bytearray(count)

    @property
    def english(self) -> bool:
        return self.lang == "en"

    def finding(
        self,
        rule: str,
        severity: Severity,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
    ) -> Finding:
        """A finding for the plain-text span `start:end`, pointing into the original."""
        original_start, original_end = self.doc.to_original(start, end)
        return Finding(rule, severity, original_start, original_end, message, suggestion)

    def claim(self, first: int, last: int) -> None:
        """Mark words `first` to `last - 1` as reported."""
        for index in range(first, last):
            self.claimed[index] = 1

    def any_claimed(self, first: int, last: int) -> bool:
        return any(self.claimed[first:last])

    def text(self, start: int, end: int) -> str:
        return self.doc.plain[start:end]


@dataclass(frozen=True)
class Rule:
    """A named check. `english_only` rules are skipped for other languages."""

    name: str
    run: Callable[[Context], Iterable[Finding]]
    english_only: bool = False


def quote(text: str, limit: int = 40) -> str:
    """`text` in single quotes for a message, shortened at a space when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[: limit - 1]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip() + "…"
    return f"'{text}'"

"""The safeguarding triage's corpora (tests/portal/services/feedback/risk_corpus/),
read and measured: for the corpus tests and bench/triage.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from portal.services.feedback.triage import RiskKind, triage_feedback

CORPUS_DIR = Path(__file__).resolve().parent.parent / "portal/services/feedback/risk_corpus"


@dataclass(frozen=True)
class Corpus:
    name: str
    disclosures: tuple[tuple[RiskKind, str], ...]
    ordinary: tuple[str, ...]


def _lines(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def load_corpus(prefix: str = "") -> Corpus:
    """The main corpus, or with a prefix such as "held_out_3_" a held-out one."""
    disclosures = []
    for line in _lines(CORPUS_DIR / f"{prefix}disclosures.txt"):
        kind, phrase = line.split("\t", 1)
        disclosures.append((RiskKind(kind), phrase))
    ordinary = tuple(_lines(CORPUS_DIR / f"{prefix}ordinary.txt"))
    return Corpus(prefix.rstrip("_") or "main", tuple(disclosures), ordinary)


@dataclass
class Measure:
    """How the triage does on a corpus."""

    misses: list[tuple[RiskKind, str]] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    total_by_kind: Counter[RiskKind] = field(default_factory=Counter)
    found_by_kind: Counter[RiskKind] = field(default_factory=Counter)
    right_kind: int = 0
    disclosures: int = 0
    ordinary: int = 0

    @property
    def recall(self) -> float:
        return 1 - len(self.misses) / self.disclosures if self.disclosures else 1.0

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.ordinary if self.ordinary else 0.0

    def recall_of(self, kind: RiskKind) -> float:
        total = self.total_by_kind[kind]
        return self.found_by_kind[kind] / total if total else 1.0


def measure(corpus: Corpus) -> Measure:
    result = Measure(disclosures=len(corpus.disclosures), ordinary=len(corpus.ordinary))
    for kind, phrase in corpus.disclosures:
        result.total_by_kind[kind] += 1
        triage = triage_feedback(phrase)
        if triage.flagged:
            result.found_by_kind[kind] += 1
            result.right_kind += kind in triage.kinds
        else:
            result.misses.append((kind, phrase))
    result.false_positives = [text for text in corpus.ordinary if triage_feedback(text).flagged]
    return result

"""A small text classifier for the safeguarding triage: how likely is it that
a comment discloses risk?

Logistic regression on TF-IDF features, written in plain Python so that the
portal needs no machine-learning library: character n-grams of 2 to 5
letters within words (each word padded with a space either side, the way
scikit-learn's "char_wb" analyser does), and word unigrams and bigrams
(words of two or more letters or digits). Each count is read sublinearly
(1 + ln count), weighted by its inverse document frequency
(ln((1 + n) / (1 + df)) + 1), and each of the two blocks is scaled to unit
length on its own before the weights are applied.

The weights, document frequencies, bias and threshold are in the shipped
`risk_model.json`, made by `scripts/train_risk_model.py` (which also records
the corpora and phrase counts it was trained on); the file is read once.
See docs/safeguarding-triage.md, "The classifier".
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

MODEL_FILE = "risk_model.json"
CHAR_RANGE = (2, 5)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str) -> list[str]:
    """Character n-grams of 2 to 5 within each word padded with spaces, as
    scikit-learn's char_wb analyser makes them (a short word once only)."""
    grams: list[str] = []
    low, high = CHAR_RANGE
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            if length <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


def word_ngrams(text: str) -> list[str]:
    """Words of two or more letters or digits, and each pair in order."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def sublinear_counts(grams: list[str]) -> dict[str, float]:
    return {gram: 1.0 + math.log(count) for gram, count in Counter(grams).items()}


def idf(document_frequency: int, documents: int) -> float:
    """Smoothed inverse document frequency, as scikit-learn's default."""
    return math.log((1 + documents) / (1 + document_frequency)) + 1.0


def unit_vector(counts: dict[str, float], idfs: dict[str, float]) -> dict[str, float]:
    """TF-IDF of the grams in the vocabulary (`idfs`), scaled to length 1."""
    weighted = {gram: tf * idfs[gram] for gram, tf in counts.items() if gram in idfs}
    norm = math.sqrt(sum(value * value for value in weighted.values()))
    return {gram: value / norm for gram, value in weighted.items()} if norm else {}


def features(text: str, char_idf: dict[str, float], word_idf: dict[str, float]) -> dict[str, float]:
    """The feature vector of `text`: character grams, then word grams
    (prefixed "w:" so the two blocks never share a key)."""
    chars = unit_vector(sublinear_counts(char_ngrams(text)), char_idf)
    words = unit_vector(sublinear_counts(word_ngrams(text)), word_idf)
    return chars | {f"w:{gram}": value for gram, value in words.items()}


@dataclass(frozen=True)
class RiskModel:
    char_idf: dict[str, float]
    word_idf: dict[str, float]
    weights: dict[str, float]
    bias: float
    threshold: float
    trained_on: dict[str, int]

    def probability(self, text: str) -> float:
        vector = features(text, self.char_idf, self.word_idf)
        weights = self.weights
        score = self.bias + sum(value * weights.get(key, 0.0) for key, value in vector.items())
        return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0


def _idfs(by_df: dict[str, str], documents: int) -> dict[str, float]:
    """The vocabulary, stored as its grams grouped by document frequency."""
    return {
        gram: idf(int(df), documents)
        for df, grams in by_df.items()
        for gram in grams.split("\n")
        if gram
    }


def model_from_json(data: dict[str, Any]) -> RiskModel:
    documents = int(data["documents"])
    return RiskModel(
        char_idf=_idfs(data["char_vocabulary"], documents),
        word_idf=_idfs(data["word_vocabulary"], documents),
        weights={str(key): float(value) for key, value in data["weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        trained_on={str(key): int(value) for key, value in data["trained_on"].items()},
    )


@cache
def shipped_model() -> RiskModel:
    """The model shipped with the portal, read once."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def risk_probability(text: str) -> float:
    """How likely the shipped model finds it that `text` discloses risk."""
    return shipped_model().probability(text) if text and text.strip() else 0.0

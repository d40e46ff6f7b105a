"""Train the safeguarding triage's classifier and write
portal/services/feedback/risk_model.json (docs/safeguarding-triage.md).

    .venv/bin/python scripts/train_risk_model.py             # train and write
    .venv/bin/python scripts/train_risk_model.py --evaluate  # time-ordered figures

Plain Python and deterministic: L2-regularised logistic regression with
balanced class weights (as scikit-learn's class_weight="balanced"), C = 10,
fitted by full-batch Nesterov accelerated gradient descent with a fixed step
and adaptive restart, from zero. It trains on the main corpus, held-out
corpora 1 to 8, the everyday messages and the training_2 and training_3
corpora; held-out 9 and the held-out messages are never trained on.
--evaluate trains, for each of held-outs 4, 5 and 6, only on the corpora
written before it, and prints recall and false positives at thresholds 0.5,
0.6 and 0.7 for the classifier alone and for the rules or the classifier.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.services.feedback.risk_model import (  # noqa: E402
    RiskModel,
    char_ngrams,
    features,
    idf,
    word_ngrams,
)
from tests.support.risk_corpus import load_corpus  # noqa: E402

MODEL_PATH = ROOT / "portal/services/feedback/risk_model.json"
# In the order they were written.
CORPORA = ("", "held_out_", "held_out_2_", "held_out_3_", "held_out_4_", "held_out_5_")
TRAINED_ON = (
    *CORPORA,
    "held_out_6_",
    "messages_",
    "training_2_",
    "held_out_7_",
    "held_out_8_",
    "training_3_",
)
C = 10.0
ITERATIONS = 400
THRESHOLD = 0.6  # the policy's threshold (docs/safeguarding-triage.md)
PRUNE_BELOW = 0.02
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Examples:
    texts: tuple[str, ...]
    labels: tuple[int, ...]  # 1: a disclosure


def corpus_files(prefix: str) -> tuple[str, str]:
    return f"{prefix}disclosures.txt", f"{prefix}ordinary.txt"


def examples_of(prefixes: Sequence[str]) -> Examples:
    texts: list[str] = []
    labels: list[int] = []
    for prefix in prefixes:
        corpus = load_corpus(prefix)
        texts += [phrase for _, phrase in corpus.disclosures]
        labels += [1] * len(corpus.disclosures)
        texts += list(corpus.ordinary)
        labels += [0] * len(corpus.ordinary)
    return Examples(tuple(texts), tuple(labels))


def phrase_counts(prefixes: Sequence[str]) -> dict[str, int]:
    """Each corpus file trained on, with its number of phrases."""
    counts: dict[str, int] = {}
    for prefix in prefixes:
        corpus = load_corpus(prefix)
        disclosures, ordinary = corpus_files(prefix)
        counts[disclosures] = len(corpus.disclosures)
        counts[ordinary] = len(corpus.ordinary)
    return counts


def document_frequencies(texts: Sequence[str]) -> tuple[Counter[str], Counter[str]]:
    chars: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for text in texts:
        chars.update(set(char_ngrams(text)))
        words.update(set(word_ngrams(text)))
    return chars, words


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


Rows = list[tuple[list[int], list[float]]]


def _gradient(
    rows: Rows, targets: list[float], weights: list[float], point: list[float], bias: float
) -> tuple[list[float], float]:
    """The gradient of the mean weighted log loss at (point, bias), without
    the penalty."""
    grad = [0.0] * len(point)
    grad_bias = 0.0
    for (indices, values), target, weight in zip(rows, targets, weights, strict=True):
        z = bias + sum(point[j] * v for j, v in zip(indices, values, strict=True))
        residual = weight * (_sigmoid(z) - target)
        grad_bias += residual
        for j, v in zip(indices, values, strict=True):
            grad[j] += residual * v
    n = len(rows)
    return [g / n for g in grad], grad_bias / n


def fit(rows: Rows, labels: Sequence[int], size: int, iterations: int) -> tuple[list[float], float]:
    """Weights and bias minimising the mean of the class-balanced log loss
    plus |w|^2 / (2 C n): the minimiser of scikit-learn's objective."""
    n = len(rows)
    positives = sum(labels)
    balance = {1: n / (2 * positives), 0: n / (2 * (n - positives))}
    weights = [balance[label] for label in labels]
    targets = [float(label) for label in labels]
    penalty = 1.0 / (C * n)
    # A bound on the gradient's Lipschitz constant: a quarter of the mean
    # weighted squared length of the rows, plus the penalty.
    lipschitz = (
        0.25 * sum(w * sum(v * v for v in vs) for (_, vs), w in zip(rows, weights, strict=True)) / n
        + penalty
    )
    step = 1.0 / lipschitz
    w, b = [0.0] * size, 0.0
    y, y_b, t = list(w), b, 1.0
    for _ in range(iterations):
        grad, grad_b = _gradient(rows, targets, weights, y, y_b)
        new_w = [yj - step * (gj + penalty * yj) for yj, gj in zip(y, grad, strict=True)]
        new_b = y_b - step * grad_b
        # Restart the momentum when it points uphill (O'Donoghue and Candes).
        uphill = sum(
            (g + penalty * yj) * (nw - wj) for g, yj, nw, wj in zip(grad, y, new_w, w, strict=True)
        )
        if uphill > 0:
            t = 1.0
        t_next = (1 + math.sqrt(1 + 4 * t * t)) / 2
        momentum = (t - 1) / t_next
        y = [nw + momentum * (nw - wj) for nw, wj in zip(new_w, w, strict=True)]
        y_b = new_b + momentum * (new_b - b)
        w, b, t = new_w, new_b, t_next
    return w, b


def train(examples: Examples, iterations: int = ITERATIONS) -> RiskModel:
    """A model trained on `examples`, every weight kept."""
    n = len(examples.texts)
    char_df, word_df = document_frequencies(examples.texts)
    char_idf = {gram: idf(df, n) for gram, df in char_df.items()}
    word_idf = {gram: idf(df, n) for gram, df in word_df.items()}
    keys = sorted(char_idf) + sorted(f"w:{gram}" for gram in word_idf)
    index = {key: i for i, key in enumerate(keys)}
    rows: Rows = []
    for text in examples.texts:
        vector = features(text, char_idf, word_idf)
        ordered = sorted(vector)
        rows.append(([index[key] for key in ordered], [vector[key] for key in ordered]))
    w, b = fit(rows, examples.labels, len(keys), iterations)
    weights = {key: value for key, value in zip(keys, w, strict=True)}
    return RiskModel(char_idf, word_idf, weights, b, THRESHOLD, {})


def _vocabulary(frequencies: Counter[str]) -> dict[str, str]:
    by_df: dict[int, list[str]] = {}
    for gram, df in frequencies.items():
        by_df.setdefault(df, []).append(gram)
    return {str(df): "\n".join(sorted(grams)) for df, grams in sorted(by_df.items())}


def model_json(model: RiskModel, examples: Examples, trained_on: dict[str, int]) -> str:
    """The model file: small weights pruned, the vocabulary kept whole (the
    lengths of the vectors depend on every gram)."""
    char_df, word_df = document_frequencies(examples.texts)
    weights = {
        key: round(value, 4)
        for key, value in sorted(model.weights.items())
        if abs(value) >= PRUNE_BELOW
    }
    data = {
        "about": "Made by scripts/train_risk_model.py; see docs/safeguarding-triage.md.",
        "trained_on": trained_on,
        "documents": len(examples.texts),
        "threshold": model.threshold,
        "bias": round(model.bias, 6),
        "weights": weights,
        "char_vocabulary": _vocabulary(char_df),
        "word_vocabulary": _vocabulary(word_df),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def _rates(flags: Sequence[bool], labels: Sequence[int]) -> str:
    positives = sum(labels)
    found = sum(f for f, label in zip(flags, labels, strict=True) if label)
    false = sum(f for f, label in zip(flags, labels, strict=True) if not label)
    negatives = len(labels) - positives
    return f"{100 * found / positives:5.1f}% / {100 * false / negatives:4.1f}%"


def evaluate() -> None:
    """Time-ordered evaluation: each test corpus against a model trained only
    on the corpora written before it."""
    from portal.services.feedback.triage import rules_flag

    print("corpus  thr  classifier      or all rules    or narrow rules (recall / false positives)")
    for test in ("held_out_4_", "held_out_5_", "held_out_6_"):
        earlier = TRAINED_ON[: TRAINED_ON.index(test)]
        model = train(examples_of(earlier))
        examples = examples_of([test])
        labels = examples.labels
        probabilities = [model.probability(text) for text in examples.texts]
        rules = [rules_flag(text) for text in examples.texts]
        narrow = [rules_flag(text, backstop=False) for text in examples.texts]
        name = test.removeprefix("held_out_").rstrip("_")
        for threshold in THRESHOLDS:
            alone = [p >= threshold for p in probabilities]
            either = [a or r for a, r in zip(alone, rules, strict=True)]
            either_narrow = [a or r for a, r in zip(alone, narrow, strict=True)]
            print(
                f"ho{name:<5} {threshold:.2f} {_rates(alone, labels)}  "
                f"{_rates(either, labels)}  {_rates(either_narrow, labels)}"
            )
        print(
            f"ho{name:<5} rules alone: all {_rates(rules, labels)}, narrow {_rates(narrow, labels)}"
        )


def main(arguments: list[str]) -> int:
    if "--evaluate" in arguments:
        evaluate()
        return 0
    examples = examples_of(TRAINED_ON)
    model = train(examples)
    MODEL_PATH.write_text(model_json(model, examples, phrase_counts(TRAINED_ON)), encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}: {len(examples.texts)} phrases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

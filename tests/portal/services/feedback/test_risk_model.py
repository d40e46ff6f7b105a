"""The triage's classifier (risk_model) and its training script."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

from portal.services.feedback.risk_model import (
    char_ngrams,
    features,
    idf,
    risk_probability,
    shipped_model,
    word_ngrams,
)

ROOT = Path(__file__).resolve().parents[4]


def _training_script() -> ModuleType:
    path = ROOT / "scripts/train_risk_model.py"
    spec = importlib.util.spec_from_file_location("train_risk_model", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_risk_model", module)
    spec.loader.exec_module(module)
    return module


def test_character_grams_are_padded_words_as_scikit_learn_makes_them() -> None:
    assert char_ngrams("Hi a") == [" h", "hi", "i ", " hi", "hi ", " hi ", " a", "a ", " a "]


def test_word_grams_are_words_of_two_letters_or_more_and_pairs() -> None:
    assert word_ngrams("I want a cup, of tea") == [
        "want", "cup", "of", "tea", "want cup", "cup of", "of tea",
    ]  # fmt: skip


def test_features_are_sublinear_idf_weighted_and_each_block_of_unit_length() -> None:
    char_idf = {" h": 1.0, "hi": 2.0}
    word_idf = {"hi": 1.0}
    vector = features("hi hi", char_idf, word_idf)
    tf = 1 + math.log(2)
    norm = math.hypot(tf * 1.0, tf * 2.0)
    assert math.isclose(vector[" h"], tf / norm)
    assert math.isclose(vector["hi"], 2 * tf / norm)
    assert vector["w:hi"] == 1.0
    assert math.isclose(idf(1, 3), math.log(2) + 1)


def test_a_clear_disclosure_is_likely_and_an_ordinary_comment_is_not() -> None:
    assert risk_probability("i want to kill myself tonight") > 0.9
    assert risk_probability("the appointment was on time and the worker was kind") < 0.2
    assert risk_probability("") == 0.0


def test_the_model_was_trained_on_the_corpora_as_they_are_now() -> None:
    """Fails when a corpus changes after training: run scripts/train_risk_model.py."""
    script = _training_script()
    recorded = shipped_model().trained_on
    assert recorded == script.phrase_counts(script.TRAINED_ON), "retrain the model"
    never_trained_on = ("held_out_9_", "held_out_messages_")
    assert not any(name.startswith(never_trained_on) for name in recorded)


def test_training_is_deterministic_on_a_small_sample() -> None:
    script = _training_script()
    examples = script.Examples(
        ("nobody would miss me", "i want to die", "the bus was late", "thanks for the call"),
        (1, 1, 0, 0),
    )
    first = script.train(examples, iterations=30)
    second = script.train(examples, iterations=30)
    assert first.weights == second.weights and first.bias == second.bias
    assert first.probability("i want to die") > first.probability("the bus was late")

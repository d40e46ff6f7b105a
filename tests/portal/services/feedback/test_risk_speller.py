"""The speller corrects misspellings of the rules' words but never a real
English word, from the word list shipped in the package."""

from __future__ import annotations

import pytest

from portal.services.feedback import triage
from portal.services.feedback.risk_speller import Speller, english_words
from portal.services.feedback.triage import triage_feedback

RISK_WORDS = triage._SPELLER.lexicon


def test_the_word_list_is_shipped_and_read_from_the_package() -> None:
    words = english_words()
    assert len(words) > 50_000
    assert {"struggling", "scored", "scares", "stabs"} <= words
    assert all(word.isalpha() and word.islower() for word in words)


@pytest.mark.parametrize(
    ("word", "not_read_as"),
    [("struggling", "strangling"), ("scored", "scared"), ("depth", "death"), ("dancer", "danger")],
)
def test_a_real_word_is_never_corrected_into_a_risk_word(word: str, not_read_as: str) -> None:
    assert triage._SPELLER.correct(word) == word
    assert Speller([not_read_as]).correct(word) == word


def test_no_word_in_the_list_is_corrected_into_another_word() -> None:
    # Every real word near a rule's word is read as itself.
    speller = triage._SPELLER
    changed = [word for word in english_words() if speller.correct(word) != word]
    assert changed == []


@pytest.mark.parametrize(
    ("word", "meant"),
    [("sucidal", "suicidal"), ("burdan", "burden"), ("strangeled", "strangled")],
)
def test_a_misspelling_that_is_no_word_is_still_corrected(word: str, meant: str) -> None:
    assert meant in RISK_WORDS
    assert triage._SPELLER.correct(word) == meant


@pytest.mark.parametrize(
    "text", ["he was struggling with the bus timetable", "she scored two goals at football"]
)
def test_real_words_near_risk_words_do_not_flag(text: str) -> None:
    assert not triage_feedback(text).flagged


def test_a_speller_can_be_given_its_own_real_words() -> None:
    assert Speller(["pills"], known=[]).correct("pulls") == "pills"
    assert Speller(["pills"], known=["pulls"]).correct("pulls") == "pulls"

"""Rule `hard-word`: formal words with an everyday one to use, wordy phrases, long words."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from easyread.checker.rules.hard_words import base_forms, is_long, syllables
from tests.easyread.checker.helpers import findings, flagged


def test_a_formal_word_gets_its_everyday_word() -> None:
    text = "We will facilitate the visit."
    (finding,) = findings(text, "hard-word")
    assert (finding.start, finding.end) == (8, 18)
    assert finding.severity is Severity.WARNING
    assert finding.message == "'facilitate' is a hard word. Say 'help' instead."
    assert finding.suggestion == "help"


@pytest.mark.parametrize(
    ("text", "word", "say"),
    [
        ("The group will commence soon.", "commence", "start"),
        ("The group commenced last week.", "commenced", "start"),
        ("We are commencing the group.", "commencing", "start"),
        ("She utilises the room.", "utilises", "use"),
        ("Your medication is ready.", "medication", "medicine"),
        ("Approximately ten people came.", "Approximately", "about"),
    ],
)
def test_forms_of_listed_words_are_found(text: str, word: str, say: str) -> None:
    (finding,) = findings(text, "hard-word")
    assert text[finding.start : finding.end] == word
    assert finding.suggestion == say


def test_a_wordy_phrase_gets_a_short_one() -> None:
    text = "Come early in order to find a seat."
    (finding,) = findings(text, "hard-word")
    assert text[finding.start : finding.end] == "in order to"
    assert finding.suggestion == "to"


def test_a_long_word_is_reported_without_a_suggestion() -> None:
    (finding,) = findings("We need a comprehensibility check.", "hard-word")
    assert finding.suggestion is None
    assert "long word" in finding.message


def test_everyday_long_words_pass() -> None:
    text = "Everything is fine. Everyone can have information about the appointment."
    assert findings(text, "hard-word") == []


def test_plain_short_words_pass() -> None:
    assert findings("We will help you start at your new school.", "hard-word") == []


def test_names_in_the_middle_of_a_sentence_pass() -> None:
    assert flagged("You will meet Alexandria Montgomery-Smith.", "hard-word") == []


def test_words_in_capitals_are_left_to_the_capitals_rules() -> None:
    assert findings("Read the ACCOMMODATION notes.", "hard-word") == []


def test_it_is_english_only() -> None:
    assert findings("Facilitate commence.", "hard-word", "cy") == []


def test_syllables_are_roughly_right() -> None:
    assert syllables("help") == 1
    assert syllables("likely") == 2
    assert syllables("walked") == 1
    assert syllables("information") == 4
    assert syllables("communication") == 5


def test_is_long_uses_the_everyday_list_and_the_letter_count() -> None:
    assert is_long("responsibilities")
    assert is_long("characterisations")
    assert not is_long("everything")
    assert not is_long("activities")
    assert not is_long("school")


def test_base_forms_cover_common_endings() -> None:
    assert "modify" in base_forms("modifies")
    assert "commence" in base_forms("commenced")
    assert "permit" in base_forms("permitted")
    assert "initiate" in base_forms("initiating")

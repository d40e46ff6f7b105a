"""Rule `passive-voice`: "will be reviewed by", "was agreed"."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import findings, flagged


def test_will_be_reviewed_by_names_who_should_come_first() -> None:
    text = "Your plan will be reviewed by your keyworker next week."
    (finding,) = findings(text, "passive-voice")
    assert text[finding.start : finding.end] == "will be reviewed"
    assert (finding.start, finding.end) == (10, 26)
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "Start with who does it: 'your keyworker …'"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("It was agreed.", "was agreed"),
        ("The date has been decided.", "has been decided"),
        ("Your plan is being written.", "is being written"),
        ("You were not told.", "were not told"),
        ("It needs to be signed.", "to be signed"),
    ],
)
def test_passive_forms_are_found(text: str, words: str) -> None:
    assert flagged(text, "passive-voice") == [words]


@pytest.mark.parametrize(
    "text",
    [
        "Your keyworker will review your plan.",
        "I am tired.",
        "We are worried about you.",
        "The office is closed on Monday.",
        "You are allowed to bring a friend.",
        "Sam is 15 and is fed up.",
        "The meeting is at school.",
        "This is called a review.",
    ],
)
def test_active_sentences_and_describing_words_pass(text: str) -> None:
    assert findings(text, "passive-voice") == []


def test_it_is_english_only() -> None:
    assert findings("It was agreed.", "passive-voice", "pl") == []

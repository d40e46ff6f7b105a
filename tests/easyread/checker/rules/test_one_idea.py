"""Rule `one-idea`: semicolons, or three or more parts joined in one sentence."""

from __future__ import annotations

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import findings, flagged


def test_a_semicolon_joins_two_ideas() -> None:
    text = "We will meet on Monday; we will talk about school."
    (finding,) = findings(text, "one-idea")
    assert finding.severity is Severity.WARNING
    assert text[finding.start : finding.end] == text
    assert "semicolon" in finding.message


def test_three_parts_joined_by_and_because_and_but() -> None:
    text = "We will meet and we will talk because it helps, but you can say no."
    (finding,) = findings(text, "one-idea")
    assert "'and', 'because', 'but'" in finding.message
    assert finding.suggestion == "Start a new sentence at 'and'."


def test_which_and_although_count() -> None:
    text = "The meeting, which is at school, is short although it can run late."
    assert flagged(text, "one-idea") == [text]


def test_one_joiner_is_fine() -> None:
    assert findings("We will meet because you asked us to.", "one-idea") == []


def test_and_between_names_is_not_a_new_part() -> None:
    text = "Your mum and dad and your sister can come, but it is up to you."
    assert findings(text, "one-idea") == []


def test_short_sentences_and_a_semicolon_at_the_end_pass() -> None:
    assert findings("Yes; no.", "one-idea") == []
    assert findings("Things to bring to the meeting;", "one-idea") == []


def test_it_is_english_only() -> None:
    text = "Byddwn ni'n cwrdd; byddwn ni'n siarad am yr ysgol a'r cartref."
    assert findings(text, "one-idea", "cy") == []

"""Rule `piled-negatives`: "not unlikely", double negatives."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import findings, flagged


def test_not_unlikely_suggests_likely() -> None:
    text = "It is not unlikely to rain."
    (finding,) = findings(text, "piled-negatives")
    assert (finding.start, finding.end) == (6, 18)
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "Say 'likely'."


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("This is not uncommon.", "not uncommon"),
        ("It is not impossible.", "not impossible"),
        ("It is not without risk.", "not without"),
        ("I don't know nothing.", "don't know nothing"),
        ("We can't never go.", "can't never"),
    ],
)
def test_piled_negatives_are_found(text: str, words: str) -> None:
    assert flagged(text, "piled-negatives") == [words]


@pytest.mark.parametrize(
    "text",
    [
        "You can't say no.",
        "You don't have to say no.",
        "I do not understand.",
        "Not until Monday.",
        "It is not unique.",
        "It is likely.",
        "We do not know. Nobody told us.",
    ],
)
def test_single_negatives_pass(text: str) -> None:
    assert findings(text, "piled-negatives") == []


def test_it_is_english_only() -> None:
    assert findings("It is not unlikely.", "piled-negatives", "cy") == []

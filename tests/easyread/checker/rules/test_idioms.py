"""Rule `idiom`: idioms and metaphors from the list, with a plain way to say each."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import SMALL_GLOSSARY, findings, flagged


def test_touch_base_is_an_idiom() -> None:
    text = "We will touch base soon."
    (finding,) = findings(text, "idiom")
    assert (finding.start, finding.end) == (8, 18)
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "Say something like 'talk'."


@pytest.mark.parametrize(
    ("text", "idiom"),
    [
        ("We touched base yesterday.", "touched base"),
        ("Let us get on the same page.", "on the same page"),
        ("Keep an eye on it.", "Keep an eye on"),
        ("We are keeping an eye on it.", "keeping an eye on"),
        ("At the end of the day, it is up to you.", "At the end of the day"),
        ("She was under the\nweather.", "under the\nweather"),
    ],
)
def test_idioms_are_found_in_any_form_and_case(text: str, idiom: str) -> None:
    assert flagged(text, "idiom") == [idiom]


@pytest.mark.parametrize(
    "text",
    [
        "Touch the base of the lamp.",
        "We are on page 3.",
        "Read the same page again.",
        "Under the table, the weather map.",
        "It is on the same, page.",
    ],
)
def test_ordinary_words_pass(text: str) -> None:
    assert findings(text, "idiom") == []


def test_step_down_is_a_glossary_term_not_an_idiom() -> None:
    text = "You will step down to a community team."
    assert findings(text, "idiom") == []
    assert flagged(text, "glossary-term", glossary=SMALL_GLOSSARY) == ["step down"]


def test_it_is_english_only() -> None:
    assert findings("touch base", "idiom", "cy") == []

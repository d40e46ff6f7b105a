"""Rule `sentence-length`: a warning over 15 words, an error over 25."""

from __future__ import annotations

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import findings, flagged


def sentence(count: int) -> str:
    return " ".join(["word"] * count) + "."


def test_15_words_or_fewer_pass() -> None:
    assert findings(sentence(15), "sentence-length") == []
    assert findings("We will meet on Monday.", "sentence-length") == []


def test_over_15_words_is_a_warning() -> None:
    (finding,) = findings(sentence(16), "sentence-length")
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "This sentence has 16 words. Split it into sentences of 15 words or fewer."
    )


def test_25_words_is_still_a_warning_and_26_is_an_error() -> None:
    assert [f.severity for f in findings(sentence(25), "sentence-length")] == [Severity.WARNING]
    assert [f.severity for f in findings(sentence(26), "sentence-length")] == [Severity.ERROR]


def test_the_message_counts_the_words() -> None:
    (finding,) = findings(sentence(31), "sentence-length")
    assert finding.message == (
        "This sentence has 31 words. Split it into sentences of 15 words or fewer."
    )
    assert finding.suggestion == "Try 3 short sentences, with one idea in each."


def test_the_span_is_the_whole_sentence_with_its_full_stop() -> None:
    long = sentence(16)
    text = f"Hello. {long} Bye."
    assert flagged(text, "sentence-length") == [long]


def test_only_the_long_sentence_is_reported() -> None:
    text = f"{sentence(5)} {sentence(20)} {sentence(5)}"
    (finding,) = findings(text, "sentence-length")
    assert finding.start == len(sentence(5)) + 1


def test_it_works_in_every_language() -> None:
    welsh = " ".join(["gair"] * 30) + "."
    arabic = " ".join(["كلمة"] * 30) + "."
    assert [f.severity for f in findings(welsh, "sentence-length", "cy")] == [Severity.ERROR]
    assert [f.severity for f in findings(arabic, "sentence-length", "ar")] == [Severity.ERROR]

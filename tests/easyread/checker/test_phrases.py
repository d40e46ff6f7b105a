"""Finding fixed phrases word by word."""

from __future__ import annotations

from easyread.checker.document import build_document
from easyread.checker.phrases import PhraseMatcher, phrase_words


def found(matcher: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    doc = build_document(text)
    return [
        (doc.plain[doc.words[first].start : doc.words[last - 1].end], payload)
        for first, last, payload in matcher.find(doc)
    ]


def test_the_longest_phrase_wins_and_matches_do_not_overlap() -> None:
    matcher = PhraseMatcher([("in the loop", "short"), ("keep you in the loop", "long")])
    assert found(matcher, "We will keep you in the loop and in the loop.") == [
        ("keep you in the loop", "long"),
        ("in the loop", "short"),
    ]


def test_case_apostrophes_and_line_breaks() -> None:
    matcher = PhraseMatcher([("it's raining", "rain")])
    assert found(matcher, "It’s\nraining.") == [("It’s\nraining", "rain")]


def test_punctuation_or_a_sentence_break_stops_a_phrase() -> None:
    matcher = PhraseMatcher([("touch base", "talk")])
    assert found(matcher, "Touch, base. Touch. Base.") == []


def test_phrase_words() -> None:
    assert phrase_words("Low-hanging  fruit") == ("low-hanging", "fruit")
    assert len(PhraseMatcher([("a b", 1), ("a c", 2), ("", 3)])) == 2

"""Every plain meaning in the glossary passes the easy-read checker with no errors."""

from __future__ import annotations

import re

import pytest

import easyread
from easyread.glossary import Term, load_glossary


@pytest.mark.parametrize("term", load_glossary("en").terms, ids=lambda term: term.key)
def test_every_meaning_passes_the_checker(term: Term) -> None:
    report = easyread.check(term.meaning, "en")
    errors = [
        f"{finding.rule}: {term.meaning[finding.start : finding.end]!r}: {finding.message}"
        for finding in report.errors
    ]
    assert not errors, f"{term.key}: {term.meaning}"


@pytest.mark.parametrize("term", load_glossary("en").terms, ids=lambda term: term.key)
def test_every_explanation_passes_the_checker(term: Term) -> None:
    assert term.explanation is not None
    report = easyread.check(term.explanation, "en")
    errors = [
        f"{finding.rule}: {term.explanation[finding.start : finding.end]!r}: {finding.message}"
        for finding in report.errors
    ]
    assert not errors, f"{term.key}: {term.explanation}"


MOST_WORDS_IN_A_MEANING_SENTENCE = 12


@pytest.mark.parametrize("term", load_glossary("en").terms, ids=lambda term: term.key)
def test_every_meaning_sentence_is_at_most_twelve_words(term: Term) -> None:
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", term.meaning) if part]
    too_long = [
        sentence
        for sentence in sentences
        if len(sentence.split()) > MOST_WORDS_IN_A_MEANING_SENTENCE
    ]
    assert not too_long, f"{term.key}: {too_long}"


# Terms families met on their pages without an explanation.
TERMS_FAMILIES_MEET = (
    "Dynamic Support Register",
    "CAMHS",
    "youth justice",
    "adult services",
    "panel chair",
    "CETR panel chair",
)


@pytest.mark.parametrize("words", TERMS_FAMILIES_MEET)
def test_terms_families_meet_are_explained(words: str) -> None:
    found = load_glossary("en").find_terms(f"You can ask about {words} today.")
    assert [match.matched_text for match in found] == [words]

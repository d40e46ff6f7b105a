"""Reading text for the triage: short forms, text-speak, joined words, misspellings."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_words import END, Speller, reading_of, words_of

SPELLER = Speller(["suicidal", "tablets", "pills", "overdose", "cutting", "kill"])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kms", ("kill", "myself")),
        ("idk u kno", ("i", "do", "not", "know", "you", "kno")),
        ("no one cares cuz", ("nobody", "cares", "because")),
        ("dont wanna", ("do", "not", "want", "to")),
        ("any more sewer slide", ("anymore", "suicide")),
        ("better of", ("better", "off")),
    ],
)
def test_short_forms_and_text_speak_are_written_out(text: str, words: tuple[str, ...]) -> None:
    assert words_of(text) == words


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("sucidal", "suicidal"),  # a letter left out
        ("suicdial", "suicidal"),  # two letters swapped
        ("tabelts", "tablets"),
        ("overdoze", "overdose"),
        ("cuting", "cutting"),
    ],
)
def test_a_likely_misspelling_of_a_rule_word_is_corrected(word: str, meant: str) -> None:
    assert SPELLER.correct(word) == meant


@pytest.mark.parametrize("word", ["overdoes", "bills", "kil", "pill", "sabotage", "ablets"])
def test_real_words_short_words_and_other_first_letters_are_left_alone(word: str) -> None:
    assert SPELLER.correct(word) == word


def test_sentence_ends_are_read_and_the_text_always_ends_with_one() -> None:
    assert reading_of("I made a plan. Then tea") == (
        "i",
        "made",
        "a",
        "plan",
        END,
        "then",
        "tea",
        END,
    )
    assert reading_of("sucidal", SPELLER) == ("suicidal", END)


def test_a_very_long_word_is_read_at_once() -> None:
    word = "a" * 5000
    assert SPELLER.correct(word) == word
    assert SPELLER.correct("suicidal" + "x" * 3) == "suicidal" + "xxx"

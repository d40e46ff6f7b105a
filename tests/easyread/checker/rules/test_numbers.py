"""Rules `number-word`, `percentage`, `large-number` and `roman-numeral`."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import findings, flagged


@pytest.mark.parametrize(
    ("text", "words", "digits"),
    [
        ("Bring three friends.", "three", "3"),
        ("Two of us will come.", "Two", "2"),
        ("She is twenty-five.", "twenty-five", "25"),
        ("About three hundred and twenty people came.", "three hundred and twenty", "320"),
        ("It costs two thousand pounds.", "two thousand", "2,000"),
        ("Wait a hundred days.", "hundred", "100"),
    ],
)
def test_number_words_should_be_digits(text: str, words: str, digits: str) -> None:
    (finding,) = findings(text, "number-word")
    assert text[finding.start : finding.end] == words
    assert finding.suggestion == digits
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith(f"Write numbers as digits: '{digits}'")


def test_one_and_digits_pass() -> None:
    assert findings("One day you will bring 3 friends and one of them.", "number-word") == []


def test_a_number_word_above_1000_says_big_numbers_are_hard() -> None:
    (finding,) = findings("Five thousand people.", "number-word")
    assert "Big numbers" in finding.message


def test_number_words_are_english_only() -> None:
    assert findings("Bring three friends.", "number-word", "cy") == []


def test_a_percentage_gets_a_plain_alternative() -> None:
    text = "About 25% of people."
    (finding,) = findings(text, "percentage")
    assert text[finding.start : finding.end] == "25%"
    assert finding.suggestion == "Say it another way, like '1 in 4'."


def test_percentages_in_words_and_near_values() -> None:
    assert flagged("It is 50 per cent.", "percentage") == ["50 per cent"]
    assert flagged("It is 48 percent.", "percentage") == ["48 percent"]
    (finding,) = findings("Only 48% came.", "percentage")
    assert finding.suggestion == "Say it another way, like 'about half'."


def test_percentages_are_found_in_every_language() -> None:
    assert flagged("Mae 25% yn dod.", "percentage", "cy") == ["25%"]
    assert flagged("٢٥٪ من الناس", "percentage", "ar") == ["٢٥٪"]


def test_no_percentage_no_finding() -> None:
    assert findings("About 1 in 4 people.", "percentage") == []


@pytest.mark.parametrize("text", ["We help 1,500 families.", "It costs £3000.", "2 million people"])
def test_numbers_above_1000_are_big(text: str) -> None:
    (finding,) = findings(text, "large-number")
    assert finding.severity is Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        "We help 500 families.",
        "It was 1,000 exactly.",
        "In 2025 we will meet.",
        "Call Childline on 0800 1111.",
        "Text Shout on 85258.",
        "Call +44 1234 567890.",
    ],
)
def test_small_numbers_years_and_phone_numbers_pass(text: str) -> None:
    assert findings(text, "large-number") == []


def test_polish_thousands_with_a_non_breaking_space_are_big() -> None:
    assert flagged("To kosztuje 10\u00a0000 zł.", "large-number", "pl") == ["10\u00a0000"]


@pytest.mark.parametrize(
    ("text", "numeral", "value"),
    [("Read Part II now.", "II", "2"), ("Stage IV starts.", "IV", "4"), ("See Part V.", "V", "5")],
)
def test_roman_numerals_get_digits(text: str, numeral: str, value: str) -> None:
    (finding,) = findings(text, "roman-numeral")
    assert text[finding.start : finding.end] == numeral
    assert finding.suggestion == value


def test_the_word_i_and_other_capitals_are_not_roman_numerals() -> None:
    assert findings("I will see you. We have a DVD and a CD.", "roman-numeral") == []


def test_roman_numerals_are_found_in_every_language() -> None:
    assert flagged("Rozdział XIV.", "roman-numeral", "pl") == ["XIV"]

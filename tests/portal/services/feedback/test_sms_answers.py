"""Reading the Friends and Family Test answer from a text message reply."""

from __future__ import annotations

import pytest

from portal.models import FftAnswer
from portal.services.feedback.sms_answers import declines, is_comment, read_answer

VG, G, N, P, VP, DK = (
    FftAnswer.VERY_GOOD,
    FftAnswer.GOOD,
    FftAnswer.NEITHER,
    FftAnswer.POOR,
    FftAnswer.VERY_POOR,
    FftAnswer.DONT_KNOW,
)

ANSWERS = [
    ("1", VG),
    ("1.", VG),
    (" 2 ", G),
    ("3", N),
    ("4", P),
    ("5!!", VP),
    ("6", DK),
    ("6.", DK),
    ("(2)", G),
    ("one", VG),
    ("One", VG),
    ("TWO", G),
    ("three", N),
    ("four", P),
    ("five", VP),
    ("six", DK),
    ("very good", VG),
    ("Very Good!", VG),
    ("V good", VG),
    ("v.good", VG),
    ("really good", VG),
    ("Excellent", VG),
    ("great thanks", VG),
    ("Good thanks", G),
    ("good", G),
    ("its good", G),
    ("It's good", G),
    ("it was good thank you", G),
    ("pretty good x", G),
    ("not good and not bad", N),
    ("Not good, not bad", N),
    ("neither good nor bad", N),
    ("so-so", N),
    ("bad", P),
    ("not good", P),
    ("Not very good", P),
    ("poor", P),
    ("very bad", VP),
    ("terrible", VP),
    ("awful!!", VP),
    ("6 don't know", DK),
    ("dont know", DK),
    ("I do not know", DK),
    ("dunno", DK),
    ("not sure", DK),
    ("idk", DK),
    ("1 very good", VG),
    ("4 bad", P),
    ("2 thanks", G),
]


@pytest.mark.parametrize(("reply", "expected"), ANSWERS)
def test_realistic_replies_read_as_their_answer(reply: str, expected: FftAnswer) -> None:
    read = read_answer(reply)
    assert read is not None, reply
    assert (read.answer, read.comment) == (expected, None)


def test_there_are_at_least_40_variants() -> None:
    assert len(ANSWERS) >= 40


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "ok",
        "okay",
        "yes",
        "no",
        "7",
        "0",
        "10",
        "1 or 2",
        "1/2",
        "not bad",
        "good and bad",
        "?",
    ],
)
def test_unclear_replies_are_not_guessed(reply: str) -> None:
    assert read_answer(reply) is None


def test_words_after_the_number_are_kept_as_the_comment() -> None:
    read = read_answer("5. The meeting was too long")
    assert read is not None
    assert (read.answer, read.comment) == (VP, "The meeting was too long")


@pytest.mark.parametrize(
    ("reply", "comment"),
    [("the meeting was too long", True), ("too long", False), ("ok", False), ("1 2 3", False)],
)
def test_a_few_words_are_a_comment(reply: str, comment: bool) -> None:
    assert is_comment(reply) is comment


@pytest.mark.parametrize(
    ("reply", "declined"),
    [("NO", True), ("no thanks", True), ("Nothing.", True), ("nope", True), ("No the room", False)],
)
def test_no_to_what_could_be_better(reply: str, declined: bool) -> None:
    assert declines(reply) is declined

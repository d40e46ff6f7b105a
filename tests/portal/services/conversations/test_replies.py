"""What replies by text say: a corpus of real-looking replies, each with the
outcome a person reading it would expect."""

from __future__ import annotations

import pytest

from portal.models import MeetingAnswer
from portal.services.conversations.replies import (
    Keyword,
    ReplyKind,
    keyword_of,
    parse_choice,
    parse_reply,
)

YES, NO, UNCLEAR, MESSAGE = ReplyKind.YES, ReplyKind.NO, ReplyKind.UNCLEAR, ReplyKind.MESSAGE
STOP, START, HELP, LINK = Keyword.STOP, Keyword.START, Keyword.HELP, Keyword.LINK

CORPUS: list[tuple[str, ReplyKind | Keyword]] = [
    # Yes
    ("Yes", YES),
    ("yes", YES),
    ("yes!", YES),
    ("YES I CAN", YES),
    ("y", YES),
    ("Y.", YES),
    ("yep", YES),
    ("Yeah", YES),
    ("yes please", YES),
    ("Yes, thank you", YES),
    ("yes we will be there", YES),
    ("ok", YES),
    ("Okay thanks x", YES),
    ("  yes  ", YES),
    ("Yes 😊", YES),
    ("no 😢", NO),
    # No
    ("No", NO),
    ("no sorry", NO),
    ("NO", NO),
    ("n", NO),
    ("nope", NO),
    ("No, I can't", NO),
    ("can't make it", NO),
    ("cannot come sorry", NO),
    ("no thank you", NO),
    ("nah", NO),
    # Welsh
    ("Ie", YES),
    ("ie diolch", YES),
    ("Oes", YES),
    ("gallaf", YES),
    ("Na", NO),
    ("na diolch", NO),
    ("Nac oes", NO),
    ("na allaf", NO),
    # Polish
    ("Tak", YES),
    ("tak, dziękuję", YES),
    ("Nie", NO),
    ("nie mogę", NO),
    ("niestety nie", NO),
    # Urdu, in its own script and in Roman letters
    ("ہاں", YES),
    ("جی ہاں", YES),
    ("نہیں", NO),
    ("haan", YES),
    ("Haan ji", YES),
    ("nahi", NO),
    ("Nahin shukriya", NO),
    # Arabic
    ("نعم", YES),
    ("نعم شكرا", YES),
    ("لا", NO),
    ("la shukran", NO),
    # Keywords: the whole message, any case, punctuation around ignored
    ("Stop", STOP),
    ("stop.", STOP),
    ("STOP!!", STOP),
    ("  unsubscribe ", STOP),
    ("StopAll", STOP),
    ("cancel", STOP),
    ("END", STOP),
    ("quit", STOP),
    ("revoke", STOP),
    ("OPTOUT", STOP),
    ("start", START),
    ("Unstop", START),
    ("HELP", HELP),
    ("info?", HELP),
    ("link", LINK),
    ("LINK.", LINK),
    # Not keywords
    ("STOP please", MESSAGE),
    ("please stop texting me", MESSAGE),
    ("stop it now", MESSAGE),
    ("help me", MESSAGE),
    # Unclear: short, neither yes nor no
    ("👍", UNCLEAR),
    ("", UNCLEAR),
    ("   ", UNCLEAR),
    ("maybe", UNCLEAR),
    ("not sure", UNCLEAR),
    ("?", UNCLEAR),
    ("what time", UNCLEAR),
    ("yes no", UNCLEAR),
    ("yes I can't", UNCLEAR),
    # Messages: anything longer, for the keyworker team
    ("can we move it", MESSAGE),
    ("Yes but can we make it later in the day", MESSAGE),
    ("No, Sam is in hospital this week", MESSAGE),
    ("Who is this? I don't know this number", MESSAGE),
    ("Sam had a really bad night and I am worried", MESSAGE),
]


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 60
    assert len({text for text, _ in CORPUS}) == len(CORPUS), "each reply once"


@pytest.mark.parametrize(("text", "expected"), CORPUS)
def test_each_reply_has_its_expected_outcome(text: str, expected: ReplyKind | Keyword) -> None:
    parsed = parse_reply(text)
    if isinstance(expected, Keyword):
        assert parsed.kind is ReplyKind.KEYWORD and parsed.keyword is expected
    else:
        assert parsed.kind is expected and parsed.keyword is None


def test_yes_and_no_are_meeting_answers() -> None:
    assert parse_reply("yes").answer is MeetingAnswer.YES
    assert parse_reply("no").answer is MeetingAnswer.NO
    assert parse_reply("maybe").answer is None
    assert parse_reply("stop").answer is None


@pytest.mark.parametrize(
    ("opt_out_type", "expected"), [("STOP", STOP), ("start", START), ("HELP", HELP)]
)
def test_twilio_opt_out_type_stands_over_the_words(opt_out_type: str, expected: Keyword) -> None:
    assert keyword_of("arret", opt_out_type) is expected
    assert parse_reply("arret", opt_out_type).keyword is expected


def test_an_unknown_opt_out_type_is_ignored() -> None:
    assert keyword_of("yes", "SOMETHING") is None


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [("1", 2, 0), (" 2. ", 2, 1), ("3", 2, None), ("0", 2, None), ("one", 2, None), ("", 2, None)],
)
def test_a_numbered_choice(text: str, count: int, expected: int | None) -> None:
    assert parse_choice(text, count) == expected

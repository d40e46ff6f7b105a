"""Reading a Friends and Family Test answer from a text message.

The question lists the six answers in easy read and says "Reply 1 to 6".
People reply with the number ("1", "1.", " 2 ", "5!!"), the number in words
("one"), the words of an answer ("very good", "V good", "its good", "bad"),
or the number with words ("6 don't know", "5 the meeting was too long").

`read_answer` gives the answer and any other words sent with the number
(kept as the comment), or None when the reply is not clearly one answer:
"ok", "7", "1 or 2" and "not bad" are asked again rather than guessed.
"not good" is Bad (4); "not good and not bad" is the third answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.models import FftAnswer

BY_NUMBER = {
    1: FftAnswer.VERY_GOOD,
    2: FftAnswer.GOOD,
    3: FftAnswer.NEITHER,
    4: FftAnswer.POOR,
    5: FftAnswer.VERY_POOR,
    6: FftAnswer.DONT_KNOW,
}

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

# Whole replies (after the filler words are taken off), and their answer.
_PHRASES: dict[str, int] = {
    **{
        words: 1
        for words in (
            "very good",
            "v good",
            "very gd",
            "v gd",
            "really good",
            "so good",
            "excellent",
            "great",
            "brilliant",
            "amazing",
            "fantastic",
            "perfect",
        )
    },
    **{words: 2 for words in ("good", "gd", "pretty good", "quite good", "fairly good")},
    **{
        words: 3
        for words in (
            "not good and not bad",
            "not good not bad",
            "not good or bad",
            "not good nor bad",
            "neither good nor bad",
            "neither good nor poor",
            "neither good or bad",
            "neither",
            "in between",
            "in the middle",
            "so so",
            "average",
        )
    },
    **{words: 4 for words in ("bad", "poor", "not good", "not very good", "not great")},
    **{
        words: 5
        for words in (
            "very bad",
            "v bad",
            "really bad",
            "very poor",
            "terrible",
            "awful",
            "horrible",
            "rubbish",
        )
    },
    **{
        words: 6
        for words in (
            "i do not know",
            "do not know",
            "i dont know",
            "dont know",
            "don t know",
            "i don t know",
            "idk",
            "dunno",
            "not sure",
            "i am not sure",
            "im not sure",
        )
    },
}

_LEADING_FILLER = ("it was", "it is", "its", "it s", "was", "i think", "i would say", "id say")
_TRAILING_FILLER = (
    "thank you",
    "thankyou",
    "thanks",
    "thanx",
    "thx",
    "ta",
    "cheers",
    "x",
    "xx",
    "xxx",
    "really",
)

# Replies to "What could be better?" that mean nothing more to say.
_DECLINES = frozenset(
    {
        "no",
        "n",
        "nope",
        "nah",
        "no thanks",
        "no thank you",
        "nothing",
        "nothing thanks",
        "nothing thank you",
        "none",
        "na",
        "n a",
        "not really",
        "no comment",
        "no comments",
    }
)

# A reply of at least this many words that is not an answer is a comment.
COMMENT_WORDS = 3


@dataclass(frozen=True)
class ReadAnswer:
    answer: FftAnswer
    # Words sent with the number that are not the answer's own ("5 too long").
    comment: str | None = None


def normalise(text: str) -> str:
    """Lower case, letters and digits only, one space between words."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).split())


def _without_filler(words: str) -> str:
    changed = True
    while changed and words:
        changed = False
        for filler in _LEADING_FILLER:
            if words.startswith(filler + " "):
                words, changed = words[len(filler) + 1 :], True
        for filler in _TRAILING_FILLER:
            if words.endswith(" " + filler):
                words, changed = words[: -len(filler) - 1], True
    return words


def _phrase_number(words: str) -> int | None:
    words = _without_filler(words)
    if words in _NUMBER_WORDS:
        return _NUMBER_WORDS[words]
    return _PHRASES.get(words)


def read_answer(text: str) -> ReadAnswer | None:
    """The answer in a reply to the question, or None when it is not clear."""
    words = normalise(text)
    if not words:
        return None
    first, _, rest = words.partition(" ")
    if first.isdigit():
        number = int(first)
        if number not in BY_NUMBER or any(token.isdigit() for token in rest.split()):
            return None
        if not rest or _phrase_number(rest) == number or not _without_filler(" " + rest).strip():
            return ReadAnswer(BY_NUMBER[number])
        return ReadAnswer(BY_NUMBER[number], comment=_comment_after_number(text))
    said = _phrase_number(words)
    return ReadAnswer(BY_NUMBER[said]) if said is not None else None


def _comment_after_number(text: str) -> str:
    """The reply's own words after its leading number and punctuation."""
    return re.sub(r"^\s*[1-6][\s.,:;)!-]*", "", text).strip()


def is_comment(text: str) -> bool:
    """Whether a reply that is not an answer says something (a few words)."""
    return len([word for word in normalise(text).split() if not word.isdigit()]) >= COMMENT_WORDS


def declines(text: str) -> bool:
    """Whether a reply to "What could be better?" means nothing to add."""
    return _without_filler(normalise(text)) in _DECLINES

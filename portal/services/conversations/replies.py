"""What a text message from a family says: a keyword (STOP, START, HELP,
LINK), an answer to "Can you come?" (yes or no), a short reply nobody can
be sure of, or a message for the keyworker team.

- **Keywords** are the whole message, in any case, with spaces and
  punctuation around them ignored: "stop." is STOP, "STOP please" is not
  (it is a message, so a person reads it). These are Twilio's own opt-out,
  opt-in and help words, which Twilio also acts on, plus LINK.
- **Yes and no** are a yes or no word first, followed only by words that
  add nothing ("yes I can", "no sorry"), in English, Welsh, Polish, Urdu
  (in its own script and in Roman letters) and Arabic; an emoji after
  them changes nothing ("yes 👍"), but an emoji alone is unclear.
- **Unclear** is a short reply that is neither ("maybe", "👍", an empty
  message): the service asks once more before filing it.
- **A message** is anything longer ("can we move it"), filed for the team.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from portal.models import MeetingAnswer


class Keyword(enum.StrEnum):
    STOP = "stop"
    START = "start"
    HELP = "help"
    LINK = "link"


class ReplyKind(enum.StrEnum):
    KEYWORD = "keyword"
    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"
    MESSAGE = "message"


KEYWORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        ("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"),
        Keyword.STOP,
    ),
    **dict.fromkeys(("start", "unstop"), Keyword.START),
    **dict.fromkeys(("help", "info"), Keyword.HELP),
    "link": Keyword.LINK,
}

# Twilio's OptOutType parameter, sent with a message Twilio took as a keyword.
OPT_OUT_TYPES: dict[str, Keyword] = {
    "STOP": Keyword.STOP,
    "START": Keyword.START,
    "HELP": Keyword.HELP,
}

YES_WORDS = frozenset(
    {
        # English
        "yes", "y", "yeah", "yea", "yep", "yup", "ya", "yh", "ok", "okay", "sure",
        "definitely", "ofcourse",
        # Welsh: "ie" (yes), "oes" (there is), "gallaf" / "medraf" (I can), "iawn" (fine)
        "ie", "oes", "gallaf", "medraf", "iawn", "do",
        # Polish: "tak" (yes), "mogę" (I can)
        "tak", "mogę", "moge",
        # Urdu: ہاں, جی (yes), and in Roman letters
        "ہاں", "جی", "haan", "haa", "han", "ji", "jee",
        # Arabic: نعم, أيوه, and in Roman letters
        "نعم", "ايوه", "أيوه", "naam", "aiwa", "aywa",
    }
)  # fmt: skip
NO_WORDS = frozenset(
    {
        # English
        "no", "n", "nope", "nah", "cant", "can't", "cannot",
        # Welsh: "na" (no), "nac" (as in "nac oes"), "na allaf" (I cannot)
        "na", "nac", "naddo", "allaf",
        # Polish: "nie" (no), "niestety" (sadly not)
        "nie", "niestety",
        # Urdu: نہیں, and in Roman letters
        "نہیں", "nahi", "nahin", "nai", "nhi",
        # Arabic: لا, and in Roman letters
        "لا", "la", "laa",
    }
)  # fmt: skip
# Words that add nothing after a yes or a no: "yes I can", "no sorry".
FILLER_WORDS = frozenset(
    {
        "i", "can", "will", "we", "be", "there", "come", "coming", "make", "it", "please",
        "thanks", "thank", "you", "thankyou", "ta", "sorry", "afraid", "im", "i'm", "am",
        "x", "xx", "xxx", "then", "see", "course", "of", "definitely", "sure", "ok", "okay",
        "oes", "allaf", "gallaf", "diolch",  # Welsh: diolch = thank you
        "dziękuję", "dziekuje", "mogę", "moge", "nie", "przyjdę", "przyjde",  # Polish
        "جی", "شکریہ", "ji", "shukriya",  # Urdu
        "شكرا", "shukran",  # Arabic
    }
)  # fmt: skip
# A reply this short that is not a yes or no is unclear; a longer one is a message.
UNCLEAR_MAX_WORDS = 3

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class ParsedReply:
    kind: ReplyKind
    keyword: Keyword | None = None

    @property
    def answer(self) -> MeetingAnswer | None:
        if self.kind is ReplyKind.YES:
            return MeetingAnswer.YES
        if self.kind is ReplyKind.NO:
            return MeetingAnswer.NO
        return None


def _strip_around(text: str) -> str:
    """`text` without spaces, punctuation and symbols at either end (emoji are kept)."""
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(character: str) -> bool:
    category = unicodedata.category(character)
    return character.isspace() or category.startswith("P") or category in ("Cf", "Cc")


def keyword_of(text: str | None, opt_out_type: str | None = None) -> Keyword | None:
    """The keyword the whole of `text` is, if any. Twilio's `OptOutType`
    stands when Twilio sent one it knows."""
    known = OPT_OUT_TYPES.get((opt_out_type or "").strip().upper())
    if known is not None:
        return known
    return KEYWORDS.get(_strip_around(text or "").casefold())


def words_of(text: str) -> list[str]:
    """The words of `text` in lower case, apostrophes kept inside words."""
    normalised = unicodedata.normalize("NFC", text).casefold().replace("’", "'")
    return [word for word in _WORD.findall(normalised) if not (len(word) == 1 and _is_edge(word))]


def parse_reply(text: str | None, opt_out_type: str | None = None) -> ParsedReply:
    """What a reply by text says (see the module docstring)."""
    keyword = keyword_of(text, opt_out_type)
    if keyword is not None:
        return ParsedReply(ReplyKind.KEYWORD, keyword)
    words = words_of(text or "")
    if words and words[0] in YES_WORDS and _only_fillers(words[1:], YES_WORDS):
        return ParsedReply(ReplyKind.YES)
    if words and words[0] in NO_WORDS and _only_fillers(words[1:], NO_WORDS):
        return ParsedReply(ReplyKind.NO)
    if len(words) <= UNCLEAR_MAX_WORDS and not any(word in KEYWORDS for word in words):
        return ParsedReply(ReplyKind.UNCLEAR)
    return ParsedReply(ReplyKind.MESSAGE)


def _only_fillers(words: list[str], same_side: frozenset[str]) -> bool:
    return all(word in FILLER_WORDS or word in same_side or _is_symbol(word) for word in words)


def _is_symbol(word: str) -> bool:
    """An emoji or other symbol: "yes 😊" is still a yes."""
    return all(unicodedata.category(character)[0] in "SM" for character in word)


def parse_choice(text: str | None, count: int) -> int | None:
    """The option a reply to a numbered question picked (0 for "1"), or None."""
    stripped = _strip_around(text or "")
    if not stripped.isdecimal():
        return None
    number = int(stripped)
    return number - 1 if 1 <= number <= count else None

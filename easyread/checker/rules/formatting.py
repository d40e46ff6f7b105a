"""Capitals, italics and underlining (rules `block-capitals`, `italics`, `underline`).

Guidance: Inclusion Europe "Information for all" ("do not write whole words
in capital letters"; "do not use italics"; "do not underline"), Mencap "Am I
making myself clear?" (no block capitals, no italics; underline only links),
Department of Health (2010) (avoid capitals, italics and underlining; use
bold to stress a word).

All errors, in every language:
- `block-capitals`: two or more words in capitals in a row, such as
  "PLEASE COME ON TIME". Abbreviations that are known (glossary terms, "NHS",
  Roman numerals) do not count. So that two abbreviations side by side
  ("CAMHS LA") are not taken for shouting, a run counts when it has 3 or more
  such words, a word of 6 or more letters, or (in English) a common word such
  as "PLEASE", "DO" or "NOT".
- `italics`: `<i>`, `<em>`, `<cite>`, a `font-style: italic` style, or
  Markdown `*words*` and `_words_` (bold `**words**` is fine).
- `underline`: `<u>`, `<ins>` or a `text-decoration: underline` style. Links
  (`<a>`) are fine.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from easyread.checker.data import common_short_words
from easyread.checker.document import MarkupTag
from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context, quote
from easyread.checker.rules.jargon import KNOWN_INITIALISMS
from easyread.checker.rules.numbers import is_roman_numeral

CAPITALS_RULE = "block-capitals"
ITALICS_RULE = "italics"
UNDERLINE_RULE = "underline"

RUN_WORDS = 3
LONG_WORD = 6

_ITALIC_TAGS = frozenset({"i", "em", "cite"})
_UNDERLINE_TAGS = frozenset({"u", "ins"})
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.IGNORECASE)
_UNDERLINE_STYLE = re.compile(
    r"text-decoration(?:-line)?\s*:[^;\"'>]{0,40}underline", re.IGNORECASE
)
_STAR = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]{1,200})(?<=[^\s*])\*(?![*\w])")
_UNDERSCORE = re.compile(r"(?<![\w])_(?=[^\s_])([^_\n]{1,200})(?<=[^\s_])_(?!\w)")


def _is_capital_word(text: str) -> bool:
    return text.isupper()


def check_block_capitals(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    common = common_short_words() if ctx.english else frozenset()
    known = set(KNOWN_INITIALISMS)
    glossary_words: set[int] = set()
    for match in ctx.term_matches:
        glossary_words.update(ctx.doc.words_in(match.start, match.end))
    index = 0
    while index < len(words):
        if not _is_capital_word(words[index].text):
            index += 1
            continue
        first = index
        while (
            index + 1 < len(words)
            and _is_capital_word(words[index + 1].text)
            and words[index + 1].sentence == words[first].sentence
        ):
            index += 1
        last = index + 1
        index = last
        shouting = [
            i
            for i in range(first, last)
            if i not in glossary_words
            and words[i].text not in known
            and not is_roman_numeral(words[i].text)
            and sum(1 for letter in words[i].text if letter.isalpha()) > 1
        ]
        single_letters = [i for i in range(first, last) if len(words[i].text) == 1]
        if len(shouting) + len(single_letters) < 2 or not shouting:
            continue
        looks_shouted = (
            len(shouting) >= RUN_WORDS
            or any(len(words[i].text) >= LONG_WORD for i in shouting)
            or any(words[i].lower in common for i in range(first, last))
        )
        if not looks_shouted:
            continue
        ctx.claim(first, last)
        start, end = words[first].start, words[last - 1].end
        text = ctx.text(start, end)
        yield ctx.finding(
            CAPITALS_RULE,
            Severity.ERROR,
            start,
            end,
            f"{quote(text)} is in capital letters. Words in capitals are hard to read "
            "and can feel like shouting.",
            "Use small letters. To make words stand out, use bold.",
        )


def _closing_positions(tags: list[MarkupTag], names: frozenset[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {name: [] for name in names}
    for tag in tags:
        if tag.closing and tag.name in names:
            found[tag.name].append(tag.start)
    return found


def _tag_findings(
    ctx: Context, names: frozenset[str], style: re.Pattern[str], rule: str, message: str
) -> Iterator[Finding]:
    tags = ctx.doc.tags
    closings = _closing_positions(tags, names | {"span", "div", "p"})
    for tag in tags:
        if tag.closing:
            continue
        if tag.name not in names and not style.search(tag.source):
            continue
        # Underline the element from its opening tag to its closing tag.
        positions = closings.get(tag.name, [])
        where = bisect.bisect_left(positions, tag.end)
        end = tag.end
        if where < len(positions):
            close = positions[where]
            close_end = ctx.doc.original.find(">", close)
            end = close_end + 1 if close_end != -1 else close
        yield Finding(rule, Severity.ERROR, tag.start, end, message, _SUGGESTIONS[rule])


_SUGGESTIONS = {
    ITALICS_RULE: "Take out the italics. To make words stand out, use bold.",
    UNDERLINE_RULE: "Take out the underlining. Only links should be underlined.",
}


def check_italics(ctx: Context) -> Iterator[Finding]:
    yield from _tag_findings(
        ctx,
        _ITALIC_TAGS,
        _ITALIC_STYLE,
        ITALICS_RULE,
        "This text is in italics (sloping letters), which are hard to read.",
    )
    for pattern in (_STAR, _UNDERSCORE):
        for match in pattern.finditer(ctx.doc.plain):
            yield ctx.finding(
                ITALICS_RULE,
                Severity.ERROR,
                match.start(),
                match.end(),
                f"{quote(match.group(0))} will show in italics (sloping letters), "
                "which are hard to read.",
                _SUGGESTIONS[ITALICS_RULE],
            )


def check_underline(ctx: Context) -> Iterator[Finding]:
    yield from _tag_findings(
        ctx,
        _UNDERLINE_TAGS,
        _UNDERLINE_STYLE,
        UNDERLINE_RULE,
        "This text is underlined. Readers expect underlined words to be links.",
    )

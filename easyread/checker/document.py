"""The checked text as sentences and words, with offsets into the original text.

Text may be plain, Markdown-ish or HTML. Tags and comments are taken out for
counting (a paragraph, list item or line break tag ends a sentence; inline tags
such as `<b>` join up with the words around them), entities such as `&amp;` are
decoded, and every offset can be mapped back to the original text, so a finding
underlines exactly the words the writer typed.

Sentences end at `.`, `!`, `?`, `…` (and the Arabic and Urdu marks `؟` and `۔`)
followed by a space or the end; at a blank line; and at a line break, unless
the next line carries on in lower case (a sentence wrapped over two lines).
"Dr. Shah" and "e.g. this" do not end a sentence.

Every pattern here is linear: no nested or overlapping repeats, and searches
that could run to the end of the text (an unclosed comment or `<script>`) are
done once with `str.find`.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from easyread.checker.wordsets import word_set

__all__ = ["Document", "Sentence", "Word", "build_document"]

# Letters and digits in any script, plus the combining marks Arabic and Urdu
# write inside words (harakat) and the zero-width (non-)joiner Urdu uses.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u200c\u200d"
_LETTER = rf"(?:[^\W_]|[{_MARKS}])"
# A word: letters or digits, with single joiners inside ("don't", "well-being",
# "1,000", "14:00", "04/03/25", "nhs.uk", "sam@nhs.net"). Each repeat starts
# with a joiner that cannot be a letter, so the pattern cannot backtrack badly.
WORD_RE = re.compile(rf"{_LETTER}+(?:[-'’.,:/@]{_LETTER}+)*")

_SENTENCE_END = re.compile(r"[.!?…؟۔。]+['\"”’)\]]*(?=\s|$)|\n")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]*")
_LAST_WORD = re.compile(r"[^\w.]")
# Titles: a full stop after them never ends a sentence ("Dr. Shah").
_TITLES = word_set("dr mr mrs ms mx prof st rev tel")
# Abbreviations: a full stop after them ends a sentence only before a capital.
_ABBREVIATIONS = word_set("e.g i.e eg ie etc approx incl a.m p.m am pm vs ref esp cf viz ca")

_MARKUP = re.compile(
    r"<!--"
    r"|<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>"
    r"|<![^<>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
# Tags that start a new block: they end a sentence.
_BLOCK_TAGS = word_set(
    """address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2
    h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr
    ul title body html head"""
)
# Tags whose content is not text for the reader.
_SKIP_CONTENT_TAGS = frozenset({"script", "style", "template"})


class Word(NamedTuple):
    """One word, with offsets into the plain text.

    `lower` is the word in lower case with a plain apostrophe, for looking up.
    `sentence` is the index of its sentence.
    """

    start: int
    end: int
    text: str
    lower: str
    sentence: int


class Sentence(NamedTuple):
    """One sentence: offsets into the plain text and its words `words[first:last]`."""

    start: int
    end: int
    first: int
    last: int

    @property
    def word_count(self) -> int:
        return self.last - self.first


@dataclass(frozen=True)
class MarkupTag:
    """An HTML tag in the original text (offsets into the original)."""

    name: str
    closing: bool
    start: int
    end: int
    source: str


_Piece = tuple[int, int, int, int, bool]


@dataclass
class Document:
    """The checked text, split up once for every rule to use.

    `plain` is the text with markup taken out; `words` and `sentences` point
    into it. Use `to_original` to turn a span in `plain` into a span in
    `original`.
    """

    original: str
    plain: str
    words: list[Word]
    sentences: list[Sentence]
    tags: list[MarkupTag]
    # Pieces of `plain` as (plain start, original start, plain length, original
    # length, copied): copied from the original, or put in place of markup.
    _pieces: list[_Piece] = field(default_factory=list, repr=False)
    _piece_starts: list[int] = field(default_factory=list, repr=False)
    _word_starts: list[int] = field(default_factory=list, repr=False)
    _word_ends: list[int] = field(default_factory=list, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text for the span `start:end` of `plain`."""
        if not self._pieces:
            return start, end
        return self._map_start(start), self._map_end(end, start)

    def _map_start(self, offset: int) -> int:
        index = bisect.bisect_right(self._piece_starts, offset) - 1
        if index < 0:
            return offset
        plain_start, original_start, plain_length, original_length, copied = self._pieces[index]
        if offset >= plain_start + plain_length:
            return original_start + original_length
        if copied:
            return original_start + (offset - plain_start)
        return original_start

    def _map_end(self, offset: int, start: int) -> int:
        if offset <= start:
            return self._map_start(offset)
        index = bisect.bisect_right(self._piece_starts, offset - 1) - 1
        if index < 0:
            return offset
        plain_start, original_start, _, original_length, copied = self._pieces[index]
        if copied:
            return original_start + (offset - plain_start)
        return original_start + original_length

    def words_in(self, start: int, end: int) -> range:
        """Indexes of the words that overlap the plain-text span `start:end`."""
        first = bisect.bisect_right(self._word_ends, start)
        last = bisect.bisect_left(self._word_starts, end)
        return range(first, max(first, last))

    def gap(self, left: int, right: int) -> str:
        """The plain text between word `left` and word `right`."""
        return self.plain[self.words[left].end : self.words[right].start]


def _strip_markup(text: str) -> tuple[str, list[_Piece], list[MarkupTag]]:
    """The text without tags, comments or entities, and how to map it back."""
    if "<" not in text and "&" not in text:
        return text, [], []
    stripper = _MarkupStripper(text)
    match = _MARKUP.search(text)
    while match is not None:
        stripper.take_out(match)
        match = _MARKUP.search(text, stripper.position)
    stripper.copy_to(len(text))
    return "".join(stripper.parts), stripper.pieces, stripper.tags


class _MarkupStripper:
    """Builds the plain text from left to right, one piece at a time, and
    remembers where in the original each piece came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[str] = []
        self.pieces: list[_Piece] = []
        self.tags: list[MarkupTag] = []
        # How far the original has been read.
        self.position = 0
        self._plain_length = 0
        self._lowered: str | None = None

    def copy_to(self, upto: int) -> None:
        """Copy the original from where reading got to, up to `upto`."""
        if upto > self.position:
            chunk = self.text[self.position : upto]
            self.parts.append(chunk)
            self.pieces.append((self._plain_length, self.position, len(chunk), len(chunk), True))
            self._plain_length += len(chunk)

    def _put(self, start: int, end: int, replacement: str) -> None:
        """Put `replacement` in the plain text in place of `text[start:end]`."""
        if replacement:
            self.parts.append(replacement)
            self.pieces.append((self._plain_length, start, len(replacement), end - start, False))
            self._plain_length += len(replacement)

    def take_out(self, match: re.Match[str]) -> None:
        """Copy the text before the markup `match` found, then take the markup
        out, reading on after it."""
        start, end = match.span()
        source = match.group(0)
        self.copy_to(start)
        if source == "<!--":
            close = self.text.find("-->", end)
            end = len(self.text) if close == -1 else close + 3
        elif source.startswith("&"):
            # A lone "&" or "<" that is not markup is kept as it is.
            self._put(start, end, html.unescape(source))
        elif match.group(2) is not None:
            end = self._take_out_tag(match)
        self.position = end

    def _take_out_tag(self, match: re.Match[str]) -> int:
        """Note the tag; a block tag ends a sentence, and a script or style
        goes with everything up to its closing tag. Returns where reading goes on."""
        start, end = match.span()
        name = match.group(2).lower()
        closing = match.group(1) == "/"
        self.tags.append(MarkupTag(name, closing, start, end, match.group(0)))
        if not closing and name in _SKIP_CONTENT_TAGS:
            end = self._after_closing_tag(name, end)
            self._put(start, end, " ")
        elif name in _BLOCK_TAGS:
            self._put(start, end, "\n\n")
        return end

    def _after_closing_tag(self, name: str, after: int) -> int:
        """Just past the first `</name>` after `after`, or the end of the text."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        close = self._lowered.find(f"</{name}", after)
        if close == -1:
            return len(self.text)
        close_end = self.text.find(">", close)
        return len(self.text) if close_end == -1 else close_end + 1


def _sentence_breaks(plain: str) -> list[tuple[int, bool]]:
    """Where each sentence ends, and whether it ends with punctuation."""
    breaks: list[tuple[int, bool]] = []
    for match in _SENTENCE_END.finditer(plain):
        start, end = match.span()
        after = _SPACES.match(plain, end)
        following = plain[after.end() : after.end() + 1] if after else ""
        if match.group(0) == "\n":
            if not following.islower():
                breaks.append((start, False))
            continue
        if plain[start] == "." and end - start == 1:
            # "Dr. Shah" and "e.g. this" do not end a sentence.
            before = plain[max(0, start - 7) : start]
            word_before = _LAST_WORD.split(before)[-1].lower()
            if word_before in _TITLES or (word_before in _ABBREVIATIONS and following.islower()):
                continue
        breaks.append((end, True))
    return breaks


def _lower(word: str) -> str:
    # One apostrophe, so "don’t" and "don't" are the same word to the rules.
    return word.lower().replace("’", "'")


def build_document(text: str) -> Document:
    """Split `text` into words and sentences, ready for the rules."""
    plain, pieces, tags = _strip_markup(text)
    raw_words = [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(plain)]

    words: list[Word] = []
    sentences: list[Sentence] = []
    index = 0
    for sentence_end, punctuated in [*_sentence_breaks(plain), (len(plain), False)]:
        first = index
        while index < len(raw_words) and raw_words[index][0] < sentence_end:
            start, end, word = raw_words[index]
            words.append(Word(start, end, word, _lower(word), len(sentences)))
            index += 1
        if index > first:
            end = sentence_end if punctuated else raw_words[index - 1][1]
            sentences.append(Sentence(raw_words[first][0], end, first, index))

    return Document(
        original=text,
        plain=plain,
        words=words,
        sentences=sentences,
        tags=tags,
        _pieces=pieces,
        _piece_starts=[piece[0] for piece in pieces],
        _word_starts=[word.start for word in words],
        _word_ends=[word.end for word in words],
    )

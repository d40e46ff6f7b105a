"""Staff-written text split into one idea per line.

Ideas end at line breaks and at sentence ends. A line starting with a bullet
("-", "•", "*", "–" or "1.") is an idea of its own; bullets straight after a
line ending in ":" belong to that line, as a list under it. The text is kept as
written (only spaces are tidied): it is data, never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^(?:[-•*–—▪◦·]|\d{1,2}[.)])(?:\s+|$)")
# A sentence ends at . ! ? (and the Arabic and Urdu marks), after any closing
# quotes or brackets, where white space follows.
_SENTENCE_END = re.compile(r"[.!?؟۔]+[\"'”’)\]]*(?=\s)")
# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "st", "prof", "rev", "e.g", "eg", "i.e", "ie", "etc", "vs"}
    | {"a.m", "p.m", "approx", "tel"}
)


@dataclass(frozen=True)
class Idea:
    text: str
    # A list that belongs under this idea (it ended with ":").
    bullets: tuple[str, ...] = field(default_factory=tuple)


def split_sentences(value: str) -> list[str]:
    """The sentences of one line of text, in order."""
    value = " ".join(value.split())
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(value):
        rest = value[match.end() :].lstrip()
        if not rest or rest[0].islower():
            continue
        if match.group() == ".":
            before = value[start : match.start()].rsplit(" ", 1)[-1]
            if before.lower() in _ABBREVIATIONS or (len(before) == 1 and before.isupper()):
                continue
        sentences.append(value[start : match.end()].strip())
        start = match.end()
    tail = value[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def split_ideas(value: str) -> list[Idea]:
    """One idea per line: sentences and bullets, with lists kept under their intro."""
    ideas: list[Idea] = []
    # The idea a following bullet list belongs to, while it is open.
    intro: Idea | None = None
    for raw in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            continue
        bullet = _BULLET.match(stripped)
        sentences = split_sentences(stripped[bullet.end() :] if bullet else stripped)
        if not sentences:
            continue
        if bullet and intro is not None:
            intro = Idea(intro.text, intro.bullets + tuple(sentences))
            ideas[-1] = intro
            continue
        ideas.extend(Idea(sentence) for sentence in sentences)
        intro = ideas[-1] if not bullet and ideas[-1].text.endswith(":") else None
    return ideas

"""A small glossary for tests, so the renderer can be tested on its own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from easyread.glossary.model import Term, TermMatch
from easyread.render import Block


def term(key: str, text: str, *variants: str, abbreviation: bool = False) -> Term:
    return Term(
        key=key,
        term=text,
        variants=variants,
        meaning=f"What {text} means.",
        pictogram="question",
        is_abbreviation=abbreviation,
    )


class FakeGlossary:
    """Finds whole-word terms, longest first, case-insensitive except abbreviations."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)
        self.calls: list[str] = []

    def find_terms(self, text: str) -> list[TermMatch]:
        self.calls.append(text)
        spellings = sorted(
            ((spelling, item) for item in self.terms for spelling in (item.term, *item.variants)),
            key=lambda pair: -len(pair[0]),
        )
        taken: list[TermMatch] = []
        for spelling, item in spellings:
            flags = 0 if item.is_abbreviation else re.IGNORECASE
            for found in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", text, flags):
                if all(found.end() <= m.start or found.start() >= m.end for m in taken):
                    taken.append(TermMatch(item, found.start(), found.end(), found.group()))
        return sorted(taken, key=lambda match: match.start)


GLOSSARY = FakeGlossary(
    [
        term("keyworker", "keyworker", "keyworkers", "key worker"),
        term("cetr", "CETR", "C(E)TR", abbreviation=True),
        term("ctr", "CTR", abbreviation=True),
        term("mdt", "MDT", abbreviation=True),
        term("advocate", "advocate", "advocates"),
        term("camhs", "CAMHS", abbreviation=True),
        term("gp", "GP", abbreviation=True),
        term("panel", "panel"),
        term("dsr", "Dynamic Support Register", "register"),
        term("gateway", "Gateway meeting"),
    ]
)
NO_TERMS = FakeGlossary([])


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, then its children, in page order."""
    for block in blocks:
        yield block
        yield from walk(block.children)


def texts(blocks: Iterable[Block]) -> list[str]:
    return [block.text for block in walk(blocks)]


def linked_keys(blocks: Iterable[Block]) -> list[str]:
    return [
        segment.term_key or ""
        for block in walk(blocks)
        for segment in block.segments
        if segment.kind == "term"
    ]

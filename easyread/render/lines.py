"""Lines before they become blocks, and the pass that links glossary terms.

The renderers build `Line`s in page order; `to_blocks` then turns them into
`Block`s, linking each glossary term the first time it appears on the page
(across the whole list, not per block). Headings are never linked: a link in
a heading is hard to use, so the term is linked where it is first used in
the text below. Parts marked `linkable=False` (a video-call address) are
never searched for terms.

The renderer's own sentences are filled for the reader (`Reader.say`: "My
plan" or "Sam's plan"); words people wrote (`words`, `data`) are shown as
written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from easyread.glossary.model import TermMatch
from easyread.render.blocks import Block, Segment, SegmentKind
from easyread.render.reader import YOUNG_PERSON, Reader


class TermFinder(Protocol):
    """What the renderer needs from a glossary. `easyread.glossary.Glossary` is one."""

    def find_terms(self, text: str) -> list[TermMatch]: ...


@dataclass(frozen=True)
class Part:
    kind: SegmentKind
    text: str
    linkable: bool = True
    # Words someone wrote: never filled for the reader.
    as_written: bool = False


@dataclass(frozen=True)
class Line:
    parts: tuple[Part, ...]
    pictogram: str | None = None
    is_heading: bool = False
    children: tuple[Line, ...] = field(default_factory=tuple)


def text(value: str) -> Part:
    return Part(SegmentKind.TEXT, value)


def strong(value: str) -> Part:
    return Part(SegmentKind.STRONG, value)


def data(value: str) -> Part:
    """Text shown exactly as given and never linked (an address, a link)."""
    return Part(SegmentKind.TEXT, value, linkable=False, as_written=True)


def words(value: str) -> Part:
    """Words someone wrote (the plan's own words, a role): linked to the
    glossary, never changed for the reader."""
    return Part(SegmentKind.TEXT, value, as_written=True)


def written_strong(value: str) -> Part:
    """Key words as someone wrote them (a place), or already worded for the
    reader: never changed again."""
    return Part(SegmentKind.STRONG, value, as_written=True)


def line(*parts: Part | str, pictogram: str | None = None, children: Iterable[Line] = ()) -> Line:
    """A line of the renderer's own words (str) and parts."""
    return Line(
        parts=tuple(text(part) if isinstance(part, str) else part for part in parts),
        pictogram=pictogram,
        children=tuple(children),
    )


def heading(value: str, *, pictogram: str | None = None) -> Line:
    return Line(parts=(text(value),), pictogram=pictogram, is_heading=True)


def to_blocks(
    lines: Iterable[Line], glossary: TermFinder, reader: Reader = YOUNG_PERSON
) -> list[Block]:
    """Blocks for `lines` in order, their own words filled for `reader`, each
    glossary term linked on first use only."""
    linked: set[str] = set()
    return [_to_block(item, glossary, linked, reader) for item in lines]


def _for_reader(parts: tuple[Part, ...], reader: Reader) -> tuple[Part, ...]:
    return tuple(
        part if part.as_written else Part(part.kind, reader.say(part.text), part.linkable)
        for part in parts
    )


def _to_block(item: Line, glossary: TermFinder, linked: set[str], reader: Reader) -> Block:
    parts = _for_reader(item.parts, reader)
    if item.is_heading:
        segments = tuple(Segment(part.kind, part.text) for part in parts if part.text)
    else:
        segments = _link_terms(parts, glossary, linked)
    children = tuple(_to_block(child, glossary, linked, reader) for child in item.children)
    return Block(
        segments=segments,
        pictogram=item.pictogram,
        is_heading=item.is_heading,
        children=children,
    )


def _link_terms(
    parts: tuple[Part, ...], glossary: TermFinder, linked: set[str]
) -> tuple[Segment, ...]:
    full = "".join(part.text for part in parts)
    bounds: list[tuple[int, int]] = []
    offset = 0
    for part in parts:
        bounds.append((offset, offset + len(part.text)))
        offset += len(part.text)

    # For each part, the (start, end, key) spans to turn into TERM segments.
    to_link: dict[int, list[tuple[int, int, str]]] = {}
    for match in sorted(glossary.find_terms(full), key=lambda found: found.start):
        key = match.term.key
        if key in linked or not 0 <= match.start < match.end <= len(full):
            continue
        for index, (start, end) in enumerate(bounds):
            if start <= match.start and match.end <= end:
                if parts[index].linkable:
                    to_link.setdefault(index, []).append((match.start, match.end, key))
                    linked.add(key)
                break

    segments: list[Segment] = []
    for index, part in enumerate(parts):
        start, end = bounds[index]
        cursor = start
        for term_start, term_end, key in to_link.get(index, []):
            if term_start > cursor:
                segments.append(Segment(part.kind, full[cursor:term_start]))
            segments.append(Segment(SegmentKind.TERM, full[term_start:term_end], term_key=key))
            cursor = term_end
        if end > cursor:
            segments.append(Segment(part.kind, full[cursor:end]))
    return tuple(segments)

"""Easy-read blocks: what templates show, one idea per line.

Blocks carry plain text in segments, never HTML: staff-written text cannot
reach a page as markup. Templates escape every segment as they print it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class SegmentKind(enum.StrEnum):
    TEXT = "text"
    # Key words: shown in bold (never italics).
    STRONG = "strong"
    # A glossary term's first use: linked to its explanation.
    TERM = "term"


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str
    # For TERM segments: the glossary key to link to.
    term_key: str | None = None


@dataclass(frozen=True)
class Block:
    """One line of easy read: a pictogram on the left, words on the right."""

    segments: tuple[Segment, ...]
    # A pictogram key, or None for a line that needs no picture.
    pictogram: str | None = None
    # A heading starts a part of the page ("What will happen next").
    is_heading: bool = False
    # Lines that belong together as a bullet list.
    children: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

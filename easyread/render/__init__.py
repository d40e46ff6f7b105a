"""The renderer: the portal's structures as easy-read blocks.

Each `render_*` call gives the blocks for one page (or one part of a page):
one idea per line, a pictogram key beside key ideas, key words as STRONG
segments, and each glossary term linked (a TERM segment) the first time it
appears in the returned list. Blocks hold plain text only; templates escape it.

Dates and times are in the easy style, in Europe/London time (`easyread.dates`).
The fixed sentences are English for now; for other languages only the dates,
times and durations follow the language.
"""

from __future__ import annotations

from datetime import date

from easyread.dates import london_today
from easyread.glossary import load_glossary
from easyread.render.blocks import Block, Segment, SegmentKind
from easyread.render.consent import consent_lines
from easyread.render.inputs import ActionInput, ConsentItemInput, MeetingInput, PlanInput
from easyread.render.lines import TermFinder, to_blocks
from easyread.render.meeting import meeting_lines
from easyread.render.plan import plan_lines
from easyread.render.reader import YOUNG_PERSON, Reader

__all__ = [
    "ActionInput",
    "Block",
    "ConsentItemInput",
    "MeetingInput",
    "PlanInput",
    "Reader",
    "Segment",
    "SegmentKind",
    "TermFinder",
    "render_consent_item",
    "render_meeting",
    "render_plan",
]


def render_plan(
    plan: PlanInput,
    *,
    lang: str = "en",
    glossary: TermFinder | None = None,
    today: date | None = None,
    reader: Reader = YOUNG_PERSON,
) -> list[Block]:
    """The plan's non-empty sections, one idea per line, then who will do what by when.

    `glossary` defaults to `load_glossary(lang)`; `today` (for "late" actions and
    whether a date needs its year) defaults to today in London; `reader`: who
    reads it (the young person: "About me"; someone else: "About Sam").
    """
    finder = glossary if glossary is not None else load_glossary(lang)
    lines = plan_lines(
        plan,
        lang=lang,
        today=london_today() if today is None else today,
        glossary=finder,
        reader=reader,
    )
    return to_blocks(lines, finder, reader)


def render_meeting(
    meeting: MeetingInput,
    *,
    lang: str = "en",
    glossary: TermFinder | None = None,
    today: date | None = None,
    reader: Reader = YOUNG_PERSON,
) -> list[Block]:
    """What the meeting is, when, where, who will be there, what will happen and
    what you can do, for `reader`. A cancelled meeting says so first."""
    finder = glossary if glossary is not None else load_glossary(lang)
    lines = meeting_lines(meeting, lang=lang, today=london_today() if today is None else today)
    return to_blocks(lines, finder, reader)


def render_consent_item(
    item: ConsentItemInput,
    *,
    lang: str = "en",
    glossary: TermFinder | None = None,
    reader: Reader = YOUNG_PERSON,
) -> list[Block]:
    """What the choice means, what happens if you say yes or no, and that you can
    change your mind, for `reader` ("information about you" or "about Sam")."""
    finder = glossary if glossary is not None else load_glossary(lang)
    return to_blocks(consent_lines(item), finder, reader)

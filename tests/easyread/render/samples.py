"""Sample inputs that between them reach every fixed sentence the renderer has."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from easyread.render import (
    ActionInput,
    Block,
    ConsentItemInput,
    MeetingInput,
    PlanInput,
    render_consent_item,
    render_meeting,
    render_plan,
)
from easyread.render.consent import KNOWN
from easyread.render.lines import TermFinder
from easyread.render.meeting import KINDS
from easyread.render.plan import SECTIONS
from easyread.render.reader import YOUNG_PERSON, Reader

TODAY = date(2025, 3, 10)
LINK = "https://meet.example.nhs.uk/room/42"
ROLES = ("Keyworker", "School SENCO", "GP", "Advocate")
PLACE = "Oak House, 12 High Street"
SECTION_TEXT = "I like trains."
CONSENT_TITLE = "Your choice"
CONSENT_DESCRIPTION = "This is about your information."
# What staff wrote: shown as written, so not ours to check.
STAFF_TEXT = frozenset({LINK, *ROLES, SECTION_TEXT, CONSENT_TITLE, CONSENT_DESCRIPTION})


def _meetings() -> Iterator[MeetingInput]:
    short = (datetime(2025, 3, 11, 10, 0, tzinfo=UTC), datetime(2025, 3, 11, 12, 0, tzinfo=UTC))
    # A range too long for one sentence: 11:15 to 12:45.
    long = (datetime(2025, 3, 11, 11, 15, tzinfo=UTC), datetime(2025, 3, 11, 12, 45, tzinfo=UTC))
    # Over midnight, in another year.
    overnight = (datetime(2026, 3, 3, 21, 0, tzinfo=UTC), datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    for kind in (*KINDS, "something_new"):
        for (starts_at, ends_at), place, link in (
            (short, PLACE, None),
            (long, None, LINK),
            (overnight, PLACE, LINK),
            (short, None, None),
        ):
            yield MeetingInput(kind, starts_at, ends_at, place, link, ROLES)
        yield MeetingInput(kind, short[0], short[0], None, None, ())
        yield MeetingInput(kind, short[0], short[1], PLACE, None, ROLES, cancelled=True)


def _plans() -> Iterator[PlanInput]:
    sections = tuple((kind, SECTION_TEXT) for kind in (*SECTIONS, "something_new"))
    actions = tuple(
        ActionInput("Call the school", who, due_on, done)
        for who in ("Keyworker", "Young person", "Parent or carer", "GP", "School SENCO", "")
        for due_on in (date(2025, 3, 14), date(2025, 3, 1), date(2026, 1, 2), None)
        for done in (False, True)
    )
    yield PlanInput(sections=sections, actions=actions)
    yield PlanInput(sections=())


def _consent_items() -> Iterator[ConsentItemInput]:
    for code in (*KNOWN, "something_new"):
        yield ConsentItemInput(code, CONSENT_TITLE, CONSENT_DESCRIPTION)


# Every kind of reader: the young person, and family members reading about a
# young person with each kind of recorded pronouns (none: the name is used).
READERS = (
    YOUNG_PERSON,
    Reader.someone_else("Sam", "he/him"),
    Reader.someone_else("Priya", "she/her"),
    Reader.someone_else("Alex", "they/them"),
    Reader.someone_else("Jo", None),
    Reader.someone_else("Robin", "ze/zir"),
)


def every_page(glossary: TermFinder, *, lang: str = "en") -> Iterator[list[Block]]:
    """The blocks of every sample page, for every kind of reader."""
    for reader in READERS:
        for meeting in _meetings():
            yield render_meeting(meeting, lang=lang, glossary=glossary, today=TODAY, reader=reader)
        for plan in _plans():
            yield render_plan(plan, lang=lang, glossary=glossary, today=TODAY, reader=reader)
        for item in _consent_items():
            yield render_consent_item(item, lang=lang, glossary=glossary, reader=reader)

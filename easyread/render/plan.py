"""The person-centred plan as easy-read lines: its sections, then who will do what."""

from __future__ import annotations

import re
from datetime import date

from easyread.dates import easy_date
from easyread.render import pictures
from easyread.render.ideas import split_ideas
from easyread.render.inputs import ActionInput, PlanInput
from easyread.render.lines import (
    Line,
    TermFinder,
    heading,
    line,
    strong,
    text,
    words,
    written_strong,
)
from easyread.render.reader import YOUNG_PERSON, Reader

# Section kind -> (heading, pictogram), in the order families expect them.
SECTIONS: dict[str, tuple[str, str]] = {
    "about_me": ("About {me}", pictures.YOUNG_PERSON),
    "what_matters": ("What matters to {me}", pictures.HEART),
    "what_helps": ("What helps {me}", pictures.HELP),
    "what_does_not_help": ("What does not help {me}", pictures.SAD),
    "my_goals": ("{My} goals", pictures.GOAL),
    "if_i_am_not_ok": ("If {I} {am|is} not OK", pictures.WORRIED),
}
OTHER_SECTION = ("More about {my} plan", pictures.PLAN)

ACTIONS_HEADING = "Who will do what"
DONE = "Done"
NOT_DONE_YET = "Not done yet"
WILL_NOT_HAPPEN = "This will not happen. {Your} keyworker can tell you why."
LATE = "This is late. {Your} keyworker is checking."
NO_ONE_NAMED = "{Your} keyworker will check who will do this."
EMPTY_PLAN = "There is nothing in {your} plan yet."
EMPTY_PLAN_NEXT = "{Your} keyworker will write it with {you}."

# Who, as staff type it -> how the plan says it.
_PEOPLE: dict[str, tuple[str, str]] = {
    "keyworker": ("{Your} keyworker", pictures.KEYWORKER),
    "key worker": ("{Your} keyworker", pictures.KEYWORKER),
    "you": ("{You}", pictures.YOUNG_PERSON),
    "young person": ("{You}", pictures.YOUNG_PERSON),
    "me": ("{You}", pictures.YOUNG_PERSON),
    "family": ("{Your} family", pictures.FAMILY),
    "parent": ("{Your} parent", pictures.FAMILY),
    "parents": ("{Your} parents", pictures.FAMILY),
    "carer": ("{Your} carer", pictures.FAMILY),
    "parent or carer": ("{Your} parent or carer", pictures.FAMILY),
    "parents or carers": ("{Your} parents or carers", pictures.FAMILY),
    "social worker": ("{Your} social worker", pictures.PEOPLE),
    "gp": ("{Your} GP", pictures.DOCTOR),
    "doctor": ("{Your} doctor", pictures.DOCTOR),
    "school": ("{Your} school", pictures.SCHOOL),
}
_WEEKDAYS_AND_MONTHS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december"}
)
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def plan_lines(
    plan: PlanInput, *, lang: str, today: date, glossary: TermFinder, reader: Reader = YOUNG_PERSON
) -> list[Line]:
    """The plan's lines, in the renderer's words (filled for the reader by
    `to_blocks`) and the plan's own words as written."""
    lines: list[Line] = []
    for kind, body in plan.sections:
        ideas = split_ideas(body)
        if not ideas:
            continue
        title, picture = SECTIONS.get(kind, OTHER_SECTION)
        lines.append(heading(title, pictogram=picture))
        for idea in ideas:
            lines.append(
                line(words(idea.text), children=[line(words(bullet)) for bullet in idea.bullets])
            )
    if plan.actions:
        lines.append(heading(ACTIONS_HEADING, pictogram=pictures.PLAN))
        lines.extend(
            _action_line(action, lang=lang, today=today, glossary=glossary, reader=reader)
            for action in plan.actions
        )
    if not lines:
        lines = [line(EMPTY_PLAN, pictogram=pictures.PLAN), line(EMPTY_PLAN_NEXT)]
    return lines


def _action_line(
    action: ActionInput, *, lang: str, today: date, glossary: TermFinder, reader: Reader
) -> Line:
    what = _tidy_what(action.what, glossary)
    due = (
        [text(" by "), strong(easy_date(action.due_on, lang, today=today)), text(".")]
        if action.due_on is not None
        else [text(".")]
    )
    status: list[Line] = []
    who = " ".join(action.who.split())
    if who:
        phrase, picture = who_phrase(who, reader)
        parts = [written_strong(phrase), text(" will "), words(what), *due]
    else:
        picture = pictures.PLAN
        parts = [words(what[:1].upper() + what[1:]), *due]
        status.append(line(NO_ONE_NAMED, pictogram=pictures.KEYWORKER))
    if action.will_not_happen:
        status.insert(0, line(strong(WILL_NOT_HAPPEN), pictogram=pictures.KEYWORKER))
    elif action.done:
        status.insert(0, line(strong(DONE), pictogram=pictures.YES))
    else:
        status.insert(0, line(strong(NOT_DONE_YET), pictogram=pictures.CLOCK))
        if action.due_on is not None and action.due_on < today:
            status.append(line(LATE, pictogram=pictures.KEYWORKER))
    return line(*parts, pictogram=picture, children=status)


def who_phrase(who: str, reader: Reader = YOUNG_PERSON) -> tuple[str, str]:
    """How the plan names who will do something, for `reader` ("Your GP",
    "Sam's GP"), and its pictogram."""
    key = who.lower()
    for prefix in ("the ", "your "):
        key = key.removeprefix(prefix)
    if key in _PEOPLE:
        phrase, picture = _PEOPLE[key]
        return reader.say(phrase), picture
    return who[:1].upper() + who[1:], pictures.picture_for_role(who)


def _tidy_what(what: str, glossary: TermFinder) -> str:
    """What will be done, ready to follow "will": "Call the school." -> "call the school"."""
    what = " ".join(what.split()).rstrip(".!?").rstrip()
    if what.lower().startswith("will "):
        what = what[5:]
    first = _FIRST_WORD.match(what)
    if first is None:
        return what
    word = first.group()
    # Lower-case a capital only where it is just the start of a sentence: not
    # "I", a day or month, an abbreviation ("CAMHS"), a word with capitals inside
    # ("McDonald") or a glossary term that keeps its capital ("Gateway meeting").
    sensible = (
        word[0].isupper()
        and word[1:] == word[1:].lower()
        and word not in {"I", "I'm", "I'll", "I've", "I’m", "I’ll", "I’ve"}
        and word.lower() not in _WEEKDAYS_AND_MONTHS
        and not _starts_with_capitalised_term(what, glossary)
    )
    return word[0].lower() + what[1:] if sensible else what


def _starts_with_capitalised_term(value: str, glossary: TermFinder) -> bool:
    """True when `value` starts with an abbreviation, or with a term written exactly
    as one of its capitalised spellings ("Gateway meeting", not "Register")."""
    for match in glossary.find_terms(value):
        if match.start == 0:
            found = value[match.start : match.end]
            spellings = (match.term.term, *match.term.variants)
            return match.term.is_abbreviation or any(
                spelling == found and spelling[:1].isupper() for spelling in spellings
            )
    return False

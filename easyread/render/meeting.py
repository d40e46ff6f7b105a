"""A meeting as easy-read lines: what it is, when, where, who, what happens, what you can do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from easyread.dates import easy_date, easy_duration, easy_time, easy_time_range, to_london
from easyread.render import pictures
from easyread.render.inputs import MeetingInput
from easyread.render.lines import Line, data, heading, line, strong, words, written_strong


@dataclass(frozen=True)
class MeetingKind:
    # What the meeting is for, in one short line.
    purpose: str
    # More about it: its name, who runs it.
    about: tuple[Line, ...] = field(default_factory=tuple)
    # What will happen in it.
    happens: tuple[Line, ...] = field(default_factory=tuple)
    # Extra things you can do, before the ones every meeting has.
    you_can: tuple[Line, ...] = field(default_factory=tuple)


_REVIEW_PURPOSE = "A meeting to check {you} {are|is} safe and getting the right care."
_PANEL = (
    line("A small group of people will talk with {you}.", pictogram=pictures.PEOPLE),
    line("This group is called the panel."),
    line("The people on the panel are not part of {your} care team."),
    line(
        "The panel has 3 people:",
        children=[
            line("someone who plans care services"),
            line("a doctor, nurse or other care expert"),
            line("someone who knows about services from their own life"),
        ],
    ),
    line(
        "The panel will ask 4 questions:",
        pictogram=pictures.QUESTION,
        children=[
            line("{Am|Is} {I} safe?", pictogram=pictures.SAFE),
            line("{Am|Is} {I} getting good care now?", pictogram=pictures.HELP),
            line("What are {my} plans for the future?", pictogram=pictures.GOAL),
            line(
                "Can {my} care and treatment be given in the community?",
                pictogram=pictures.COMMUNITY,
            ),
        ],
    ),
    line(
        "After the meeting, the panel writes down what should happen next.", pictogram=pictures.PLAN
    ),
)
_REVIEW_YOU_CAN = (
    line("You can share your views before the meeting.", pictogram=pictures.SHARE),
    line("You can ask for a break if you need one.", pictogram=pictures.QUIET_ROOM),
)

KINDS: dict[str, MeetingKind] = {
    "cetr": MeetingKind(
        purpose=_REVIEW_PURPOSE,
        about=(line("It is called a Care, Education and Treatment Review (CETR)."),),
        happens=_PANEL,
        you_can=_REVIEW_YOU_CAN,
    ),
    "ctr": MeetingKind(
        purpose=_REVIEW_PURPOSE,
        about=(line("It is called a Care and Treatment Review (CTR)."),),
        happens=_PANEL,
        you_can=_REVIEW_YOU_CAN,
    ),
    "mdt": MeetingKind(
        purpose="A meeting of the people who help {you}.",
        about=(line("Staff call it an MDT meeting."),),
        happens=(
            line("They talk about how things are going for {you}.", pictogram=pictures.PEOPLE),
            line("They agree who will do what next.", pictogram=pictures.PLAN),
        ),
    ),
    "register_review": MeetingKind(
        purpose="A meeting to check {you} {have|has} the right support to stay well at home.",
        happens=(
            line("Staff look at the help {you} {get|gets} now.", pictogram=pictures.HELP),
            line("They check if {you} {need|needs} more help.", pictogram=pictures.QUESTION),
        ),
    ),
    "other": MeetingKind(
        purpose="A meeting about {your} care and support.",
        happens=(
            line("People talk about how things are going for {you}.", pictogram=pictures.PEOPLE),
            line("They agree what to do next.", pictogram=pictures.PLAN),
        ),
    ),
}

# Easy read aims for sentences of 15 words or fewer.
MAX_WORDS = 15

CANCELLED = "This meeting is cancelled."
CANCELLED_NO_NEED = "You do not need to go."
CANCELLED_NEXT = "{Your} keyworker will tell you if there is a new date."
ASK_QUESTIONS = "Ask {your} keyworker if you have questions."

HEADING_WHAT = "What is this meeting?"
HEADING_WHEN = "When is it?"
HEADING_WHERE = "Where is it?"
HEADING_WHO = "Who will be there?"
HEADING_HAPPENS = "What will happen?"
HEADING_YOU_CAN = "What you can do"

_EVERY_MEETING_YOU_CAN = (
    line("You can say what you think.", pictogram=pictures.TALK),
    line("Your family can say what they think too.", pictogram=pictures.FAMILY),
    line("You can ask for an advocate to help you.", pictogram=pictures.SPEAK_UP),
    line("An advocate helps you say what you want."),
)


def meeting_lines(meeting: MeetingInput, *, lang: str, today: date) -> list[Line]:
    kind = KINDS.get(meeting.kind, KINDS["other"])
    if meeting.cancelled:
        return _cancelled_lines(meeting, kind, lang=lang, today=today)
    return [
        heading(HEADING_WHAT, pictogram=pictures.MEETING),
        line(strong(kind.purpose)),
        *kind.about,
        heading(HEADING_WHEN, pictogram=pictures.CALENDAR),
        *_when_lines(meeting, lang=lang, today=today),
        heading(HEADING_WHERE, pictogram=pictures.PLACE),
        *_where_lines(meeting),
        heading(HEADING_WHO, pictogram=pictures.PEOPLE),
        *_who_lines(meeting),
        heading(HEADING_HAPPENS, pictogram=pictures.QUESTION),
        *kind.happens,
        heading(HEADING_YOU_CAN, pictogram=pictures.CHOICE),
        *_EVERY_MEETING_YOU_CAN,
        *kind.you_can,
        line(ASK_QUESTIONS, pictogram=pictures.QUESTION),
    ]


def _cancelled_lines(
    meeting: MeetingInput, kind: MeetingKind, *, lang: str, today: date
) -> list[Line]:
    start = to_london(meeting.starts_at)
    return [
        line(strong(CANCELLED), pictogram=pictures.NO),
        line(CANCELLED_NO_NEED),
        line(kind.purpose, pictogram=pictures.MEETING),
        line(
            "It was going to be on ",
            strong(easy_date(start, lang, today=today)),
            ".",
            pictogram=pictures.CALENDAR,
        ),
        line(
            "It was going to start at ",
            strong(easy_time(start, lang)),
            ".",
            pictogram=pictures.CLOCK,
        ),
        line(CANCELLED_NEXT, pictogram=pictures.KEYWORKER),
        line(ASK_QUESTIONS, pictogram=pictures.QUESTION),
    ]


def _when_lines(meeting: MeetingInput, *, lang: str, today: date) -> list[Line]:
    start, end = to_london(meeting.starts_at), to_london(meeting.ends_at)
    lines = [
        line(
            "The meeting is on ",
            strong(easy_date(start, lang, today=today)),
            ".",
            pictogram=pictures.CALENDAR,
        )
    ]
    if end <= start:
        lines.append(
            line("It starts at ", strong(easy_time(start, lang)), ".", pictogram=pictures.CLOCK)
        )
        return lines
    time_range = easy_time_range(start, end, lang)
    from_to = line("It is from ", strong(time_range), ".", pictogram=pictures.CLOCK)
    if start.date() == end.date() and len(_words(from_to)) <= MAX_WORDS:
        lines.append(from_to)
    else:
        # Two lines rather than one sentence too long to read easily.
        lines.append(
            line("It starts at ", strong(easy_time(start, lang)), ".", pictogram=pictures.CLOCK)
        )
        if start.date() == end.date():
            lines.append(line("It ends at ", strong(easy_time(end, lang)), "."))
        else:
            lines.append(
                line(
                    "It ends on ",
                    strong(easy_date(end, lang, today=today)),
                    " at ",
                    strong(easy_time(end, lang)),
                    ".",
                )
            )
    # The real time that passes, so it is right across a clock change.
    lines.append(line("It will last ", strong(easy_duration(end - start, lang)), "."))
    return lines


def _words(item: Line) -> list[str]:
    return "".join(part.text for part in item.parts).split()


def _where_lines(meeting: MeetingInput) -> list[Line]:
    place = " ".join((meeting.place or "").split()).rstrip(".")
    link = (meeting.video_link or "").strip()
    lines: list[Line] = []
    if place and link:
        lines.append(line("You can come to ", written_strong(place), ".", pictogram=pictures.PLACE))
        lines.append(line("Or you can join on a video call.", pictogram=pictures.VIDEO_CALL))
    elif place:
        lines.append(
            line("The meeting is at ", written_strong(place), ".", pictogram=pictures.PLACE)
        )
    elif link:
        lines.append(line("The meeting is on a video call.", pictogram=pictures.VIDEO_CALL))
    else:
        lines.append(
            line(
                "{Your} keyworker will tell you where the meeting is.", pictogram=pictures.KEYWORKER
            )
        )
    if link:
        lines.append(line("Use this link to join the call:", children=[line(data(link))]))
    return lines


def _who_lines(meeting: MeetingInput) -> list[Line]:
    roles = [" ".join(role.split()) for role in meeting.attendee_roles]
    roles = [role[:1].upper() + role[1:] for role in roles if role]
    if not roles:
        return [
            line("{Your} keyworker will tell you who will be there.", pictogram=pictures.KEYWORKER)
        ]
    return [
        line(
            "These people will be there:",
            children=[
                line(words(role), pictogram=pictures.picture_for_role(role)) for role in roles
            ],
        )
    ]

"""The pictogram keys the renderer uses, in one place so a test can check
that the pictogram set (`easyread.pictograms`) has every one of them."""

from __future__ import annotations

CALENDAR = "calendar"
CHOICE = "choice"
CLOCK = "clock"
COMMUNITY = "community"
DOCTOR = "doctor"
FAMILY = "family"
GOAL = "goal"
HAPPY = "happy"
HEART = "heart"
HELP = "help"
HOME = "home"
HOSPITAL = "hospital"
KEYWORKER = "keyworker"
LOCK = "lock"
MEETING = "meeting"
NO = "no"
NURSE = "nurse"
PEOPLE = "people"
PHONE = "phone"
PLACE = "place"
PLAN = "plan"
QUESTION = "question"
QUIET_ROOM = "quiet-room"
SAD = "sad"
SAFE = "safe"
SCHOOL = "school"
SHARE = "share"
# Speaking up for yourself, and the advocate who helps you do it (the
# glossary's picture for "advocate" too).
SPEAK_UP = "speak-up"
TALK = "talk"
TEXT_MESSAGE = "text-message"
VIDEO_CALL = "video-call"
WORRIED = "worried"
YES = "yes"
YOUNG_PERSON = "young-person"

ALL_KEYS = frozenset(
    {CALENDAR, CHOICE, CLOCK, COMMUNITY, DOCTOR, FAMILY, GOAL, HAPPY, HEART, HELP, HOME}
    | {HOSPITAL, KEYWORKER, LOCK, MEETING, NO, NURSE, PEOPLE, PHONE, PLACE, PLAN, QUESTION}
    | {QUIET_ROOM, SAD, SAFE, SCHOOL, SHARE, SPEAK_UP, TALK, TEXT_MESSAGE, VIDEO_CALL}
    | {WORRIED, YES, YOUNG_PERSON}
)

# Words in a role or agency name, and the picture that goes with them. The
# first match wins, so the more particular words come first.
_ROLE_PICTURES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("keyworker", "key worker"), KEYWORKER),
    (("advocate", "imha"), SPEAK_UP),
    (("nurse",), NURSE),
    (("gp", "doctor", "psychiatrist", "paediatrician", "consultant"), DOCTOR),
    (("hospital", "ward", "inpatient", "unit"), HOSPITAL),
    (("school", "senco", "teacher", "college", "education"), SCHOOL),
    (("housing",), HOME),
    (("parent", "parents", "carer", "carers", "family", "mum", "dad"), FAMILY),
    (("you", "young person"), YOUNG_PERSON),
)


def picture_for_role(role: str) -> str:
    """A pictogram for a role or agency ("School SENCO" -> school); people otherwise."""
    words = role.lower().replace("-", " ").replace("/", " ").split()
    joined = " ".join(words)
    for names, key in _ROLE_PICTURES:
        for name in names:
            if (" " in name and name in joined) or name in words:
                return key
    return PEOPLE

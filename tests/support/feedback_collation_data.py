"""Known feedback for the collated view: every figure counted by hand.

Two teams. Team A: keyworkers One (young person P1) and Two (P2) and a
manager; team B: keyworker Three (P3) and a manager. In September to
November 2026 (the PERIOD), 21 responses: 7 very good, 5 good, 2 neither,
3 poor, 1 very poor, 2 don't know and 1 with words only; 2 by text in two
parts, each counted once. One response before and one after the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from portal.models import (
    AnsweredBy,
    Channel,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    MeetingKind,
    StaffRole,
    StaffUser,
    Team,
    YoungPerson,
)
from portal.services.feedback.periods import Period
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)

PERIOD = Period(date(2026, 9, 1), date(2026, 11, 30))
HYPERLINK = '=HYPERLINK("http://example.org")'

VG, G, N = FftAnswer.VERY_GOOD, FftAnswer.GOOD, FftAnswer.NEITHER
P, VP, DK = FftAnswer.POOR, FftAnswer.VERY_POOR, FftAnswer.DONT_KNOW
WEB, SMS = FeedbackChannel.WEB, FeedbackChannel.SMS
YP, PARENT = AnsweredBy.YOUNG_PERSON, AnsweredBy.PARENT_OR_CARER
HELPING = AnsweredBy.SOMEONE_HELPING

# number: (person, month, answer, channel, who answered, kind of meeting)
RESPONSES = {
    1: ("P1", 9, VG, WEB, None, MeetingKind.MDT),
    2: ("P1", 9, VG, SMS, YP, MeetingKind.MDT),
    3: ("P1", 10, VG, WEB, YP, None),
    4: ("P1", 10, VG, WEB, PARENT, None),
    5: ("P1", 11, G, SMS, PARENT, None),
    6: ("P1", 11, G, WEB, YP, None),
    7: ("P1", 11, G, WEB, HELPING, None),
    8: ("P1", 9, P, SMS, PARENT, None),
    9: ("P1", 10, P, WEB, YP, None),
    10: ("P1", 11, DK, WEB, YP, None),
    11: ("P2", 9, VG, WEB, PARENT, None),
    12: ("P2", 10, VG, SMS, PARENT, None),
    13: ("P2", 11, G, WEB, YP, None),
    14: ("P2", 9, N, WEB, None, None),
    15: ("P2", 10, N, SMS, PARENT, None),
    16: ("P2", 11, VP, WEB, PARENT, MeetingKind.CETR),
    17: ("P3", 9, VG, WEB, YP, None),
    18: ("P3", 10, G, SMS, PARENT, None),
    19: ("P3", 11, P, WEB, YP, None),
    20: ("P3", 11, DK, SMS, None, None),
    21: ("P1", 11, None, WEB, YP, None),
}
# Words on the response itself: (what was good, what could be better).
WORDS = {
    8: (HYPERLINK, None),
    9: (None, "Answer the phone"),
    16: ("Too long a wait", "Shorter waits"),
    19: ("I feel unsafe at home", None),
    21: ("The room was cold", None),
}
FLAGGED = {19}


@dataclass(frozen=True)
class CollationWorld:
    team_a: Team
    team_b: Team
    keyworker_one: StaffUser
    keyworker_two: StaffUser
    keyworker_three: StaffUser
    manager_a: StaffUser
    manager_b: StaffUser
    people: dict[str, YoungPerson]
    # By number in RESPONSES (the first part of the two in parts).
    responses: dict[int, FeedbackResponse]
    themes: dict[str, FeedbackTheme]


def received(number: int, month: int) -> datetime:
    """Response 1 came in the first minutes of September and response 3 of
    October in London, the evening before in UTC (summer time)."""
    if number == 1:
        return datetime(2026, 8, 31, 23, 30, tzinfo=UTC)
    if number == 3:
        return datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
    return datetime(2026, month, number, 12, 0, tzinfo=UTC)


def build_collation_world(session: Session) -> CollationWorld:
    team_a, team_b = make_team(session, name="Team A"), make_team(session, name="Team B")
    one = make_staff_user(session, team=team_a, name="Keyworker One")
    two = make_staff_user(session, team=team_a, name="Keyworker Two")
    three = make_staff_user(session, team=team_b, name="Keyworker Three")
    manager_a = make_staff_user(session, role=StaffRole.MANAGER, team=team_a, name="Manager A")
    manager_b = make_staff_user(session, role=StaffRole.MANAGER, team=team_b, name="Manager B")
    people = {
        "P1": make_young_person(session, team=team_a, keyworker=one, preferred_name="Robin"),
        "P2": make_young_person(session, team=team_a, keyworker=two, preferred_name="Sam"),
        "P3": make_young_person(session, team=team_b, keyworker=three, preferred_name="Alex"),
    }
    contacts = {key: make_contact(session, young_person=person) for key, person in people.items()}
    responses = {
        number: _add_response(session, number, people, contacts, row)
        for number, row in RESPONSES.items()
    }
    _add_parts(session, responses)
    _add_outside_the_period(session, people)
    themes = _add_themes(session, responses)
    _add_notices(session, responses, contacts, one)
    _add_requests(session, people, contacts)
    session.flush()
    return CollationWorld(
        team_a, team_b, one, two, three, manager_a, manager_b, people, responses, themes
    )


def _add_response(
    session: Session,
    number: int,
    people: dict[str, YoungPerson],
    contacts: dict[str, Contact],
    row: tuple[str, int, FftAnswer | None, FeedbackChannel, AnsweredBy | None, MeetingKind | None],
) -> FeedbackResponse:
    key, month, answer, channel, who, kind = row
    meeting = make_meeting(session, young_person=people[key], kind=kind) if kind else None
    comment, improvement = WORDS.get(number, (None, None))
    if number == 2:  # By text: the comment first, the number in a second part.
        answer, comment = None, "Good to talk"
    response = FeedbackResponse(
        young_person_id=people[key].id,
        contact_id=contacts[key].id,
        meeting_id=meeting.id if meeting else None,
        channel=channel,
        fft_answer=answer,
        comment=comment,
        improvement=improvement,
        answered_by=who,
        flagged=number in FLAGGED,
        received_at=received(number, month),
    )
    session.add(response)
    session.flush()
    return response


def _add_parts(session: Session, responses: dict[int, FeedbackResponse]) -> None:
    first, fifteenth = responses[2], responses[15]
    session.add_all(
        [
            _part(first, fft_answer=VG),
            # A worrying comment after the number: the response is flagged.
            _part(fifteenth, comment="I am scared at home", flagged=True),
        ]
    )


def _part(of: FeedbackResponse, **what: object) -> FeedbackResponse:
    return FeedbackResponse(
        young_person_id=of.young_person_id,
        contact_id=of.contact_id,
        channel=of.channel,
        part_of_id=of.id,
        received_at=of.received_at.replace(minute=5),
        **what,
    )


def _add_outside_the_period(session: Session, people: dict[str, YoungPerson]) -> None:
    for person, at in (
        (people["P2"], datetime(2026, 8, 31, 22, 59, tzinfo=UTC)),  # 23:59 London
        (people["P3"], datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),
    ):
        session.add(
            FeedbackResponse(young_person_id=person.id, channel=WEB, fft_answer=VG, received_at=at)
        )


def _add_themes(
    session: Session, responses: dict[int, FeedbackResponse]
) -> dict[str, FeedbackTheme]:
    themes = {
        "talk": FeedbackTheme(code="talk", name="Talking to us", display_order=1),
        "wait": FeedbackTheme(code="wait", name="Waiting times", display_order=2),
        "unused": FeedbackTheme(code="unused", name="Unused", display_order=3, active=False),
        "parking": FeedbackTheme(code="parking", name="Parking", display_order=4, active=False),
    }
    session.add_all(themes.values())
    session.flush()
    tagger = make_staff_user(session, name="Tagger")
    for code, numbers in (("talk", (1, 8, 17)), ("wait", (16,)), ("parking", (9,))):
        for number in numbers:
            response = responses[number]
            session.add(
                FeedbackThemeTag(
                    response_id=response.id,
                    theme_id=themes[code].id,
                    young_person_id=response.young_person_id,
                    tagged_by_id=tagger.id,
                )
            )
    return themes


def _add_notices(
    session: Session,
    responses: dict[int, FeedbackResponse],
    contacts: dict[str, Contact],
    reader: StaffUser,
) -> None:
    """Responses 8 and 19 are new; 9 has been read."""
    for number, seen in ((8, False), (9, True), (19, False)):
        response = responses[number]
        key = "P3" if number == 19 else "P1"
        session.add(
            FamilyInputNotice(
                young_person_id=response.young_person_id,
                contact_id=contacts[key].id,
                kind=FamilyInputKind.FEEDBACK,
                subject_id=response.id,
                summary="Feedback",
                seen_at=response.received_at if seen else None,
                seen_by_id=reader.id if seen else None,
            )
        )


def _add_requests(
    session: Session, people: dict[str, YoungPerson], contacts: dict[str, Contact]
) -> None:
    """P1: 4 sent in the period, 3 answered, 1 never sent, 1 sent in August;
    P3: 2 sent, 1 answered."""
    plan = [
        ("P1", 9, True, True),
        ("P1", 10, True, True),
        ("P1", 11, True, True),
        ("P1", 11, True, False),
        ("P1", 10, False, False),
        ("P1", 8, True, True),
        ("P3", 9, True, True),
        ("P3", 10, True, False),
    ]
    for key, month, sent, answered in plan:
        at = datetime(2026, month, 3, 10, 0, tzinfo=UTC)
        session.add(
            FeedbackRequest(
                young_person_id=people[key].id,
                contact_id=contacts[key].id,
                channel=Channel.SMS if sent else None,
                requested_at=at,
                expires_at=at.replace(day=17),
                open_key=None,
                answered_at=at.replace(day=4) if answered else None,
                closed_at=at.replace(day=4) if answered else at.replace(day=17),
            )
        )

"""A family's meetings: which are listed where, one meeting's page, and the
rules for "Can you come?" and "Things that help me at the meeting"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import easyread
from portal.models import (
    AuditEvent,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    Meeting,
    MeetingAnswer,
    MeetingAttendee,
    MeetingKind,
    MeetingReply,
    MeetingStatus,
    MeetingSupport,
    MeetingSupportRequest,
    Relationship,
    YoungPerson,
)
from portal.services.meetings.family_view import (
    KIND_NAMES,
    OTHER_DETAIL_MAX,
    ChangeOutcome,
    SectionKey,
    SupportChoice,
    SupportNotValid,
    SupportProblem,
    list_meetings,
    map_search_url,
    may_change_answers,
    meeting_for_contact,
    meeting_page,
    record_reply,
    record_support_request,
    support_summary,
)
from tests.factories import make_contact, make_meeting, make_team, make_young_person

NOW = datetime.fromisoformat("2026-07-15T10:00:00+00:00")


@dataclass
class Family:
    person: YoungPerson
    contact: Contact
    other_contact: Contact  # another young person's


@pytest.fixture
def family(session: Session) -> Family:
    team = make_team(session)
    person = make_young_person(session, team=team)
    other = make_young_person(session, team=team)
    result = Family(
        person=person,
        contact=make_contact(session, young_person=person, relation=Relationship.SELF),
        other_contact=make_contact(session, young_person=other, relation=Relationship.SELF),
    )
    session.commit()
    return result


def _meeting(
    session: Session,
    person: YoungPerson,
    *,
    starts_in: timedelta,
    kind: MeetingKind = MeetingKind.MDT,
    status: MeetingStatus = MeetingStatus.PLANNED,
) -> Meeting:
    meeting = make_meeting(
        session, young_person=person, kind=kind, starts_at=NOW + starts_in, status=status
    )
    session.commit()
    return meeting


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


# The list


def test_upcoming_soonest_first_and_past_newest_first(session: Session, family: Family) -> None:
    later = _meeting(session, family.person, starts_in=timedelta(days=9))
    cancelled = _meeting(
        session, family.person, starts_in=timedelta(days=3), status=MeetingStatus.CANCELLED
    )
    soon = _meeting(session, family.person, starts_in=timedelta(days=1))
    # Started half an hour ago and still going: still "coming up" until it ends.
    going_on = _meeting(session, family.person, starts_in=timedelta(minutes=-30))
    long_ago = _meeting(
        session, family.person, starts_in=timedelta(days=-60), status=MeetingStatus.HELD
    )
    last_week = _meeting(
        session, family.person, starts_in=timedelta(days=-7), status=MeetingStatus.HELD
    )
    # Staff forgot to mark it held: it has ended, so it is in the past.
    ended = _meeting(session, family.person, starts_in=timedelta(days=-2))
    _meeting(session, family.other_contact.young_person, starts_in=timedelta(days=2))

    listed = list_meetings(session, family.contact, now=NOW, lang="en")

    assert [item.id for item in listed.upcoming] == [going_on.id, soon.id, cancelled.id, later.id]
    assert [item.id for item in listed.past] == [ended.id, last_week.id, long_ago.id]
    assert [item.cancelled for item in listed.upcoming] == [False, False, True, False]


def test_list_items_say_the_kind_day_and_time_in_plain_words(
    session: Session, family: Family
) -> None:
    # 9 in the morning UTC is 10 in the morning in London in July.
    _meeting(session, family.person, starts_in=timedelta(days=6), kind=MeetingKind.CETR)

    (item,) = list_meetings(session, family.contact, now=NOW, lang="en").upcoming

    assert item.name == "Care, Education and Treatment Review"
    assert item.day == "Tuesday 21 July"
    assert item.time == "11 in the morning to 12 noon"


def test_no_meetings_lists_nothing(session: Session, family: Family) -> None:
    _meeting(session, family.other_contact.young_person, starts_in=timedelta(days=2))

    listed = list_meetings(session, family.contact, now=NOW, lang="en")

    assert listed.upcoming == () and listed.past == ()


@pytest.mark.parametrize("kind", list(MeetingKind))
def test_kind_names_are_easy_read(app: object, kind: MeetingKind) -> None:
    with app.app_context():  # type: ignore[attr-defined]
        report = easyread.check(str(KIND_NAMES[kind]), "en")
    assert report.passes, [finding.message for finding in report.errors]


# One meeting


def test_another_young_persons_meeting_is_not_found(session: Session, family: Family) -> None:
    theirs = _meeting(session, family.other_contact.young_person, starts_in=timedelta(days=2))

    assert meeting_for_contact(session, family.contact, theirs.id) is None
    assert meeting_page(session, family.contact, theirs.id, now=NOW, lang="en") is None
    assert meeting_page(session, family.other_contact, theirs.id, now=NOW, lang="en") is not None


@pytest.mark.parametrize("kind", list(MeetingKind))
def test_each_kind_of_meeting_is_explained_in_parts(
    session: Session, family: Family, kind: MeetingKind
) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2), kind=kind)
    session.add(MeetingAttendee(meeting_id=meeting.id, role="School SENCO", agency="School"))
    session.commit()

    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")

    assert page is not None
    assert [section.key for section in page.sections] == [
        SectionKey.WHAT,
        SectionKey.WHEN,
        SectionKey.WHERE,
        SectionKey.WHO,
        SectionKey.HAPPENS,
        SectionKey.YOU_CAN,
    ]
    text = " ".join(block.text for section in page.sections for block in section.blocks)
    assert "You can ask for an advocate to help you." in text
    assert "School SENCO" in " ".join(
        child.text
        for section in page.sections
        for block in section.blocks
        for child in block.children
    )
    if kind is MeetingKind.CETR:
        assert "The panel will ask 4 questions:" in text
    assert page.name == str(KIND_NAMES[kind])
    assert page.may_change and not page.cancelled and not page.happened
    assert page.map_url == map_search_url("Room 1, Test Clinic")


def test_a_cancelled_meeting_says_so_first_and_takes_no_answers(
    session: Session, family: Family
) -> None:
    meeting = _meeting(
        session, family.person, starts_in=timedelta(days=2), status=MeetingStatus.CANCELLED
    )

    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")

    assert page is not None
    assert [section.key for section in page.sections] == [SectionKey.CANCELLED]
    assert page.sections[0].blocks[0].text == "This meeting is cancelled."
    assert page.cancelled and page.in_future and not page.may_change and not page.happened


def test_a_past_meeting_has_happened(session: Session, family: Family) -> None:
    meeting = _meeting(
        session, family.person, starts_in=timedelta(days=-3), status=MeetingStatus.HELD
    )

    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")

    assert page is not None and page.happened and not page.may_change


def test_the_map_link_searches_for_the_address_and_only_https_video_links_are_joined(
    session: Session, family: Family
) -> None:
    assert map_search_url("Room 2,  1 Example Street\nExampletown") == (
        "https://www.openstreetmap.org/search?query=Room+2%2C+1+Example+Street+Exampletown"
    )
    assert map_search_url("  ") is None
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))
    meeting.video_link = "javascript:alert(1)"
    session.commit()
    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.join_url is None
    meeting.video_link = "https://video.example.org/call"
    session.commit()
    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.join_url == "https://video.example.org/call"


# "Can you come?"


def test_answers_can_change_until_the_meeting_starts(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(hours=1))

    assert may_change_answers(meeting, NOW)
    assert may_change_answers(meeting, NOW + timedelta(minutes=59))
    assert not may_change_answers(meeting, NOW + timedelta(hours=1))
    meeting.status = MeetingStatus.CANCELLED
    assert not may_change_answers(meeting, NOW)
    meeting.status = MeetingStatus.HELD
    assert not may_change_answers(meeting, NOW)


def test_a_reply_is_kept_and_staff_are_told(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))

    outcome = record_reply(session, family.contact, meeting, MeetingAnswer.YES, now=NOW)

    assert outcome is ChangeOutcome.SAVED
    reply = session.scalars(select(MeetingReply)).one()
    assert (reply.contact_id, reply.answer, reply.replied_at) == (
        family.contact.id,
        MeetingAnswer.YES,
        NOW,
    )
    notice = session.scalars(select(FamilyInputNotice)).one()
    assert notice.kind is FamilyInputKind.MEETING_REPLY
    assert (notice.subject_id, notice.meeting_id, notice.summary) == (
        reply.id,
        meeting.id,
        "Can you come? Yes",
    )
    assert notice.young_person_id == family.person.id
    assert session.scalars(select(AuditEvent.action)).all() == ["family.meeting.replied"]


def test_a_changed_answer_keeps_the_history_and_the_same_answer_adds_nothing(
    session: Session, family: Family
) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))

    record_reply(session, family.contact, meeting, MeetingAnswer.YES, now=NOW)
    again = record_reply(session, family.contact, meeting, MeetingAnswer.YES, now=NOW)
    record_reply(session, family.contact, meeting, MeetingAnswer.NOT_SURE, now=NOW)

    assert again is ChangeOutcome.UNCHANGED
    answers = session.scalars(select(MeetingReply.answer).order_by(MeetingReply.id)).all()
    assert answers == [MeetingAnswer.YES, MeetingAnswer.NOT_SURE]
    assert _count(session, FamilyInputNotice) == 2
    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.reply is MeetingAnswer.NOT_SURE


def test_each_contact_has_their_own_answer(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))
    mum = make_contact(session, young_person=family.person)
    session.commit()

    record_reply(session, family.contact, meeting, MeetingAnswer.YES, now=NOW)
    record_reply(session, mum, meeting, MeetingAnswer.NO, now=NOW)

    mine = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    hers = meeting_page(session, mum, meeting.id, now=NOW, lang="en")
    assert mine is not None and mine.reply is MeetingAnswer.YES
    assert hers is not None and hers.reply is MeetingAnswer.NO


@pytest.mark.parametrize(
    ("starts_in", "status"),
    [
        (timedelta(minutes=-1), MeetingStatus.PLANNED),
        (timedelta(days=-3), MeetingStatus.HELD),
        (timedelta(days=3), MeetingStatus.CANCELLED),
    ],
)
def test_no_reply_once_started_held_or_cancelled(
    session: Session, family: Family, starts_in: timedelta, status: MeetingStatus
) -> None:
    meeting = _meeting(session, family.person, starts_in=starts_in, status=status)

    outcome = record_reply(session, family.contact, meeting, MeetingAnswer.NO, now=NOW)

    assert outcome is ChangeOutcome.CLOSED
    assert _count(session, MeetingReply) == 0
    assert _count(session, FamilyInputNotice) == 0


# "Things that help me at the meeting"


def test_a_support_choice_is_tidied() -> None:
    choice = SupportChoice.from_answers(
        ["other", "quiet_room", "breaks", "quiet_room"],
        interpreter_language="Polish",
        other_detail="  Somewhere to park  \n  near the door ",
    )

    assert choice.supports == (
        MeetingSupport.QUIET_ROOM,
        MeetingSupport.BREAKS,
        MeetingSupport.OTHER,
    )
    # No interpreter ticked: the language is not kept.
    assert choice.interpreter_language is None
    assert choice.other_detail == "Somewhere to park\nnear the door"
    with pytest.raises(ValueError):
        SupportChoice.from_answers(["a_pony"])


def test_other_needs_saying_what_and_not_too_much(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))

    for detail, problem in [
        ("   ", SupportProblem.OTHER_DETAIL_MISSING),
        ("x" * (OTHER_DETAIL_MAX + 1), SupportProblem.OTHER_DETAIL_TOO_LONG),
    ]:
        choice = SupportChoice.from_answers(["other"], other_detail=detail)
        with pytest.raises(SupportNotValid) as raised:
            record_support_request(
                session, family.contact, meeting, choice, seen_request_id=None, now=NOW
            )
        assert raised.value.problems == (problem,)

    assert _count(session, MeetingSupportRequest) == 0
    assert _count(session, FamilyInputNotice) == 0


def test_each_support_request_is_kept_and_tells_staff(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))
    first = SupportChoice.from_answers(
        ["interpreter", "quiet_room"], interpreter_language=" Polish "
    )

    assert (
        record_support_request(
            session, family.contact, meeting, first, seen_request_id=None, now=NOW
        )
        is ChangeOutcome.SAVED
    )
    saved = session.scalars(select(MeetingSupportRequest)).one()
    assert saved.supports == ["quiet_room", "interpreter"]
    assert saved.interpreter_language == "Polish"
    second = SupportChoice.from_answers(["other"], other_detail="My dog, please.")
    assert (
        record_support_request(
            session, family.contact, meeting, second, seen_request_id=saved.id, now=NOW
        )
        is ChangeOutcome.SAVED
    )
    # Taking everything back is an answer too.
    latest = session.scalars(
        select(MeetingSupportRequest.id).order_by(MeetingSupportRequest.id.desc())
    ).first()
    assert (
        record_support_request(
            session, family.contact, meeting, SupportChoice(()), seen_request_id=latest, now=NOW
        )
        is ChangeOutcome.SAVED
    )

    notices = session.scalars(select(FamilyInputNotice).order_by(FamilyInputNotice.id)).all()
    assert [notice.kind for notice in notices] == [FamilyInputKind.MEETING_SUPPORT] * 3
    assert [notice.summary for notice in notices] == [
        "Things that help at the meeting: quiet room, interpreter",
        "Things that help at the meeting: other",
        "Things that help at the meeting: nothing now",
    ]
    # The family's own words never reach the notice.
    assert all("dog" not in notice.summary for notice in notices)
    assert _count(session, MeetingSupportRequest) == 3


def test_the_same_support_again_adds_nothing(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))
    choice = SupportChoice.from_answers(["breaks"])
    record_support_request(session, family.contact, meeting, choice, seen_request_id=None, now=NOW)

    # A second press of the button, from the same page.
    again = record_support_request(
        session, family.contact, meeting, choice, seen_request_id=None, now=NOW
    )

    assert again is ChangeOutcome.UNCHANGED
    assert _count(session, MeetingSupportRequest) == 1
    assert _count(session, FamilyInputNotice) == 1


def test_a_change_from_another_window_is_not_replaced_silently(
    session: Session, family: Family
) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(days=2))
    # Two windows opened when nothing was asked for; the first sends.
    record_support_request(
        session,
        family.contact,
        meeting,
        SupportChoice.from_answers(["breaks"]),
        seen_request_id=None,
        now=NOW,
    )

    outcome = record_support_request(
        session,
        family.contact,
        meeting,
        SupportChoice.from_answers(["quiet_room"]),
        seen_request_id=None,
        now=NOW,
    )

    assert outcome is ChangeOutcome.CHANGED_ELSEWHERE
    assert session.scalars(select(MeetingSupportRequest.supports)).all() == [["breaks"]]


def test_no_support_request_once_the_meeting_started(session: Session, family: Family) -> None:
    meeting = _meeting(session, family.person, starts_in=timedelta(minutes=-5))

    outcome = record_support_request(
        session,
        family.contact,
        meeting,
        SupportChoice.from_answers(["breaks"]),
        seen_request_id=None,
        now=NOW,
    )

    assert outcome is ChangeOutcome.CLOSED
    assert _count(session, MeetingSupportRequest) == 0


def test_the_support_summary_names_every_support() -> None:
    everything = SupportChoice.from_answers(
        [support.value for support in MeetingSupport], other_detail="x"
    )
    assert support_summary(everything).count(",") == len(MeetingSupport) - 1
    assert len(support_summary(everything)) <= 300

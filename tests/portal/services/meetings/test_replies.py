"""A family's answers about a meeting: the rules for "Can you come?" and
"Things that help me at the meeting"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    FamilyInputKind,
    FamilyInputNotice,
    MeetingAnswer,
    MeetingReply,
    MeetingStatus,
    MeetingSupport,
    MeetingSupportRequest,
)
from portal.services.meetings.family_view import meeting_page
from portal.services.meetings.replies import (
    OTHER_DETAIL_MAX,
    ChangeOutcome,
    SupportChoice,
    SupportNotValid,
    SupportProblem,
    may_change_answers,
    record_reply,
    record_support_request,
    support_summary,
    supports_offered,
)
from tests.portal.services.meetings.family_data import (
    NOW,
    Family,
    add_meeting,
    count,
    make_family,
)
from tests.support.factories import make_contact


@pytest.fixture
def family(session: Session) -> Family:
    return make_family(session)


# "Can you come?"


def test_answers_can_change_until_the_meeting_starts(session: Session, family: Family) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(hours=1))

    assert may_change_answers(meeting, NOW)
    assert may_change_answers(meeting, NOW + timedelta(minutes=59))
    assert not may_change_answers(meeting, NOW + timedelta(hours=1))
    meeting.status = MeetingStatus.CANCELLED
    assert not may_change_answers(meeting, NOW)
    meeting.status = MeetingStatus.HELD
    assert not may_change_answers(meeting, NOW)


def test_a_reply_is_kept_and_staff_are_told(session: Session, family: Family) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))

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
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))

    record_reply(session, family.contact, meeting, MeetingAnswer.YES, now=NOW)
    again = record_reply(session, family.contact, meeting, MeetingAnswer.YES, now=NOW)
    record_reply(session, family.contact, meeting, MeetingAnswer.NOT_SURE, now=NOW)

    assert again is ChangeOutcome.UNCHANGED
    answers = session.scalars(select(MeetingReply.answer).order_by(MeetingReply.id)).all()
    assert answers == [MeetingAnswer.YES, MeetingAnswer.NOT_SURE]
    assert count(session, FamilyInputNotice) == 2
    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.reply is MeetingAnswer.NOT_SURE


def test_each_contact_has_their_own_answer(session: Session, family: Family) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
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
    meeting = add_meeting(session, family.person, starts_in=starts_in, status=status)

    outcome = record_reply(session, family.contact, meeting, MeetingAnswer.NO, now=NOW)

    assert outcome is ChangeOutcome.CLOSED
    assert count(session, MeetingReply) == 0
    assert count(session, FamilyInputNotice) == 0


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
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))

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

    assert count(session, MeetingSupportRequest) == 0
    assert count(session, FamilyInputNotice) == 0


def test_meeting_online_instead_is_offered_only_for_a_meeting_not_already_online(
    session: Session, family: Family
) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
    nothing = SupportChoice(())

    assert supports_offered(meeting, nothing) == tuple(MeetingSupport)
    meeting.video_link = "https://meet.example.org/sam"
    offered = supports_offered(meeting, nothing)
    assert MeetingSupport.MEET_ONLINE not in offered
    assert offered == tuple(s for s in MeetingSupport if s is not MeetingSupport.MEET_ONLINE)
    # Asked for before the meeting moved online: still shown, so it can be taken back.
    asked = SupportChoice((MeetingSupport.MEET_ONLINE,))
    assert MeetingSupport.MEET_ONLINE in supports_offered(meeting, asked)


def test_a_support_not_offered_is_refused_and_nothing_saved(
    session: Session, family: Family
) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
    meeting.video_link = "https://meet.example.org/sam"
    choice = SupportChoice.from_answers(["breaks", "meet_online"])

    with pytest.raises(SupportNotValid) as raised:
        record_support_request(
            session, family.contact, meeting, choice, seen_request_id=None, now=NOW
        )

    assert raised.value.problems == (SupportProblem.NOT_OFFERED,)
    assert count(session, MeetingSupportRequest) == 0
    assert count(session, FamilyInputNotice) == 0


def test_each_support_request_is_kept_and_tells_staff(session: Session, family: Family) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
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
    assert count(session, MeetingSupportRequest) == 3


def test_the_same_support_again_adds_nothing(session: Session, family: Family) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
    choice = SupportChoice.from_answers(["breaks"])
    record_support_request(session, family.contact, meeting, choice, seen_request_id=None, now=NOW)

    # A second press of the button, from the same page.
    again = record_support_request(
        session, family.contact, meeting, choice, seen_request_id=None, now=NOW
    )

    assert again is ChangeOutcome.UNCHANGED
    assert count(session, MeetingSupportRequest) == 1
    assert count(session, FamilyInputNotice) == 1


def test_a_change_from_another_window_is_not_replaced_silently(
    session: Session, family: Family
) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
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
    meeting = add_meeting(session, family.person, starts_in=timedelta(minutes=-5))

    outcome = record_support_request(
        session,
        family.contact,
        meeting,
        SupportChoice.from_answers(["breaks"]),
        seen_request_id=None,
        now=NOW,
    )

    assert outcome is ChangeOutcome.CLOSED
    assert count(session, MeetingSupportRequest) == 0


def test_the_support_summary_names_every_support() -> None:
    everything = SupportChoice.from_answers(
        [support.value for support in MeetingSupport], other_detail="x"
    )
    assert support_summary(everything).count(",") == len(MeetingSupport) - 1
    assert len(support_summary(everything)) <= 300

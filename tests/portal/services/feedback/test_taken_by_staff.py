"""Feedback given by phone or on paper, written down by staff: filed like any
answer, on the day it was given, answering the open request, checked for
risk, audited with who wrote it down; anything wrong writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackDayCount,
    FeedbackRequest,
    FeedbackResponse,
    FftAnswer,
    MeetingStatus,
    StaffRole,
    StaffUser,
)
from portal.services.access.staff import NotVisible
from portal.services.feedback.day_counts import recount_all
from portal.services.feedback.recording import remember_form
from portal.services.feedback.requests import request_feedback
from portal.services.feedback.taken_by_staff import (
    FEEDBACK_ENTERED,
    EntryProblem,
    EntryRefused,
    TakenFeedback,
    file_feedback_taken_by_staff,
    meetings_to_choose,
)
from tests.portal.services.feedback.request_data import NOW, SETTINGS, Family, make_family
from tests.support.factories import make_contact, make_meeting, make_staff_user, make_young_person
from tests.support.urgent import TEST_ALERTS


@pytest.fixture
def family(session: Session) -> Family:
    return make_family(session)


@pytest.fixture
def keyworker(session: Session, family: Family) -> StaffUser:
    user = make_staff_user(session, role=StaffRole.KEYWORKER, team=family.person.team)
    family.person.keyworker_id = user.id
    session.commit()
    return user


def _taken(family: Family, **changes: Any) -> TakenFeedback:
    taken = TakenFeedback(
        contact_id=family.parent.id,
        channel=FeedbackChannel.PHONE,
        given_on=NOW.date(),
        answer=FftAnswer.GOOD,
        comment="She listens to us",
        form_token="token-1",
    )
    return replace(taken, **changes)


def _file(
    session: Session, user: StaffUser, family: Family, taken: TakenFeedback, **kwargs: Any
) -> Any:
    return file_feedback_taken_by_staff(
        session,
        user,
        family.person.id,
        taken,
        NOW,
        memory=kwargs.get("memory", {}),
        alerts=TEST_ALERTS,
    )


def _rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(FeedbackResponse)) or 0


def test_a_phone_answer_is_filed_and_audited_with_who_wrote_it_down(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    filed = _file(session, keyworker, family, _taken(family))
    session.commit()

    response = session.get(FeedbackResponse, filed.response.id)
    assert response is not None
    assert (response.channel, response.fft_answer, response.comment) == (
        FeedbackChannel.PHONE,
        FftAnswer.GOOD,
        "She listens to us",
    )
    assert (response.contact_id, response.received_at, response.flagged) == (
        family.parent.id,
        NOW,
        False,
    )
    assert session.scalars(select(FamilyInputNotice)).one().subject_id == response.id
    entered = session.scalars(select(AuditEvent).where(AuditEvent.action == FEEDBACK_ENTERED)).one()
    assert entered.actor_staff_id == keyworker.id
    assert entered.young_person_id == family.person.id
    assert entered.detail["response_id"] == response.id


def test_it_answers_the_open_request_about_the_same_thing(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    outcome = request_feedback(session, family.parent, now=NOW, settings=SETTINGS)
    session.commit()
    filed = _file(session, keyworker, family, _taken(family))
    session.commit()

    request = session.get(FeedbackRequest, outcome.request_id)
    assert request is not None
    assert (request.open_key, request.answered_at) == (None, NOW)
    assert filed.response.request_id == request.id


def test_a_paper_form_counts_on_the_day_it_was_given(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    given_on = NOW.date() - timedelta(days=3)
    taken = _taken(family, channel=FeedbackChannel.PAPER, given_on=given_on)
    filed = _file(session, keyworker, family, taken)
    session.commit()

    # Noon in London on that day (winter: noon UTC).
    assert filed.response.received_at == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
    kept = {(row.day, row.responses) for row in session.scalars(select(FeedbackDayCount))}
    assert (given_on, 1) in kept
    recount_all(session)
    session.commit()
    assert {(row.day, row.responses) for row in session.scalars(select(FeedbackDayCount))} == kept


def test_words_that_may_disclose_risk_make_an_urgent_item(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    taken = _taken(family, answer=None, comment="She said nobody would miss her if she was gone")
    filed = _file(session, keyworker, family, taken)
    session.commit()

    assert filed.triage.flagged and filed.response.flagged
    assert session.scalars(select(FamilyInputNotice)).one().urgent


def test_the_same_form_sent_twice_is_saved_once(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    memory: dict[str, Any] = {}
    filed = _file(session, keyworker, family, _taken(family), memory=memory)
    session.commit()
    remember_form(memory, "token-1", filed.triage.flagged)

    assert _file(session, keyworker, family, _taken(family), memory=memory) is None
    assert _file(session, keyworker, family, _taken(family, form_token="token-2"), memory=memory)
    session.commit()
    assert _rows(session) == 2


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"answer": None, "comment": None}, EntryProblem.NOTHING_GIVEN),
        ({"answer": None, "comment": "   "}, EntryProblem.NOTHING_GIVEN),
        ({"comment": "x" * 2001}, EntryProblem.TOO_LONG),
        ({"channel": FeedbackChannel.WEB}, EntryProblem.CHANNEL),
        ({"channel": FeedbackChannel.SMS}, EntryProblem.CHANNEL),
        ({"given_on": date(2026, 3, 4)}, EntryProblem.IN_FUTURE),
        ({"given_on": date(2025, 3, 1)}, EntryProblem.TOO_OLD),
    ],
)
def test_anything_wrong_is_refused_and_writes_nothing(
    session: Session,
    family: Family,
    keyworker: StaffUser,
    changes: dict[str, Any],
    problem: EntryProblem,
) -> None:
    with pytest.raises(EntryRefused) as refused:
        _file(session, keyworker, family, _taken(family, **changes))
    assert refused.value.problem is problem
    assert _rows(session) == 0


def test_another_young_persons_contact_or_meeting_is_refused(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    other = make_young_person(session, team=family.person.team, keyworker=keyworker)
    their_contact = make_contact(session, young_person=other, mobile="+447700900322")
    their_meeting = make_meeting(session, young_person=other, status=MeetingStatus.HELD)
    session.commit()

    with pytest.raises(EntryRefused) as refused:
        _file(session, keyworker, family, _taken(family, contact_id=their_contact.id))
    assert refused.value.problem is EntryProblem.NOT_THEIR_CONTACT
    with pytest.raises(EntryRefused) as refused:
        _file(session, keyworker, family, _taken(family, meeting_id=their_meeting.id))
    assert refused.value.problem is EntryProblem.NOT_THEIR_MEETING
    assert _rows(session) == 0


def test_staff_who_may_not_see_the_record_are_refused(
    session: Session, family: Family, keyworker: StaffUser
) -> None:
    stranger = make_staff_user(session, role=StaffRole.KEYWORKER)
    session.commit()
    with pytest.raises(NotVisible):
        _file(session, stranger, family, _taken(family))
    assert _rows(session) == 0


def test_the_meetings_offered_are_the_held_ones_newest_first(
    session: Session, family: Family
) -> None:
    older = make_meeting(
        session,
        young_person=family.person,
        status=MeetingStatus.HELD,
        starts_at=NOW - timedelta(days=20),
    )
    newer = make_meeting(
        session,
        young_person=family.person,
        status=MeetingStatus.HELD,
        starts_at=NOW - timedelta(days=2),
    )
    make_meeting(session, young_person=family.person, starts_at=NOW + timedelta(days=2))
    session.commit()
    assert [m.id for m in meetings_to_choose(session, family.person.id)] == [newer.id, older.id]

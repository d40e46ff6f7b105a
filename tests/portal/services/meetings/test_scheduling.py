"""Staff schedule, change, move, cancel and mark held meetings: each change
adds one to the sequence (the calendar file's SEQUENCE) and is audited; a
change from an older form is refused with the meeting as saved, also when
20 arrive at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditEvent, Meeting, MeetingKind, MeetingStatus, StaffUser
from portal.services.meetings.scheduling import (
    CONFLICT,
    MeetingConflict,
    MeetingDetails,
    MeetingProblem,
    MeetingRefused,
    cancel_meeting,
    change_meeting,
    details_of,
    mark_held,
    schedule_meeting,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

START = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)


def _details(**changes: object) -> MeetingDetails:
    details = MeetingDetails(
        kind=MeetingKind.CETR,
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        place="Room 2, Test Clinic",
        video_link=None,
        attendee_roles=("Keyworker", " Social   worker ", ""),
    )
    return MeetingDetails(**{**details.__dict__, **changes})  # type: ignore[arg-type]


def _scheduled(session: Session) -> tuple[Meeting, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    meeting = schedule_meeting(session, person.id, _details(), by=keyworker)
    session.commit()
    return meeting, keyworker


def _actions(session: Session) -> list[str]:
    return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_scheduling_tidies_the_roles_and_is_audited(session: Session) -> None:
    meeting, _ = _scheduled(session)
    assert [a.role for a in meeting.attendees] == ["Keyworker", "Social worker"]
    assert meeting.sequence == 1 and meeting.status is MeetingStatus.PLANNED
    assert "meeting.scheduled" in _actions(session)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"ends_at": START}, MeetingProblem.ENDS_BEFORE_START),
        ({"place": "  ", "video_link": None}, MeetingProblem.NO_PLACE_OR_LINK),
        ({"video_link": "http://video.example.org"}, MeetingProblem.LINK_NOT_SECURE),
        ({"attendee_roles": ("r" * 121,)}, MeetingProblem.ROLE_TOO_LONG),
    ],
)
def test_a_meeting_that_breaks_a_rule_is_refused(
    session: Session, changes: dict[str, object], problem: MeetingProblem
) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    with pytest.raises(MeetingRefused) as refused:
        schedule_meeting(session, person.id, _details(**changes), by=keyworker)
    assert refused.value.problems == (problem,)


def test_each_change_adds_one_to_the_sequence(session: Session) -> None:
    meeting, keyworker = _scheduled(session)
    moved = _details(
        starts_at=START + timedelta(days=1), ends_at=START + timedelta(days=1, hours=1)
    )
    assert change_meeting(session, meeting, moved, expected_sequence=1, by=keyworker) == [
        "starts_at",
        "ends_at",
    ]
    assert meeting.sequence == 2
    assert change_meeting(session, meeting, moved, expected_sequence=2, by=keyworker) == []
    assert meeting.sequence == 2
    roles = _details(**{**moved.__dict__, "attendee_roles": ("Keyworker", "CAMHS nurse")})
    change_meeting(session, meeting, roles, expected_sequence=2, by=keyworker)
    assert [a.role for a in meeting.attendees] == [
        "Keyworker",
        "CAMHS nurse",
    ] and meeting.sequence == 3
    cancel_meeting(session, meeting, " Chair ill ", expected_sequence=3, by=keyworker)
    assert meeting.status is MeetingStatus.CANCELLED and meeting.cancel_reason == "Chair ill"
    assert meeting.sequence == 4
    assert _actions(session)[-3:] == ["meeting.changed", "meeting.changed", "meeting.cancelled"]


def test_a_change_from_an_older_form_is_refused_with_the_saved_meeting(session: Session) -> None:
    meeting, keyworker = _scheduled(session)
    change_meeting(session, meeting, _details(place="Room 9"), expected_sequence=1, by=keyworker)
    with pytest.raises(MeetingConflict) as conflict:
        change_meeting(
            session, meeting, _details(place="Room 5"), expected_sequence=1, by=keyworker
        )
    assert conflict.value.saved.place == "Room 9" and conflict.value.sequence == 2
    with pytest.raises(MeetingConflict):
        cancel_meeting(session, meeting, "Ill", expected_sequence=1, by=keyworker)
    assert meeting.place == "Room 9" and meeting.status is MeetingStatus.PLANNED
    assert _actions(session).count(CONFLICT) == 2


def test_only_a_started_planned_meeting_can_be_held(session: Session) -> None:
    meeting, keyworker = _scheduled(session)
    with pytest.raises(MeetingRefused) as refused:
        mark_held(
            session, meeting, expected_sequence=1, now=START - timedelta(minutes=1), by=keyworker
        )
    assert refused.value.problems == (MeetingProblem.NOT_STARTED,)
    mark_held(session, meeting, expected_sequence=1, now=START, by=keyworker)
    assert meeting.status is MeetingStatus.HELD and meeting.sequence == 2
    with pytest.raises(MeetingRefused):
        change_meeting(
            session, meeting, _details(place="Room 5"), expected_sequence=2, by=keyworker
        )
    with pytest.raises(MeetingRefused):
        cancel_meeting(session, meeting, "Too late", expected_sequence=2, by=keyworker)


def test_twenty_changes_at_once_from_the_same_form_save_exactly_one(
    app: Flask, session: Session
) -> None:
    meeting, keyworker = _scheduled(session)
    meeting_id, keyworker_id = meeting.id, keyworker.id
    session.close()

    def move(own: Session, index: int) -> bool:
        mine, by = own.get(Meeting, meeting_id), own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        wanted = _details(
            place=f"Room {index}", attendee_roles=tuple(a.role for a in mine.attendees)
        )
        try:
            change_meeting(own, mine, wanted, expected_sequence=1, by=by)
        except MeetingConflict:
            return False
        return True

    results = at_once_in_transactions(db.engine, move)

    assert results.count(True) == 1
    session.expire_all()
    saved = session.get(Meeting, meeting_id)
    assert saved is not None and saved.sequence == 2
    assert saved.place == f"Room {results.index(True)}"
    assert details_of(saved).attendee_roles == ("Keyworker", "Social worker")
    assert _actions(session).count(CONFLICT) == AT_ONCE - 1

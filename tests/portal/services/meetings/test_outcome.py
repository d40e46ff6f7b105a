"""After a meeting: the outcome, the easy read outcome for the family
(checked before saving) and the actions; and the confirmation of a support
request. The family's meeting page shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    Action,
    ActionStatus,
    AuditEvent,
    Meeting,
    MeetingStatus,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    StaffUser,
)
from portal.services.meetings.family_view import meeting_page
from portal.services.meetings.outcome import (
    ActionDraft,
    NotEasyRead,
    OutcomeDraft,
    OutcomeProblem,
    OutcomeRefused,
    confirm_support,
    record_outcome,
)
from portal.services.meetings.scheduling import MeetingConflict, MeetingRefused
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)

NOW = datetime(2027, 3, 2, 15, 0, tzinfo=UTC)
EASY = "We made a plan. You will go to a new club."
# An error the writer must fix: a date in numbers.
MUST_FIX = "We meet again on 14/03/2027."
HARD = (
    "Following the multidisciplinary deliberation, stakeholders determined that "
    "community-based occupational engagement should be facilitated notwithstanding "
    "previous contraindications."
)


def _held(
    session: Session, status: MeetingStatus = MeetingStatus.HELD
) -> tuple[Meeting, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    meeting = make_meeting(
        session, young_person=person, starts_at=NOW - timedelta(hours=3), status=status
    )
    session.commit()
    return meeting, keyworker


def _draft(family_outcome: str = EASY, **changes: object) -> OutcomeDraft:
    actions = (ActionDraft("Find a club near home", "Keyworker", date(2027, 3, 30)),)
    return OutcomeDraft(
        **{
            "outcome": "Agreed a referral.",
            "family_outcome": family_outcome,
            "actions": actions,
            **changes,
        }
    )  # type: ignore[arg-type]


def _save(
    session: Session,
    meeting: Meeting,
    by: StaffUser,
    draft: OutcomeDraft,
    sequence: int = 1,
    anyway: bool = False,
) -> None:
    record_outcome(
        session, meeting, draft, save_anyway=anyway, expected_sequence=sequence, now=NOW, by=by
    )


def _meeting_actions(session: Session, meeting: Meeting) -> list[Action]:
    return list(
        session.scalars(select(Action).where(Action.meeting_id == meeting.id).order_by(Action.id))
    )


def test_the_outcome_and_actions_are_saved_and_audited(session: Session) -> None:
    meeting, keyworker = _held(session)
    _save(session, meeting, keyworker, _draft())
    assert meeting.family_outcome == EASY and meeting.sequence == 2
    [first] = _meeting_actions(session, meeting)
    assert (first.what, first.who, first.young_person_id) == (
        "Find a club near home",
        "Keyworker",
        meeting.young_person_id,
    )
    first.status = ActionStatus.IN_PROGRESS
    session.flush()
    # Saving again keeps the actions saved before as they are, and adds the new ones.
    again = (ActionDraft("Send the timetable", "School", None),)
    _save(session, meeting, keyworker, _draft(actions=again), sequence=2)
    assert [(a.what, a.status) for a in _meeting_actions(session, meeting)] == [
        ("Find a club near home", ActionStatus.IN_PROGRESS),
        ("Send the timetable", ActionStatus.NOT_STARTED),
    ]
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "meeting.outcome_recorded")
        .order_by(AuditEvent.id)
    )
    assert [e.detail["actions_added"] for e in events] == [1, 1]
    added = session.scalars(select(AuditEvent).where(AuditEvent.action == "action.added")).all()
    assert len(added) == 2


def test_family_text_that_is_not_easy_read_is_refused(session: Session) -> None:
    meeting, keyworker = _held(session)
    with pytest.raises(NotEasyRead) as refused:
        _save(session, meeting, keyworker, _draft(MUST_FIX), anyway=True)
    assert refused.value.review.has_errors
    with pytest.raises(NotEasyRead) as warned:
        _save(session, meeting, keyworker, _draft(HARD))
    assert warned.value.review.has_warnings and not warned.value.review.has_errors
    assert meeting.family_outcome is None and meeting.sequence == 1
    # Suggestions only: saved once the writer has seen them and chosen to.
    _save(session, meeting, keyworker, _draft(HARD), anyway=True)
    assert meeting.family_outcome == HARD


def test_an_outcome_needs_a_held_meeting_the_words_and_the_latest_form(session: Session) -> None:
    meeting, keyworker = _held(session, MeetingStatus.PLANNED)
    with pytest.raises(MeetingRefused):
        _save(session, meeting, keyworker, _draft())
    with pytest.raises(OutcomeRefused) as refused:
        _save(session, meeting, keyworker, _draft(" ", actions=(ActionDraft("x", " ", None),)))
    assert refused.value.problems == (
        OutcomeProblem.FAMILY_OUTCOME_MISSING,
        OutcomeProblem.ACTION_INCOMPLETE,
    )
    held, by = _held(session)
    with pytest.raises(MeetingConflict):
        _save(session, held, by, _draft(), sequence=7)
    assert held.outcome is None


def test_the_family_page_shows_the_outcome_actions_and_confirmation(session: Session) -> None:
    meeting, keyworker = _held(session)
    contact = make_contact(session, young_person=meeting.young_person)
    request = MeetingSupportRequest(
        meeting_id=meeting.id, contact_id=contact.id, supports=["quiet_room"]
    )
    session.add(request)
    session.flush()
    with pytest.raises(NotEasyRead):
        confirm_support(
            session, meeting, request.id, MUST_FIX, save_anyway=True, now=NOW, by=keyworker
        )
    assert (
        confirm_support(
            session, meeting, 999999, "Booked.", save_anyway=False, now=NOW, by=keyworker
        )
        is None
    )
    confirm_support(
        session, meeting, request.id, "Quiet room booked.", save_anyway=False, now=NOW, by=keyworker
    )
    confirm_support(
        session,
        meeting,
        request.id,
        " Quiet room 2 booked. ",
        save_anyway=False,
        now=NOW,
        by=keyworker,
    )
    before = meeting_page(session, contact, meeting.id, now=NOW, lang="en")
    assert before is not None and before.outcome is None and before.actions == ()
    assert before.confirmation == "Quiet room 2 booked."
    _save(session, meeting, keyworker, _draft())
    page = meeting_page(session, contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.outcome == EASY
    [action] = page.actions
    assert (action.who, action.what, action.by_when) == (
        "Keyworker",
        "Find a club near home",
        "Tuesday 30 March",
    )


def test_twenty_first_confirmations_at_once_make_one_row(app: Flask, session: Session) -> None:
    meeting, keyworker = _held(session, MeetingStatus.PLANNED)
    contact = make_contact(session, young_person=meeting.young_person)
    request = MeetingSupportRequest(
        meeting_id=meeting.id, contact_id=contact.id, supports=["breaks"]
    )
    session.add(request)
    session.commit()
    meeting_id, request_id, keyworker_id = meeting.id, request.id, keyworker.id
    session.close()

    def confirm(own: Session, index: int) -> bool:
        mine, by = own.get(Meeting, meeting_id), own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        saved = confirm_support(
            own, mine, request_id, f"You can take breaks {index}.", save_anyway=True, now=NOW, by=by
        )
        return saved is not None

    results = at_once_in_transactions(db.engine, confirm)

    assert results == [True] * AT_ONCE
    rows = session.scalars(select(MeetingSupportConfirmation)).all()
    assert len(rows) == 1 and rows[0].support_request_id == request_id
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "meeting.support_confirmed")
    )
    assert len(events.all()) == AT_ONCE

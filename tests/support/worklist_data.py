"""A young person with one of everything the worklist lists, and one of each
thing it must leave out, for the worklist's tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from portal.models import (
    ActionStatus,
    FamilyInputKind,
    MeetingReply,
    MeetingStatus,
    MeetingSupportRequest,
    MessageStatus,
    Plan,
    PlanVersion,
    StaffUser,
    YoungPerson,
)
from portal.models.family_input import MeetingAnswer
from portal.services.messaging.outbox import queue_sms, queue_staff_email
from portal.services.records.family_input import notify_staff
from portal.timezones import LONDON
from tests.support.factories import make_action, make_contact, make_meeting
from tests.support.urgent import TEST_ALERTS


def add_plan(
    session: Session,
    person: YoungPerson,
    author: StaffUser,
    actions: list[tuple[str, date | None, ActionStatus]],
    *,
    number: int = 1,
    plan: Plan | None = None,
) -> Plan:
    """A plan version, and the young person's `actions` (what, due, status)."""
    if plan is None:
        plan = Plan(young_person_id=person.id)
        session.add(plan)
        session.flush()
    version = PlanVersion(
        plan_id=plan.id, number=number, change_note="Test change", created_by_id=author.id
    )
    session.add(version)
    session.flush()
    for what, due, status in actions:
        reason = "Not possible" if status is ActionStatus.CANNOT_BE_DONE else None
        make_action(
            session, young_person_id=person.id, what=what, due_on=due, status=status, reason=reason
        )
    return plan


def add_everything(
    session: Session, person: YoungPerson, keyworker: StaffUser, now: datetime
) -> None:
    """One of each thing that needs a person, and one of each thing that
    looks like it but does not. Flushes."""
    today = now.astimezone(LONDON).date()
    parent = make_contact(session, young_person=person, email="parent@example.org")
    # Urgent, and an ordinary new item.
    notify_staff(
        session,
        parent,
        FamilyInputKind.FEEDBACK,
        subject_id=1,
        summary="Feedback",
        urgent=True,
        alerts=TEST_ALERTS,
    )
    notify_staff(session, parent, FamilyInputKind.FEEDBACK, subject_id=2, summary="Feedback")
    # A message to the team, not opened yet: a line of its own, and a new item.
    notify_staff(session, parent, FamilyInputKind.MESSAGE, subject_id=3, summary="Sent a message")
    # One that cannot be done is left out however late; the open ones are not.
    plan = add_plan(
        session,
        person,
        keyworker,
        [("Cannot be done", today - timedelta(days=9), ActionStatus.CANNOT_BE_DONE)],
    )
    add_plan(
        session,
        person,
        keyworker,
        [
            ("Book the review", today - timedelta(days=2), ActionStatus.IN_PROGRESS),
            ("Send the letter", today + timedelta(days=3), ActionStatus.NOT_STARTED),
            ("Done already", today - timedelta(days=5), ActionStatus.DONE),
            ("Later on", today + timedelta(days=30), ActionStatus.NOT_STARTED),
            ("No date", None, ActionStatus.NOT_STARTED),
        ],
        number=2,
        plan=plan,
    )
    # In 5 days, no reply; in 6 days, replied but asked for support; in 20
    # days (too far); held, with its outcome; planned, 2 days past (no
    # outcome); planned, 2 hours past (not yet 24 hours).
    make_meeting(session, young_person=person, starts_at=now + timedelta(days=5))
    supported = make_meeting(session, young_person=person, starts_at=now + timedelta(days=6))
    session.add(
        MeetingReply(meeting_id=supported.id, contact_id=parent.id, answer=MeetingAnswer.YES)
    )
    session.add(
        MeetingSupportRequest(
            meeting_id=supported.id, contact_id=parent.id, supports=["quiet_room"]
        )
    )
    make_meeting(session, young_person=person, starts_at=now + timedelta(days=20))
    make_meeting(
        session, young_person=person, starts_at=now - timedelta(days=3), status=MeetingStatus.HELD
    ).outcome_recorded_at = now - timedelta(days=2)
    make_meeting(session, young_person=person, starts_at=now - timedelta(days=2))
    make_meeting(session, young_person=person, starts_at=now - timedelta(hours=2))
    # A failed text to the family; a failed email to staff is left out.
    queue_sms(session, contact=parent, body="Test").status = MessageStatus.FAILED
    queue_staff_email(
        session, staff_user=keyworker, subject="Test", body="Test", young_person_id=person.id
    ).status = MessageStatus.FAILED
    parent.sign_in_locked_at = now - timedelta(hours=5)
    # Turns 16 in 30 days; risk rating never reviewed.
    person.date_of_birth = _years_before(today + timedelta(days=30), 16)
    person.risk_rating_reviewed_at = None
    session.flush()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)

"""Feedback requests the service sends on its own (`due_feedback_requests`,
run by `flask run-due` and the worker, with the meeting reminders).

**Keyworker support in general**: every `FEEDBACK_REQUEST_EVERY_DAYS` (91,
about 3 months) per contact, counted from the last general request to that
contact, whether it was sent on the schedule or by a keyworker, or from the
last time they told us about their support without being asked (from the
home page), if that was later: someone who has just said what they think is
not asked again straight away. A contact
never asked is first asked that long after they were added to the record.
So that the day this is first deployed does not ask everyone at once, a
contact added before the schedule started is given a day in the first
cycle by their id (`contact.id` modulo the cycle's days), spreading them
over it; the schedule started with the first feedback request the service
made (or today, until one is made).

**A meeting**: `FEEDBACK_AFTER_MEETING_HOURS` (24) after a meeting was
marked held (its last change: recording the outcome later moves it on), to
every contact set up for the young person's portal, as reminders go. A
meeting held more than a request's lifetime ago is not asked about.

Only contacts with portal access who are not removed are looked at;
`request_feedback` then applies every sending rule. Running it twice asks
nobody twice: a general request is counted from the last one, and a
meeting is asked about once per contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from easyread.dates import to_london
from portal.models import Contact, FeedbackRequest, FeedbackResponse, Meeting, MeetingStatus
from portal.services.feedback.requests import (
    FeedbackRequestSettings,
    NotAsked,
    RequestOutcome,
    request_feedback,
)


@dataclass
class ScheduleSummary:
    """What one run asked, and how many were not asked and why."""

    asked: int = 0
    already_open: int = 0
    not_asked: dict[NotAsked, int] = field(default_factory=dict)

    def add(self, outcome: RequestOutcome) -> None:
        if outcome.sent:
            self.asked += 1
        elif outcome.not_asked is NotAsked.ALREADY_OPEN:
            self.already_open += 1
        elif outcome.not_asked is not None:
            self.not_asked[outcome.not_asked] = self.not_asked.get(outcome.not_asked, 0) + 1


def due_feedback_requests(
    session: Session, now: datetime, settings: FeedbackRequestSettings
) -> ScheduleSummary:
    """Send every feedback request due at `now`. Does not commit."""
    summary = ScheduleSummary()
    for contact in support_due(session, now, settings):
        summary.add(request_feedback(session, contact, now=now, settings=settings))
    for meeting, contact in meeting_requests_due(session, now, settings):
        summary.add(request_feedback(session, contact, meeting=meeting, now=now, settings=settings))
    return summary


def _portal_contacts() -> Select[Contact]:
    return select(Contact).where(
        Contact.portal_access_enabled.is_(True), Contact.removed_at.is_(None)
    )


def first_due(contact: Contact, started: date, every: timedelta) -> date:
    """When a contact never asked is first due: `every` after they were added,
    or, if they were added before the schedule started, their day in its first cycle."""
    added = to_london(contact.created_at).date() + every
    if added >= started:
        return added
    days = max(every.days, 1)
    return started + timedelta(days=(contact.id - started.toordinal()) % days)


def support_due(
    session: Session, now: datetime, settings: FeedbackRequestSettings
) -> Sequence[Contact]:
    """The contacts due a request about their keyworker support."""
    last = dict(
        session.execute(
            select(FeedbackRequest.contact_id, func.max(FeedbackRequest.requested_at))
            .where(FeedbackRequest.meeting_id.is_(None))
            .group_by(FeedbackRequest.contact_id)
        ).all()
    )
    for contact_id, answered in _answered_unasked_since(session, now - settings.every):
        if contact_id not in last or last[contact_id] < answered:
            last[contact_id] = answered
    first_request = session.scalar(select(func.min(FeedbackRequest.requested_at)))
    today = to_london(now).date()
    started = to_london(first_request).date() if first_request is not None else today
    due = []
    for contact in session.scalars(_portal_contacts().order_by(Contact.id)):
        asked = last.get(contact.id)
        if asked is not None:
            if asked + settings.every <= now:
                due.append(contact)
        elif first_due(contact, started, settings.every) <= today:
            due.append(contact)
    return due


def _answered_unasked_since(session: Session, since: datetime) -> list[tuple[int, datetime]]:
    """(contact id, latest) of the general feedback each contact gave
    without a request, after `since` (earlier answers make nobody wait)."""
    query = (
        select(FeedbackResponse.contact_id, func.max(FeedbackResponse.received_at))
        .where(
            FeedbackResponse.received_at > since,
            FeedbackResponse.contact_id.is_not(None),
            FeedbackResponse.meeting_id.is_(None),
            FeedbackResponse.request_id.is_(None),
            FeedbackResponse.part_of_id.is_(None),
        )
        .group_by(FeedbackResponse.contact_id)
    )
    return [(int(contact_id or 0), latest) for contact_id, latest in session.execute(query)]


def meeting_requests_due(
    session: Session, now: datetime, settings: FeedbackRequestSettings
) -> list[tuple[Meeting, Contact]]:
    """The (meeting, contact) pairs due a request about a held meeting and not asked yet."""
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.status == MeetingStatus.HELD,
            Meeting.updated_at <= now - settings.after_meeting,
            Meeting.updated_at > now - settings.after_meeting - settings.lifetime,
        )
        .order_by(Meeting.id)
    ).all()
    if not meetings:
        return []
    asked = {
        (meeting_id, contact_id)
        for meeting_id, contact_id in session.execute(
            select(FeedbackRequest.meeting_id, FeedbackRequest.contact_id).where(
                FeedbackRequest.meeting_id.in_([m.id for m in meetings])
            )
        )
    }
    contacts = session.scalars(
        _portal_contacts()
        .where(Contact.young_person_id.in_({m.young_person_id for m in meetings}))
        .order_by(Contact.id)
    ).all()
    return [
        (meeting, contact)
        for meeting in meetings
        for contact in contacts
        if contact.young_person_id == meeting.young_person_id
        and (meeting.id, contact.id) not in asked
    ]

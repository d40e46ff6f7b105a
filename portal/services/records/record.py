"""The read-only keyworker record of one young person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from portal.models import (
    BestInterestsDecision,
    CapacityAssessment,
    ConsentDecision,
    ConsentItem,
    Contact,
    FeedbackResponse,
    Meeting,
    Note,
    Plan,
    PlanVersion,
    StaffUser,
    YoungPerson,
)
from portal.services.access.verification import AddressStatus, address_statuses
from portal.services.actions.lists import RecordActions, record_actions
from portal.services.consent.current import DecisionKey, current_decisions
from portal.services.records.family_input import (
    RecordFamilyInput,
    family_input_for_record,
    mark_seen,
)
from portal.services.records.meeting_answers import MeetingFamilyAnswers, latest_meeting_answers
from portal.timezones import LONDON

# How many of the newest past meetings, feedback responses and notes the
# record shows, so its cost stays the same however long the history: the
# rest are on their own pages (or the record's "every past meeting").
RECORD_SHOWS_LATEST = 10


@dataclass(frozen=True)
class ConsentStatus:
    item: ConsentItem
    latest: ConsentDecision | None

    @property
    def about_contact(self) -> Contact | None:
        return self.latest.about_contact if self.latest else None


@dataclass(frozen=True)
class YoungPersonRecord:
    young_person: YoungPerson
    contacts: Sequence[Contact]
    plan_version: PlanVersion | None
    plan_version_count: int
    # Open first, the late ones at the top; then done or cannot be done.
    actions: RecordActions
    upcoming_meetings: Sequence[Meeting]
    # The newest past meetings first: RECORD_SHOWS_LATEST of them, or every
    # one when asked; how many there are in all.
    past_meetings: Sequence[Meeting]
    past_meeting_count: int
    consent: Sequence[ConsentStatus]
    consent_history: Sequence[ConsentDecision]
    capacity_assessments: Sequence[CapacityAssessment]
    best_interests_decisions: Sequence[BestInterestsDecision]
    # The newest RECORD_SHOWS_LATEST of each, and how many there are in all.
    feedback: Sequence[FeedbackResponse]
    feedback_count: int
    notes: Sequence[Note]
    notes_count: int
    # What the family sent from their pages; `is_new` is as it was before this view.
    family_input: RecordFamilyInput
    # By meeting id: each contact's latest reply and "things that help me".
    meeting_answers: Mapping[int, MeetingFamilyAnswers]
    # By contact id: their mobile number and email address, whether each is
    # verified (and how), and whether someone asked for a link for one that is not.
    addresses: Mapping[int, Sequence[AddressStatus]]
    # Contacts staff removed: kept for history, with no access.
    removed_contacts: Sequence[Contact] = ()


def view_record(
    session: Session,
    user: StaffUser,
    young_person_id: int,
    now: datetime,
    *,
    every_past_meeting: bool = False,
) -> YoungPersonRecord:
    """Load the record of a young person `user` may see: the staff edge has
    resolved it through `portal.services.access.staff` (need-to-know), which
    also writes the `record.viewed` audit event. Flushes; the caller's unit of
    work commits. A fixed number of queries, reading a fixed number of rows
    however long the history (unless `every_past_meeting`).

    When `user` is the allocated keyworker, the family input shown is marked
    seen after it is loaded: it shows as new on this view and not after."""
    person = _young_person(session, young_person_id)
    versions = _plan_versions(session, young_person_id)
    upcoming = _meetings(session, young_person_id, now, upcoming=True)
    past = _meetings(session, young_person_id, now, upcoming=False, every=every_past_meeting)
    shown_meetings = [meeting.id for meeting in (*upcoming, *past)]
    record = YoungPersonRecord(
        young_person=person,
        contacts=[c for c in person.contacts if c.removed_at is None],
        removed_contacts=[c for c in person.contacts if c.removed_at is not None],
        plan_version=versions[0] if versions else None,
        plan_version_count=len(versions),
        actions=record_actions(session, young_person_id, now.astimezone(LONDON).date()),
        upcoming_meetings=upcoming,
        past_meetings=past,
        past_meeting_count=_count(session, Meeting, young_person_id, Meeting.ends_at < now),
        **consent_section(session, young_person_id),
        feedback=session.scalars(
            select(FeedbackResponse)
            .where(FeedbackResponse.young_person_id == young_person_id)
            .order_by(FeedbackResponse.received_at.desc(), FeedbackResponse.id.desc())
            .limit(RECORD_SHOWS_LATEST)
            .options(selectinload(FeedbackResponse.contact))
        ).all(),
        feedback_count=_count(session, FeedbackResponse, young_person_id),
        notes=session.scalars(
            select(Note)
            .where(Note.young_person_id == young_person_id)
            .order_by(Note.created_at.desc(), Note.id.desc())
            .limit(RECORD_SHOWS_LATEST)
            .options(selectinload(Note.author))
        ).all(),
        notes_count=_count(session, Note, young_person_id),
        family_input=family_input_for_record(session, young_person_id),
        meeting_answers=latest_meeting_answers(session, young_person_id, shown_meetings),
        addresses=address_statuses(session, young_person_id, person.contacts),
    )
    mark_seen(session, young_person_id, user, now, notice_ids=record.family_input.new_notice_ids)
    return record


def _young_person(session: Session, young_person_id: int) -> YoungPerson:
    return session.scalars(
        select(YoungPerson)
        .where(YoungPerson.id == young_person_id)
        .options(
            selectinload(YoungPerson.contacts),
            selectinload(YoungPerson.communication_needs),
            selectinload(YoungPerson.keyworker),
            selectinload(YoungPerson.team),
        )
    ).one()


def _plan_versions(session: Session, young_person_id: int) -> Sequence[PlanVersion]:
    """Every version of the plan, newest first."""
    return session.scalars(
        select(PlanVersion)
        .join(Plan)
        .where(Plan.young_person_id == young_person_id)
        .order_by(PlanVersion.number.desc())
        .options(selectinload(PlanVersion.sections))
    ).all()


def _meetings(
    session: Session, young_person_id: int, now: datetime, *, upcoming: bool, every: bool = False
) -> Sequence[Meeting]:
    """Every meeting still to come (or going on), soonest first; or the past
    ones, newest first: the latest RECORD_SHOWS_LATEST, or `every` one."""
    query = (
        select(Meeting)
        .where(Meeting.young_person_id == young_person_id)
        .options(selectinload(Meeting.attendees))
    )
    if upcoming:
        return session.scalars(
            query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
        ).all()
    query = query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    return session.scalars(query if every else query.limit(RECORD_SHOWS_LATEST)).all()


def _count(session: Session, model: type, young_person_id: int, *where: ColumnElement[bool]) -> int:
    """How many rows of `model` the young person has (that match `where`)."""
    table = model.__table__  # type: ignore[attr-defined]
    query = select(func.count()).select_from(table)
    found: int | None = session.scalar(
        query.where(table.c.young_person_id == young_person_id, *where)
    )
    return found or 0


class _ConsentParts(TypedDict):
    consent: Sequence[ConsentStatus]
    consent_history: Sequence[ConsentDecision]
    capacity_assessments: Sequence[CapacityAssessment]
    best_interests_decisions: Sequence[BestInterestsDecision]


def consent_section(session: Session, young_person_id: int) -> _ConsentParts:
    """The consent section: each item's current decision, every decision,
    and the assessments and best-interests decisions that say who decides."""
    history = session.scalars(
        select(ConsentDecision)
        .where(ConsentDecision.young_person_id == young_person_id)
        .order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc())
        .options(
            selectinload(ConsentDecision.item),
            selectinload(ConsentDecision.decided_by_contact),
            selectinload(ConsentDecision.decided_by_staff),
            selectinload(ConsentDecision.about_contact),
        )
    ).all()
    # The history loaded these same decisions with who they are about, so
    # the current ones need no more queries to show.
    current = current_decisions(session, young_person_id)
    items = session.scalars(select(ConsentItem).order_by(ConsentItem.display_order)).all()
    return _ConsentParts(
        consent=_consent_statuses(items, current),
        consent_history=history,
        capacity_assessments=session.scalars(
            select(CapacityAssessment)
            .where(CapacityAssessment.young_person_id == young_person_id)
            .order_by(CapacityAssessment.recorded_at.desc())
        ).all(),
        best_interests_decisions=session.scalars(
            select(BestInterestsDecision)
            .where(BestInterestsDecision.young_person_id == young_person_id)
            .order_by(BestInterestsDecision.recorded_at.desc())
        ).all(),
    )


def _consent_statuses(
    items: Sequence[ConsentItem], current: Mapping[DecisionKey, ConsentDecision]
) -> list[ConsentStatus]:
    """One line per item, or per contact for items decided about a contact
    (a young person agrees separately to each person seeing their portal)."""
    statuses = []
    for item in items:
        decisions = [decision for (item_id, _), decision in current.items() if item_id == item.id]
        if not decisions:
            statuses.append(ConsentStatus(item, None))
        statuses += [ConsentStatus(item, decision) for decision in decisions]
    return statuses

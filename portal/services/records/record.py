"""The read-only keyworker record of one young person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
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
from portal.services.records.audit import record_event
from portal.services.records.caseload import may_view_record
from portal.services.records.family_input import (
    MeetingFamilyAnswers,
    RecordFamilyInput,
    family_input_for_record,
    latest_meeting_answers,
    mark_seen,
)


class RecordNotVisible(LookupError):
    """The record does not exist, or this member of staff may not see it. The
    two are not told apart, so ids cannot be probed."""


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
    upcoming_meetings: Sequence[Meeting]
    past_meetings: Sequence[Meeting]
    consent: Sequence[ConsentStatus]
    consent_history: Sequence[ConsentDecision]
    capacity_assessments: Sequence[CapacityAssessment]
    best_interests_decisions: Sequence[BestInterestsDecision]
    feedback: Sequence[FeedbackResponse]
    notes: Sequence[Note]
    # What the family sent from their pages; `is_new` is as it was before this view.
    family_input: RecordFamilyInput
    # By meeting id: each contact's latest reply and "things that help me".
    meeting_answers: Mapping[int, MeetingFamilyAnswers]


def view_record(
    session: Session,
    user: StaffUser,
    young_person_id: int,
    now: datetime,
    ip_address: str | None = None,
) -> YoungPersonRecord:
    """Load the record and write an audit event for the view. Commits.

    When `user` is the allocated keyworker, the family input shown is marked
    seen after it is loaded: it shows as new on this view and not after."""
    if not may_view_record(session, user, young_person_id):
        raise RecordNotVisible(young_person_id)
    person = session.scalars(
        select(YoungPerson)
        .where(YoungPerson.id == young_person_id)
        .options(
            selectinload(YoungPerson.contacts),
            selectinload(YoungPerson.communication_needs),
            selectinload(YoungPerson.keyworker),
            selectinload(YoungPerson.team),
        )
    ).one()
    versions = session.scalars(
        select(PlanVersion)
        .join(Plan)
        .where(Plan.young_person_id == young_person_id)
        .order_by(PlanVersion.number.desc())
        .options(selectinload(PlanVersion.sections), selectinload(PlanVersion.actions))
    ).all()
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.young_person_id == young_person_id)
        .order_by(Meeting.starts_at)
        .options(selectinload(Meeting.attendees))
    ).all()
    decisions = session.scalars(
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
    # The latest decision stands, per item and per contact it is about (a
    # young person agrees separately to each person seeing their portal).
    latest: dict[tuple[int, int | None], ConsentDecision] = {}
    for decision in decisions:
        latest.setdefault((decision.item_id, decision.about_contact_id), decision)
    items = session.scalars(select(ConsentItem).order_by(ConsentItem.display_order)).all()

    record = YoungPersonRecord(
        young_person=person,
        contacts=person.contacts,
        plan_version=versions[0] if versions else None,
        plan_version_count=len(versions),
        upcoming_meetings=[m for m in meetings if m.ends_at >= now],
        past_meetings=[m for m in reversed(meetings) if m.ends_at < now],
        consent=_consent_statuses(items, latest),
        consent_history=decisions,
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
        feedback=session.scalars(
            select(FeedbackResponse)
            .where(FeedbackResponse.young_person_id == young_person_id)
            .order_by(FeedbackResponse.received_at.desc())
            .options(selectinload(FeedbackResponse.contact))
        ).all(),
        notes=session.scalars(
            select(Note)
            .where(Note.young_person_id == young_person_id)
            .order_by(Note.created_at.desc())
            .options(selectinload(Note.author))
        ).all(),
        family_input=family_input_for_record(session, young_person_id),
        meeting_answers=latest_meeting_answers(session, young_person_id),
    )
    mark_seen(session, young_person_id, user, now, notice_ids=record.family_input.new_notice_ids)
    record_event(
        session,
        "record.viewed",
        staff_user=user,
        young_person_id=young_person_id,
        ip_address=ip_address,
    )
    session.commit()
    return record


def _consent_statuses(
    items: Sequence[ConsentItem], latest: dict[tuple[int, int | None], ConsentDecision]
) -> list[ConsentStatus]:
    """One line per item, or per contact for items decided about a contact."""
    statuses = []
    for item in items:
        decisions = [decision for (item_id, _), decision in latest.items() if item_id == item.id]
        if not decisions:
            statuses.append(ConsentStatus(item, None))
        statuses += [ConsentStatus(item, decision) for decision in decisions]
    return statuses

"""Putting a feedback answer on the young person's record, whatever the
channel: one rule for the web form, text messages and anything added later.

`file_response` adds the `FeedbackResponse` row, runs the safeguarding
triage over every free-text part (flagged answers are urgent notices, which
email the keyworker and the team's managers), tells staff with a "From the
family" notice that stays new until a keyworker reads it, closes the request
it answers, and audits it, all in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.models import (
    AnsweredBy,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FftAnswer,
    Relationship,
)
from portal.services.feedback.day_counts import mark_request
from portal.services.feedback.triage import TriageResult, triage_feedback
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff
from portal.services.records.urgent_alerts import UrgentSettings

FEEDBACK_SENT = "family.feedback.sent"
FEEDBACK_FLAGGED = "family.feedback.flagged"

# The standard Friends and Family Test words, for staff (families see easy read).
STAFF_ANSWER_LABELS = {
    FftAnswer.VERY_GOOD: "Very good",
    FftAnswer.GOOD: "Good",
    FftAnswer.NEITHER: "Neither good nor poor",
    FftAnswer.POOR: "Poor",
    FftAnswer.VERY_POOR: "Very poor",
    FftAnswer.DONT_KNOW: "Don't know",
}

# By text nobody says who is answering: the record's relationship does.
_ANSWERED_BY_RELATION = {
    Relationship.SELF: AnsweredBy.YOUNG_PERSON,
    Relationship.PARENT: AnsweredBy.PARENT_OR_CARER,
    Relationship.CARER: AnsweredBy.PARENT_OR_CARER,
    Relationship.RELATIVE: AnsweredBy.PARENT_OR_CARER,
    Relationship.ADVOCATE: AnsweredBy.SOMEONE_HELPING,
    Relationship.OTHER: AnsweredBy.SOMEONE_HELPING,
}


def answered_by_for(contact: Contact) -> AnsweredBy:
    """Who is answering, from the contact's relationship to the young person."""
    return _ANSWERED_BY_RELATION[contact.relation]


@dataclass(frozen=True)
class Answer:
    """One answer, or one part of an answer sent by text."""

    channel: FeedbackChannel
    fft_answer: FftAnswer | None = None
    # "What was good?", or the one comment sent by text.
    comment: str | None = None
    # "What could be better?"
    improvement: str | None = None
    answered_by: AnsweredBy | None = None
    meeting_id: int | None = None
    request_id: int | None = None
    # A later part of an answer sent by text: the first part's id.
    part_of_id: int | None = None

    @property
    def has_content(self) -> bool:
        return self.fft_answer is not None or bool(self.comment) or bool(self.improvement)

    @property
    def words(self) -> str:
        return "\n".join(text for text in (self.comment, self.improvement) if text)


@dataclass(frozen=True)
class Filed:
    response: FeedbackResponse
    notice: FamilyInputNotice
    triage: TriageResult


def staff_summary(answer: FftAnswer | None, triage: TriageResult) -> str:
    """The notice's line for staff: the answer in the standard words, never the comment."""
    summary = f"Feedback: {STAFF_ANSWER_LABELS[answer]}" if answer else "Feedback: a comment"
    if triage.flagged:
        summary += ". The comment may mention risk: read it now"
    return summary


def file_response(
    session: Session,
    contact: Contact,
    answer: Answer,
    now: datetime,
    *,
    alerts: UrgentSettings | None,
    ip_address: str | None = None,
) -> Filed:
    """Add `answer` from `contact` to the record, in the caller's transaction.

    Raises ValueError for an answer with no content. `alerts` is needed when
    triage flags the words (the urgent email); pass it always."""
    if not answer.has_content:
        raise ValueError("an answer, a comment or what could be better is needed")
    triage = triage_feedback(answer.words)
    if answer.request_id is not None:
        # Before the row that refers to it: on PostgreSQL the new row's
        # foreign key share-locks the request, and two answers that each
        # held that lock would deadlock updating its unique open_key.
        close_answered_request(session, answer.request_id, now)
    response = FeedbackResponse(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        meeting_id=answer.meeting_id,
        channel=answer.channel,
        fft_answer=answer.fft_answer,
        comment=answer.comment or None,
        improvement=answer.improvement or None,
        answered_by=answer.answered_by,
        request_id=answer.request_id,
        part_of_id=answer.part_of_id,
        flagged=triage.flagged,
        received_at=now,
    )
    session.add(response)
    session.flush()
    notice = notify_staff(
        session,
        contact,
        FamilyInputKind.FEEDBACK,
        subject_id=response.id,
        summary=staff_summary(answer.fft_answer, triage),
        meeting_id=answer.meeting_id,
        urgent=triage.flagged,
        alerts=alerts if triage.flagged else None,
    )
    _audit(session, contact, response, triage, ip_address)
    return Filed(response=response, notice=notice, triage=triage)


def close_answered_request(session: Session, request_id: int, now: datetime) -> bool:
    """Mark the request answered, once: a conditional UPDATE, so two answers
    at the same moment close it once. False when it was closed already (it
    expired or was answered: the answer is still kept)."""
    closed = session.execute(
        update(FeedbackRequest)
        .where(FeedbackRequest.id == request_id, FeedbackRequest.open_key.is_not(None))
        .values(open_key=None, answered_at=now, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(closed, "rowcount", 0):
        return False
    mark_request(session, request_id)
    return True


def _audit(
    session: Session,
    contact: Contact,
    response: FeedbackResponse,
    triage: TriageResult,
    ip_address: str | None,
) -> None:
    record_event(
        session,
        FEEDBACK_SENT,
        contact=contact,
        ip_address=ip_address,
        response_id=response.id,
        channel=response.channel.value,
    )
    if triage.flagged:
        # The kinds of risk only: the words themselves stay in the response.
        record_event(
            session,
            FEEDBACK_FLAGGED,
            contact=contact,
            ip_address=ip_address,
            response_id=response.id,
            kinds=[kind.value for kind in triage.kinds],
        )

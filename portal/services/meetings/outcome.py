"""After a meeting: the outcome for staff, a short outcome for the family in
easy read, and the actions agreed (who will do what, by when); and before
it, the confirmation staff send back for each support request ("Quiet room
booked").

Text the family reads goes through the easy-read review
(`portal.services.easy_read.review`): errors refuse the save; warnings
refuse it unless the writer has seen them and chosen to save anyway. The
outcome is saved on a held meeting only, with the sequence the form showed
(see `portal.services.meetings.scheduling`). The actions agreed become
the young person's actions (`portal.services.actions`) with the meeting
they came from; saving the outcome again adds new ones and leaves those
saved before as they are (they are changed one by one, with their
history). Nothing here commits.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import (
    Meeting,
    MeetingStatus,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    StaffUser,
)
from portal.services.actions import rules as action_rules
from portal.services.actions.saving import add_action
from portal.services.easy_read.review import TextReview, review_family_text
from portal.services.meetings.scheduling import (
    MeetingProblem,
    MeetingRefused,
    compare_and_set,
)
from portal.services.records.audit import record_event

OUTCOME_MAX = 5000
FAMILY_OUTCOME_MAX = 1000
WHAT_MAX = action_rules.WHAT_MAX
WHO_MAX = action_rules.WHO_MAX
ACTIONS_MAX = 20
CONFIRMATION_MAX = 300

OUTCOME_RECORDED = "meeting.outcome_recorded"
SUPPORT_CONFIRMED = "meeting.support_confirmed"


class OutcomeProblem(enum.StrEnum):
    OUTCOME_MISSING = "outcome_missing"
    OUTCOME_TOO_LONG = "outcome_too_long"
    FAMILY_OUTCOME_MISSING = "family_outcome_missing"
    FAMILY_OUTCOME_TOO_LONG = "family_outcome_too_long"
    ACTION_INCOMPLETE = "action_incomplete"
    ACTION_TOO_LONG = "action_too_long"
    TOO_MANY_ACTIONS = "too_many_actions"
    CONFIRMATION_MISSING = "confirmation_missing"
    CONFIRMATION_TOO_LONG = "confirmation_too_long"


class OutcomeRefused(ValueError):
    def __init__(self, problems: Sequence[OutcomeProblem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = tuple(problems)


class NotEasyRead(ValueError):
    """Family text the review does not let through yet: `review` has the findings."""

    def __init__(self, review: TextReview) -> None:
        super().__init__("the text is not easy read yet")
        self.review = review


@dataclass(frozen=True)
class ActionDraft:
    what: str
    who: str
    due_on: date | None


@dataclass(frozen=True)
class OutcomeDraft:
    outcome: str
    family_outcome: str
    actions: tuple[ActionDraft, ...]


def _problems(draft: OutcomeDraft) -> list[OutcomeProblem]:
    found = []
    if not draft.outcome.strip():
        found.append(OutcomeProblem.OUTCOME_MISSING)
    if len(draft.outcome) > OUTCOME_MAX:
        found.append(OutcomeProblem.OUTCOME_TOO_LONG)
    if not draft.family_outcome.strip():
        found.append(OutcomeProblem.FAMILY_OUTCOME_MISSING)
    if len(draft.family_outcome) > FAMILY_OUTCOME_MAX:
        found.append(OutcomeProblem.FAMILY_OUTCOME_TOO_LONG)
    if any(not a.what.strip() or not a.who.strip() for a in draft.actions):
        found.append(OutcomeProblem.ACTION_INCOMPLETE)
    if any(len(a.what) > WHAT_MAX or len(a.who) > WHO_MAX for a in draft.actions):
        found.append(OutcomeProblem.ACTION_TOO_LONG)
    if len(draft.actions) > ACTIONS_MAX:
        found.append(OutcomeProblem.TOO_MANY_ACTIONS)
    return found


def check_family_text(text: str, *, save_anyway: bool, lang: str = "en") -> TextReview:
    """The review of `text`; raises NotEasyRead when it may not be saved."""
    review = review_family_text(text, lang=lang)
    if not review.may_save(save_anyway=save_anyway):
        raise NotEasyRead(review)
    return review


def record_outcome(
    session: Session,
    meeting: Meeting,
    draft: OutcomeDraft,
    *,
    save_anyway: bool,
    expected_sequence: int,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> None:
    """Save the outcome on a held meeting, and add the new actions (those
    saved before stay as they are). Raises OutcomeRefused, NotEasyRead, MeetingRefused (not
    held) or MeetingConflict, having saved nothing."""
    problems = _problems(draft)
    if problems:
        raise OutcomeRefused(problems)
    if meeting.status is not MeetingStatus.HELD:
        raise MeetingRefused([MeetingProblem.NOT_STARTED])
    family_outcome = draft.family_outcome.strip()
    check_family_text(family_outcome, save_anyway=save_anyway)
    values = {
        "outcome": draft.outcome.strip(),
        "family_outcome": family_outcome,
        "outcome_recorded_at": now,
    }
    compare_and_set(session, meeting, values, expected_sequence, by, ip_address)
    for agreed in draft.actions:
        add_action(
            session,
            meeting.young_person_id,
            action_rules.ActionDraft(what=agreed.what, who=agreed.who, due_on=agreed.due_on),
            now=now,
            by=by,
            meeting_id=meeting.id,
            ip_address=ip_address,
        )
    record_event(
        session,
        OUTCOME_RECORDED,
        staff_user=by,
        young_person_id=meeting.young_person_id,
        ip_address=ip_address,
        meeting_id=meeting.id,
        sequence=meeting.sequence,
        actions_added=len(draft.actions),
    )


def confirmations_by_request(
    session: Session, meeting: Meeting
) -> dict[int, MeetingSupportConfirmation]:
    """The meeting's confirmations, by the support request they answer."""
    rows = session.scalars(
        select(MeetingSupportConfirmation).where(
            MeetingSupportConfirmation.meeting_id == meeting.id
        )
    )
    return {row.support_request_id: row for row in rows}


def _save_confirmation(
    session: Session, meeting: Meeting, request_id: int, text: str, by: StaffUser, now: datetime
) -> MeetingSupportConfirmation:
    """The request's confirmation, made if there is none. Two first
    confirmations at once make one row: the second inserts nothing (the
    unique request id) and updates the row the first made."""
    query = select(MeetingSupportConfirmation).where(
        MeetingSupportConfirmation.support_request_id == request_id
    )
    found = session.scalars(query).one_or_none()
    if found is None:
        made = MeetingSupportConfirmation(
            meeting_id=meeting.id,
            support_request_id=request_id,
            text=text,
            confirmed_by_id=by.id,
            confirmed_at=now,
        )
        try:
            with session.begin_nested():
                session.add(made)
                session.flush()
            return made
        except IntegrityError:
            found = session.scalars(query.with_for_update()).one()
    found.text, found.confirmed_by_id, found.confirmed_at = text, by.id, now
    session.flush()
    return found


def confirm_support(
    session: Session,
    meeting: Meeting,
    support_request_id: int,
    text: str,
    *,
    save_anyway: bool,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> MeetingSupportConfirmation | None:
    """Tell the family what was arranged for one of the meeting's support
    requests (a new confirmation, or the saved one reworded). None when the
    request is not this meeting's. Raises OutcomeRefused or NotEasyRead."""
    request = session.get(MeetingSupportRequest, support_request_id)
    if request is None or request.meeting_id != meeting.id:
        return None
    text = " ".join(text.split())
    if not text:
        raise OutcomeRefused([OutcomeProblem.CONFIRMATION_MISSING])
    if len(text) > CONFIRMATION_MAX:
        raise OutcomeRefused([OutcomeProblem.CONFIRMATION_TOO_LONG])
    check_family_text(text, save_anyway=save_anyway)
    confirmation = _save_confirmation(session, meeting, request.id, text, by, now)
    record_event(
        session,
        SUPPORT_CONFIRMED,
        staff_user=by,
        young_person_id=meeting.young_person_id,
        ip_address=ip_address,
        meeting_id=meeting.id,
        support_request_id=request.id,
    )
    return confirmation

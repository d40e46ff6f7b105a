"""What a web answer is about: a feedback request the person was sent, a
meeting of their young person, or keyworker support in general.

The form carries the ids from its link (`?request=` or `?meeting=`) in hidden
fields; both are checked here against the signed-in contact on every GET and
POST. An id that is not theirs is ignored, exactly as if there were none, so
the page never says whether someone else's request or meeting exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, FeedbackRequest, Meeting


@dataclass(frozen=True)
class AnswerSubject:
    request_id: int | None = None
    meeting: Meeting | None = None

    @property
    def meeting_id(self) -> int | None:
        return self.meeting.id if self.meeting is not None else None


GENERAL = AnswerSubject()


def answer_subject(
    session: Session, contact: Contact, request_id: int | None, meeting_id: int | None
) -> AnswerSubject:
    """The request (if it is `contact`'s own) and the meeting (the request's,
    or `meeting_id` when it is a meeting of `contact`'s young person). A
    request answered or expired already still names what it was about: the
    answer is kept, and filing it leaves the request closed as it was."""
    if request_id is not None:
        request = session.scalars(
            select(FeedbackRequest).where(
                FeedbackRequest.id == request_id, FeedbackRequest.contact_id == contact.id
            )
        ).first()
        if request is not None:
            meeting = (
                _their_meeting(session, contact, request.meeting_id)
                if request.meeting_id is not None
                else None
            )
            return AnswerSubject(request_id=request.id, meeting=meeting)
    if meeting_id is not None:
        return AnswerSubject(meeting=_their_meeting(session, contact, meeting_id))
    return GENERAL


def _their_meeting(session: Session, contact: Contact, meeting_id: int) -> Meeting | None:
    return session.scalars(
        select(Meeting).where(
            Meeting.id == meeting_id, Meeting.young_person_id == contact.young_person_id
        )
    ).first()

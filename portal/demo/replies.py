"""What staff did about what the first demo family sent, so the record shows
each status. Sam (the family's first contact, the one the demo invites
first) told us what they think, and the keyworker replied: Sam has not read
the reply yet. The feedback Sam's family sent (`portal.demo.feedback`) was
marked as dealt with. Both were read on the record days ago, so the record
still has nothing new.

Feedback, not meeting replies: the meeting pages' tests count on Sam's
meetings having no answers yet."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from portal.demo.people import DemoFamily
from portal.models import (
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyReply,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
)

COMMENT = "I liked that you asked me first."
REPLY_TEXT = "Thank you for telling us. We will keep asking you first."
DEALT_WITH_NOTE = "Talked about it with Alex on the phone."


def add_demo_replies(
    session: Session, family: DemoFamily, feedback: FeedbackResponse, *, now: datetime
) -> None:
    """For the first family only. `feedback` is the family's demo feedback."""
    if family.index != 0:
        return
    first, keyworker = family.contacts[0], family.keyworker
    sent_at, seen_at = now - timedelta(days=4), now - timedelta(days=3)
    own = FeedbackResponse(
        young_person_id=family.person.id,
        contact_id=first.id,
        channel=FeedbackChannel.WEB,
        fft_answer=FftAnswer.VERY_GOOD,
        comment=COMMENT,
        received_at=sent_at,
    )
    session.add(own)
    session.flush()
    replied, dealt_with = (
        FamilyInputNotice(
            young_person_id=family.person.id,
            contact_id=response.contact_id,
            kind=FamilyInputKind.FEEDBACK,
            subject_id=response.id,
            summary=summary,
            created_at=response.received_at,
            seen_at=seen_at,
            seen_by_id=keyworker.id,
        )
        for response, summary in ((own, "Feedback: very good"), (feedback, "Feedback"))
    )
    session.add_all([replied, dealt_with])
    session.flush()
    session.add(
        FamilyReply(
            notice_id=replied.id,
            young_person_id=family.person.id,
            contact_id=first.id,
            text=REPLY_TEXT,
            written_by_id=keyworker.id,
            written_at=seen_at,
        )
    )
    session.add(
        FamilyInputAcknowledgement(
            notice_id=dealt_with.id,
            young_person_id=family.person.id,
            acknowledged_by_id=keyworker.id,
            note=DEALT_WITH_NOTE,
            acknowledged_at=seen_at,
        )
    )

"""Feedback from each demo family: a Friends and Family Test answer from a
week or two ago, by text or on the web, some with a comment.

Built as rows, not with `portal.services.feedback.recording.record_web_feedback`:
the app has no service yet for feedback by text, and the web one dates the
feedback now and leaves a notice for staff marked new, while the demo starts
with a history and nothing new for staff to read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from portal.demo.people import DemoFamily
from portal.models import FeedbackChannel, FeedbackResponse, FftAnswer

COMMENT = "The meeting was long but people listened to us."


def add_demo_feedback(session: Session, family: DemoFamily, *, now: datetime) -> FeedbackResponse:
    """Feedback from `family`'s last contact. The answers go round every
    Friends and Family Test answer in turn; every third family wrote no comment."""
    index = family.index
    answers = list(FftAnswer)
    response = FeedbackResponse(
        young_person_id=family.person.id,
        contact_id=family.contacts[-1].id,
        channel=FeedbackChannel.SMS if index % 2 else FeedbackChannel.WEB,
        fft_answer=answers[index % len(answers)],
        comment=COMMENT if index % 3 else None,
        may_use_anonymously=index % 2 == 0,
        received_at=now - timedelta(days=10 + index),
    )
    session.add(response)
    return response

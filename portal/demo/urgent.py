"""Urgent and new items in the demo, so the worklist shows what it is for:
three families (one on each keyworker's caseload) wrote feedback that triage
flags, and two more wrote to say thank you, which is new to their keyworker.
Made through the real feedback service, so the notices are urgent or new and
the "something needs you" emails are queued in the outbox, as they would be
for real feedback."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from portal.demo.people import DemoFamily
from portal.models import AnsweredBy, FeedbackChannel, FftAnswer, utc_now
from portal.services.feedback.filing import Answer, answered_by_for, file_response
from portal.services.records.urgent_alerts import UrgentSettings

# Not the first family: the demo's first young person keeps a quiet record. Each
# is a young person "he" fits (the comment says "he").
URGENT_FAMILIES = (3, 5, 11)
URGENT_COMMENT = "He says he wants to hurt himself when the new staff come. Please call me."
NEW_FAMILIES = (1, 7)
NEW_COMMENT = "Thank you for the visual timetable. Mornings are calmer now."

# For a demo seeded without the app's settings: links point at the local server.
DEMO_ALERTS = UrgentSettings(
    base_url="http://localhost:5000", service_name="Keyworker Family Portal"
)


def add_demo_urgent_items(
    session: Session, families: Sequence[DemoFamily], alerts: UrgentSettings
) -> None:
    now = utc_now()
    for family in families:
        contact = family.contacts[-1]
        answered_by: AnsweredBy = answered_by_for(contact)
        if family.index in URGENT_FAMILIES:
            answer = Answer(
                FeedbackChannel.WEB, FftAnswer.POOR, URGENT_COMMENT, answered_by=answered_by
            )
        elif family.index in NEW_FAMILIES:
            answer = Answer(
                FeedbackChannel.WEB, FftAnswer.VERY_GOOD, NEW_COMMENT, answered_by=answered_by
            )
        else:
            continue
        file_response(session, contact, answer, now, alerts=alerts)

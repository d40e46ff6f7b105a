"""Urgent items in the demo, so the worklist shows what it is for: two
families wrote feedback that triage flags. Made through the real feedback
service, so the notices are urgent and the "something needs you" emails are
queued in the outbox, as they would be for real feedback."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from portal.demo.people import DemoFamily
from portal.models import FftAnswer
from portal.services.feedback.recording import WebFeedback, record_web_feedback
from portal.services.records.urgent_alerts import UrgentSettings

# Not the first family: the demo's first young person keeps a quiet record.
URGENT_FAMILIES = (2, 5)
URGENT_COMMENT = "He says he wants to hurt himself when the new staff come. Please call me."

# For a demo seeded without the app's settings: links point at the local server.
DEMO_ALERTS = UrgentSettings(
    base_url="http://localhost:5000", service_name="Keyworker Family Portal"
)


def add_demo_urgent_items(
    session: Session, families: Sequence[DemoFamily], alerts: UrgentSettings
) -> None:
    for family in families:
        if family.index in URGENT_FAMILIES:
            record_web_feedback(
                session,
                family.contacts[-1],
                WebFeedback(
                    answer=FftAnswer.POOR, comment=URGENT_COMMENT, may_use_in_reports=False
                ),
                memory={},
                alerts=alerts,
            )

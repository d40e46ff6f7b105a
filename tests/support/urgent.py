"""Urgent items in tests: the settings the urgent emails are made with, and
an urgent notice for a family on a keyworker's caseload."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from portal.models import FamilyInputNotice, StaffUser, UrgentAcknowledgement, UrgentAction
from portal.services.records.urgent_alerts import UrgentSettings

# As the Test config: links point at http://portal.test.
TEST_ALERTS = UrgentSettings(
    base_url="http://portal.test",
    service_name="Keyworker Family Portal",
    escalation_working_hours=4,
)


def acknowledge_directly(
    session: Session,
    notices: Iterable[FamilyInputNotice],
    by: StaffUser,
    action: UrgentAction = UrgentAction.PHONED_FAMILY,
) -> None:
    """Acknowledge the urgent ones of `notices` as if someone had used the
    form, for tests about something else. Flushes."""
    for notice in notices:
        if notice.urgent:
            session.add(
                UrgentAcknowledgement(
                    notice_id=notice.id,
                    young_person_id=notice.young_person_id,
                    acknowledged_by_id=by.id,
                    action=action,
                )
            )
    session.flush()

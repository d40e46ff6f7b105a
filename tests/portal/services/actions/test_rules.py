"""The one rule for a late action, and what an action must have."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.models import ActionStatus
from portal.services.actions.rules import ActionDraft, ActionProblem, days_overdue, due_soon

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("status", "due", "late"),
    [
        (ActionStatus.NOT_STARTED, TODAY - timedelta(days=3), 3),
        (ActionStatus.IN_PROGRESS, TODAY - timedelta(days=1), 1),
        (ActionStatus.IN_PROGRESS, TODAY, 0),
        (ActionStatus.NOT_STARTED, TODAY + timedelta(days=5), 0),
        (ActionStatus.DONE, TODAY - timedelta(days=3), 0),
        (ActionStatus.CANNOT_BE_DONE, TODAY - timedelta(days=3), 0),
        (ActionStatus.NOT_STARTED, None, 0),
    ],
)
def test_an_action_is_overdue_while_open_after_its_date(
    status: ActionStatus, due: date | None, late: int
) -> None:
    assert days_overdue(status, due, TODAY) == late


def test_due_soon_is_open_not_late_and_within_a_week() -> None:
    assert due_soon(ActionStatus.NOT_STARTED, TODAY + timedelta(days=7), TODAY)
    assert not due_soon(ActionStatus.NOT_STARTED, TODAY + timedelta(days=8), TODAY)
    assert not due_soon(ActionStatus.NOT_STARTED, TODAY - timedelta(days=1), TODAY)
    assert not due_soon(ActionStatus.DONE, TODAY + timedelta(days=1), TODAY)


def test_cannot_be_done_needs_a_reason_and_only_then_keeps_one() -> None:
    refused = ActionDraft("Book it", "GP", status=ActionStatus.CANNOT_BE_DONE).cleaned()
    assert refused.problems() == {"cannot_be_done_reason": ActionProblem.REASON_MISSING}
    kept = ActionDraft("Book it", "GP", status=ActionStatus.DONE, cannot_be_done_reason="x")
    assert kept.cleaned().cannot_be_done_reason is None


def test_what_and_who_are_needed() -> None:
    assert ActionDraft("  ", " ").cleaned().problems() == {
        "what": ActionProblem.WHAT_MISSING,
        "who": ActionProblem.WHO_MISSING,
    }

"""What an action must have, and when it is late.

`days_overdue` is the one rule for a late action: the staff pages, the
worklist and the family pages all use it (the worklist's query picks the
open actions due by a week today, `OPEN` and `DUE_SOON`, and this rule
says which of them are late).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from portal.models import ActionStatus

WHAT_MAX = 500
WHO_MAX = 120
NAMED_PERSON_MAX = 200
REASON_MAX = 1000

# Statuses of an action still to follow up.
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
# An open action due within this is "due soon".
DUE_SOON = timedelta(days=7)


def days_overdue(status: ActionStatus, due_on: date | None, today: date) -> int:
    """How many days late an action is: 0 when it is not late (done, cannot
    be done, undated or not due yet)."""
    if status not in OPEN or due_on is None:
        return 0
    return max((today - due_on).days, 0)


def due_soon(status: ActionStatus, due_on: date | None, today: date) -> bool:
    """Open, not late, and due within a week."""
    return (
        status in OPEN
        and due_on is not None
        and not days_overdue(status, due_on, today)
        and due_on <= today + DUE_SOON
    )


class ActionProblem(enum.StrEnum):
    WHAT_MISSING = "what_missing"
    WHAT_TOO_LONG = "what_too_long"
    WHO_MISSING = "who_missing"
    WHO_TOO_LONG = "who_too_long"
    NAMED_PERSON_TOO_LONG = "named_person_too_long"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"


class ActionRefused(ValueError):
    """The draft breaks a rule: problems by the field they are about."""

    def __init__(self, problems: dict[str, ActionProblem]) -> None:
        super().__init__(", ".join(problems.values()))
        self.problems = problems


def _tidy(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


@dataclass(frozen=True)
class ActionDraft:
    """An action as staff set it."""

    what: str
    who: str
    named_person: str | None = None
    due_on: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    cannot_be_done_reason: str | None = None
    visible_to_family: bool = True

    def cleaned(self) -> ActionDraft:
        """Spaces tidied; a reason is kept only when it cannot be done."""
        reason = (self.cannot_be_done_reason or "").strip() or None
        return ActionDraft(
            what=_tidy(self.what) or "",
            who=_tidy(self.who) or "",
            named_person=_tidy(self.named_person),
            due_on=self.due_on,
            status=self.status,
            cannot_be_done_reason=reason if self.status is ActionStatus.CANNOT_BE_DONE else None,
            visible_to_family=self.visible_to_family,
        )

    def problems(self) -> dict[str, ActionProblem]:
        """Each field's problem (of a cleaned draft)."""
        found: dict[str, ActionProblem] = {}
        if not self.what:
            found["what"] = ActionProblem.WHAT_MISSING
        elif len(self.what) > WHAT_MAX:
            found["what"] = ActionProblem.WHAT_TOO_LONG
        if not self.who:
            found["who"] = ActionProblem.WHO_MISSING
        elif len(self.who) > WHO_MAX:
            found["who"] = ActionProblem.WHO_TOO_LONG
        if len(self.named_person or "") > NAMED_PERSON_MAX:
            found["named_person"] = ActionProblem.NAMED_PERSON_TOO_LONG
        if self.status is ActionStatus.CANNOT_BE_DONE:
            if not self.cannot_be_done_reason:
                found["cannot_be_done_reason"] = ActionProblem.REASON_MISSING
            elif len(self.cannot_be_done_reason) > REASON_MAX:
                found["cannot_be_done_reason"] = ActionProblem.REASON_TOO_LONG
        return found


FIELDS = tuple(f for f in ActionDraft.__dataclass_fields__)


def draft_of(action: object) -> ActionDraft:
    """The draft an action (or one of its changes) holds."""
    return ActionDraft(**{name: getattr(action, name) for name in FIELDS})

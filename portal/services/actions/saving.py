"""Adding and changing actions.

A change names the `sequence` its form showed: it is saved only while the
action is still at that sequence (one UPDATE with the sequence in its
WHERE, as `portal.services.meetings.scheduling` does for meetings), adding
one to it. A change from an older form raises ActionConflict with the
action as saved, and saves nothing but the audit event of the refusal.
Every save appends a snapshot to `action_changes` (the first is the action
as added) and is audited. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import Action, ActionChange, StaffUser
from portal.services.actions.rules import FIELDS, ActionDraft, ActionRefused, draft_of
from portal.services.records.audit import record_event

ADDED = "action.added"
CHANGED = "action.changed"
CONFLICT = "action.change_refused"


class ActionConflict(Exception):
    """The action changed since the form was shown: `saved` is how it stands."""

    def __init__(self, action: Action, saved_by: StaffUser | None) -> None:
        super().__init__("the action changed since the form was shown")
        self.saved = draft_of(action)
        self.sequence = action.sequence
        self.updated_at = action.updated_at
        self.saved_by = saved_by


def _checked(draft: ActionDraft) -> ActionDraft:
    draft = draft.cleaned()
    problems = draft.problems()
    if problems:
        raise ActionRefused(problems)
    return draft


def _snapshot(session: Session, action: Action, by: StaffUser | None, now: datetime) -> None:
    session.add(
        ActionChange(
            action_id=action.id,
            sequence=action.sequence,
            changed_by_id=by.id if by else None,
            changed_at=now,
            **{name: getattr(action, name) for name in FIELDS},
        )
    )
    session.flush()


def add_action(
    session: Session,
    young_person_id: int,
    draft: ActionDraft,
    *,
    now: datetime,
    by: StaffUser,
    meeting_id: int | None = None,
    ip_address: str | None = None,
) -> Action:
    """A new action (from `meeting_id`, or by hand). Raises ActionRefused."""
    draft = _checked(draft)
    action = Action(
        young_person_id=young_person_id,
        meeting_id=meeting_id,
        created_by_id=by.id,
        created_at=now,
        updated_at=now,
        sequence=1,
        **{f.name: getattr(draft, f.name) for f in fields(draft)},
    )
    session.add(action)
    session.flush()
    _snapshot(session, action, by, now)
    record_event(
        session,
        ADDED,
        staff_user=by,
        young_person_id=young_person_id,
        ip_address=ip_address,
        action_id=action.id,
        meeting_id=meeting_id,
        status=action.status,
    )
    return action


def change_action(
    session: Session,
    action: Action,
    draft: ActionDraft,
    *,
    expected_sequence: int,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> list[str]:
    """Save `draft` over the action if it is still at `expected_sequence`;
    the names of what changed (none: nothing saved). Raises ActionRefused or
    ActionConflict, having saved nothing but the audit event of a refusal."""
    draft = _checked(draft)
    current = draft_of(action)
    changed = [name for name in FIELDS if getattr(draft, name) != getattr(current, name)]
    if not changed:
        return []
    result = session.execute(
        update(Action)
        .where(Action.id == action.id, Action.sequence == expected_sequence)
        .values(
            **{name: getattr(draft, name) for name in FIELDS},
            sequence=Action.sequence + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(action)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        _audit(session, action, CONFLICT, by, ip_address, expected_sequence=expected_sequence)
        raise ActionConflict(action, _last_saved_by(session, action))
    _snapshot(session, action, by, now)
    _audit(session, action, CHANGED, by, ip_address, fields=changed, status=action.status)
    return changed


def _last_saved_by(session: Session, action: Action) -> StaffUser | None:
    return session.scalar(
        select(StaffUser)
        .join(ActionChange, ActionChange.changed_by_id == StaffUser.id)
        .where(ActionChange.action_id == action.id)
        .order_by(ActionChange.sequence.desc())
        .limit(1)
    )


def _audit(
    session: Session,
    action: Action,
    event: str,
    by: StaffUser,
    ip_address: str | None,
    **detail: Any,
) -> None:
    record_event(
        session,
        event,
        staff_user=by,
        young_person_id=action.young_person_id,
        ip_address=ip_address,
        action_id=action.id,
        sequence=action.sequence,
        **detail,
    )

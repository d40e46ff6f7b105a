"""The actions as the pages read them: the record's list (open first, the
late ones at the top), a meeting's actions, what a family may see, and one
action's history with what each save changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload

from portal.models import Action, ActionChange, ActionStatus
from portal.services.actions.rules import FIELDS, OPEN, days_overdue, draft_of, due_soon


@dataclass(frozen=True)
class ActionLine:
    action: Action
    # Days late (0: not late), and due within a week.
    days_late: int
    due_soon: bool


@dataclass(frozen=True)
class RecordActions:
    open: tuple[ActionLine, ...]
    # Done or cannot be done, the latest saved first.
    closed: tuple[ActionLine, ...]


def _line(action: Action, today: date) -> ActionLine:
    return ActionLine(
        action=action,
        days_late=days_overdue(action.status, action.due_on, today),
        due_soon=due_soon(action.status, action.due_on, today),
    )


def record_actions(session: Session, young_person_id: int, today: date) -> RecordActions:
    """Every action of the young person's, with the meeting each came from (2 queries)."""
    actions = session.scalars(
        select(Action)
        .where(Action.young_person_id == young_person_id)
        .options(selectinload(Action.meeting))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    ).all()
    lines = [_line(action, today) for action in actions]
    open_ = sorted((x for x in lines if x.action.status in OPEN), key=lambda x: -x.days_late)
    closed = sorted(
        (x for x in lines if x.action.status not in OPEN),
        key=lambda x: (x.action.updated_at, x.action.id),
        reverse=True,
    )
    return RecordActions(open=tuple(open_), closed=tuple(closed))


def meeting_actions(session: Session, meeting_id: int, today: date) -> tuple[ActionLine, ...]:
    """The actions agreed at a meeting, in the order they were added."""
    actions = session.scalars(
        select(Action).where(Action.meeting_id == meeting_id).order_by(Action.id)
    )
    return tuple(_line(action, today) for action in actions)


def family_actions(
    session: Session, young_person_id: int, *, meeting_id: int | None = None
) -> Sequence[Action]:
    """The actions staff let the family see (of one meeting, if given): those
    still to do by date (undated last), then done, then those that will not
    happen. One query."""
    query = select(Action).where(
        Action.young_person_id == young_person_id, Action.visible_to_family.is_(True)
    )
    if meeting_id is not None:
        query = query.where(Action.meeting_id == meeting_id)
    closed = case(
        (Action.status == ActionStatus.DONE, 1),
        (Action.status == ActionStatus.CANNOT_BE_DONE, 2),
        else_=0,
    )
    return session.scalars(
        query.order_by(closed, Action.due_on.is_(None), Action.due_on, Action.id)
    ).all()


@dataclass(frozen=True)
class Difference:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class HistoryEntry:
    change: ActionChange
    # Empty for the first entry: the action as it was added.
    differences: tuple[Difference, ...]


def action_history(session: Session, action: Action) -> tuple[HistoryEntry, ...]:
    """Every save of the action, newest first, each with what it changed."""
    changes = session.scalars(
        select(ActionChange)
        .where(ActionChange.action_id == action.id)
        .options(selectinload(ActionChange.changed_by))
        .order_by(ActionChange.sequence, ActionChange.id)
    ).all()
    entries = []
    before = None
    for change in changes:
        now = draft_of(change)
        differences = (
            tuple(
                Difference(name, getattr(before, name), getattr(now, name))
                for name in FIELDS
                if getattr(before, name) != getattr(now, name)
            )
            if before is not None
            else ()
        )
        entries.append(HistoryEntry(change, differences))
        before = now
    return tuple(reversed(entries))

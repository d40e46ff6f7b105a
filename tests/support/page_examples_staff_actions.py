"""The examples of the actions pages, and the data they show: one of the
world's young person's demo actions changed once (so its history has a
change), and the newcomer with no actions yet."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Action, ActionStatus, StaffUser, utc_now
from portal.services.actions.rules import draft_of
from portal.services.actions.saving import change_action
from tests.support.page_example_types import PageExample, World


def _actions(young_person_id: int, rest: str = "") -> str:
    return f"/staff/young-people/{young_person_id}/actions{rest}"


def _action(w: World, rest: str = "") -> str:
    return _actions(w.young_person_id, f"/{w.action_id}{rest}")


def add_example_actions(
    session: Session, young_person_id: int, keyworker_id: int
) -> dict[str, int]:
    """Start the first of the young person's open actions, naming who will do it."""
    action = session.scalars(
        select(Action)
        .where(Action.young_person_id == young_person_id, Action.status == ActionStatus.NOT_STARTED)
        .order_by(Action.id)
    ).first()
    keyworker = session.get(StaffUser, keyworker_id)
    assert action is not None and keyworker is not None
    started = replace(
        draft_of(action), status=ActionStatus.IN_PROGRESS, named_person="Alex Example"
    )
    change_action(
        session, action, started, expected_sequence=action.sequence, now=utc_now(), by=keyworker
    )
    return {"action_id": action.id}


EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "actions", "staff.actions", lambda w: _actions(w.young_person_id), signed_in_as="keyworker"
    ),
    PageExample(
        "actions, none yet",
        "staff.actions",
        lambda w: _actions(w.newcomer_young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "add an action",
        "staff.new_action",
        lambda w: _actions(w.young_person_id, "/new"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "add an action, nothing entered",
        "staff.new_action",
        lambda w: _actions(w.young_person_id, "/new"),
        signed_in_as="keyworker",
        submit={"what": "", "who": ""},
    ),
    PageExample(
        "add an action, cannot be done with no reason and a date not real",
        "staff.new_action",
        lambda w: _actions(w.young_person_id, "/new"),
        signed_in_as="keyworker",
        submit={
            "what": "Book a place at the play scheme",
            "who": "Keyworker",
            "status": "cannot_be_done",
            "day": "31",
            "month": "2",
            "year": "2027",
        },
    ),
    PageExample(
        "add an action, cannot be done with no reason",
        "staff.new_action",
        lambda w: _actions(w.young_person_id, "/new"),
        signed_in_as="keyworker",
        submit={"what": "Book a place", "who": "Keyworker", "status": "cannot_be_done"},
    ),
    PageExample("change an action", "staff.edit_action", _action, signed_in_as="manager"),
    PageExample(
        "change an action, someone else saved it first",
        "staff.edit_action",
        _action,
        signed_in_as="keyworker",
        # What and who as saved (data), the status different.
        submit={
            "sequence": "1",
            "what": "Arrange a visit to the college.",
            "who": "School SENCO",
            "status": "done",
        },
    ),
    PageExample(
        "history of an action",
        "staff.action_history_page",
        lambda w: _action(w, "/history"),
        signed_in_as="keyworker",
    ),
)

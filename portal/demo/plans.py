"""Each demo young person's plan: two versions, so the plan has a history.

There is no staff plan editor yet, so the versions, sections and actions are
built as rows, as an editor would save them: a new version copies every
section and action, and an action keeps its `action_key` from version to
version.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from portal.models import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    StaffUser,
    YoungPerson,
)

PLAN_TEXT = {
    PlanSectionKind.ABOUT_ME: "I like trains, drawing and my dog. I live with my family.",
    PlanSectionKind.WHAT_MATTERS: "Going to college. Seeing my friends. Having my own room.",
    PlanSectionKind.WHAT_HELPS: "Knowing what will happen each day. A quiet place when it is loud.",
    PlanSectionKind.WHAT_DOES_NOT_HELP: "Changes with no warning. Lots of people talking at once.",
    PlanSectionKind.MY_GOALS: "Go to college 3 days a week. Sleep better.",
    PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum or my keyworker. Go to my quiet room.",
}
# Version number and what changed, oldest first.
PLAN_VERSIONS = ((1, "First plan, made with the family."), (2, "Added a college goal."))
ACTION_COUNT = 3


def add_demo_plan(
    session: Session, person: YoungPerson, keyworker: StaffUser, *, today: date, now: datetime
) -> Plan:
    """Add `person`'s plan, written by their keyworker, in two versions."""
    plan = Plan(young_person_id=person.id)
    session.add(plan)
    session.flush()
    action_keys = [str(uuid.uuid4()) for _ in range(ACTION_COUNT)]
    for number, change_note in PLAN_VERSIONS:
        version = PlanVersion(
            plan_id=plan.id,
            number=number,
            change_note=change_note,
            created_by_id=keyworker.id,
            created_at=now - timedelta(days=40 - number * 15),
        )
        session.add(version)
        session.flush()
        session.add_all(
            PlanSection(version_id=version.id, kind=kind, body=body)
            for kind, body in PLAN_TEXT.items()
        )
        session.add_all(demo_actions(version, action_keys, today=today))
    return plan


def demo_actions(
    version: PlanVersion, action_keys: Sequence[str], *, today: date
) -> list[PlanAction]:
    """The plan's actions in `version`: one under way, one overdue, and one
    that only staff see (a medication review)."""
    first, second, third = action_keys
    return [
        PlanAction(
            version_id=version.id,
            action_key=first,
            what="Ask the school for a quiet room at lunchtime.",
            who="Keyworker",
            due_on=today + timedelta(days=14),
            status=ActionStatus.IN_PROGRESS,
        ),
        PlanAction(
            version_id=version.id,
            action_key=second,
            what="Book a sleep clinic appointment.",
            who="GP",
            due_on=today - timedelta(days=3),
            status=ActionStatus.NOT_STARTED,
        ),
        PlanAction(
            version_id=version.id,
            action_key=third,
            what="Review medication with the psychiatrist.",
            who="CAMHS",
            due_on=today + timedelta(days=30),
            status=ActionStatus.NOT_STARTED,
            visible_to_family=False,
        ),
    ]

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

_SAME_FOR_EVERYONE = {
    PlanSectionKind.WHAT_HELPS: "Knowing what will happen each day. A quiet place when it is loud.",
    PlanSectionKind.WHAT_DOES_NOT_HELP: "Changes with no warning. Lots of people talking at once.",
}

# What a plan says at each age: primary school, secondary school, college
# (16 to 18) and adult life (work, a home of their own).
_CHILD = {
    PlanSectionKind.ABOUT_ME: "I like trains, drawing and my dog. I live with my family.",
    PlanSectionKind.WHAT_MATTERS: "Going to school. Playing with my friends. My toys.",
    **_SAME_FOR_EVERYONE,
    PlanSectionKind.MY_GOALS: "Stay at school for the whole day. Sleep better.",
    PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum or my teacher. Go to my quiet corner.",
}
_SECONDARY = {
    PlanSectionKind.ABOUT_ME: "I like football, music and my dog. I live with my family.",
    PlanSectionKind.WHAT_MATTERS: "Going to school. Seeing my friends. Having my own room.",
    **_SAME_FOR_EVERYONE,
    PlanSectionKind.MY_GOALS: "Go to school 4 days a week. Sleep better.",
    PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum or my keyworker. Go to my quiet room.",
}
_COLLEGE = {
    PlanSectionKind.ABOUT_ME: "I like trains, drawing and my dog. I live with my family.",
    PlanSectionKind.WHAT_MATTERS: "Going to college. Seeing my friends. Having my own room.",
    **_SAME_FOR_EVERYONE,
    PlanSectionKind.MY_GOALS: "Go to college 3 days a week. Sleep better.",
    PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum or my keyworker. Go to my quiet room.",
}
_ADULT = {
    PlanSectionKind.ABOUT_ME: "I like trains, cooking and music. I live in a flat with support.",
    PlanSectionKind.WHAT_MATTERS: "Having a job. Seeing my friends. Having my own home.",
    **_SAME_FOR_EVERYONE,
    PlanSectionKind.MY_GOALS: "Work 2 days a week. Sleep better.",
    PlanSectionKind.IF_I_AM_NOT_OK: "Tell my support worker or my keyworker. Go to my room.",
}
# The youngest age of each band, youngest first.
PLAN_TEXT_BY_AGE: tuple[tuple[int, dict[PlanSectionKind, str]], ...] = (
    (0, _CHILD),
    (11, _SECONDARY),
    (16, _COLLEGE),
    (19, _ADULT),
)
# The text for 16 to 18 (the first demo young person is 17), for tests and
# examples that need one plan's words.
PLAN_TEXT = _COLLEGE
# Version number and what changed, oldest first.
PLAN_VERSIONS = ((1, "First plan, made with the family."), (2, "Added a new goal."))
ACTION_COUNT = 3


def add_demo_plan(
    session: Session, person: YoungPerson, keyworker: StaffUser, *, today: date, now: datetime
) -> Plan:
    """Add `person`'s plan, written by their keyworker, in two versions, in
    words that fit their age today."""
    text = plan_text_for(person.age_on(today))
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
            PlanSection(version_id=version.id, kind=kind, body=body) for kind, body in text.items()
        )
        session.add_all(demo_actions(version, action_keys, today=today))
    return plan


def plan_text_for(age: int) -> dict[PlanSectionKind, str]:
    """The plan's sections for someone who is `age`."""
    return next(text for youngest, text in reversed(PLAN_TEXT_BY_AGE) if age >= youngest)


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

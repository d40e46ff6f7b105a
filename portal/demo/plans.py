"""Each demo young person's plan (two versions, so the plan has a history)
and their actions.

The versions and sections are built as rows, as the editor would save them.
Actions fit the young person's age: a few agreed at their held meeting, the
rest added by hand; one done (with its history), one due soon, one later
that only staff see, and every other young person one that is late, a
different one each time. One young person has an action that cannot be done.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from portal.demo.meetings import working_day
from portal.models import (
    Action,
    ActionChange,
    ActionStatus,
    Meeting,
    Plan,
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


def add_demo_plan(
    session: Session, person: YoungPerson, keyworker: StaffUser, *, today: date, now: datetime
) -> Plan:
    """Add `person`'s plan, written by their keyworker, in two versions, in
    words that fit their age today."""
    text = plan_text_for(person.age_on(today))
    plan = Plan(young_person_id=person.id)
    session.add(plan)
    session.flush()
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
    return plan


def plan_text_for(age: int) -> dict[PlanSectionKind, str]:
    """The plan's sections for someone who is `age`."""
    return next(text for youngest, text in reversed(PLAN_TEXT_BY_AGE) if age >= youngest)


# What and who, by age: children, young teenagers, 16 and 17, adults.
ACTIONS_BY_AGE: tuple[tuple[int, tuple[tuple[str, str], ...]], ...] = (
    (
        12,
        (
            ("Send the family a picture timetable for the school day.", "School SENCO"),
            ("Ask the school for a quiet space at playtime.", "School"),
            ("Refer to the sleep clinic.", "GP"),
            ("Find a short break at the weekend for the family.", "Social worker"),
        ),
    ),
    (
        16,
        (
            ("Review the EHCP with the school.", "School SENCO"),
            ("Book a CAMHS appointment about feeling anxious.", "CAMHS"),
            ("Find a youth club with a quiet room.", "Keyworker"),
            ("Check the family's short breaks are still right.", "Social worker"),
        ),
    ),
    (
        18,
        (
            ("Start planning the move to adult services.", "Keyworker"),
            ("Arrange a visit to the college.", "School SENCO"),
            ("Book a health check with the learning disability nurse.", "GP"),
            ("Ask for a transition assessment.", "Social worker"),
        ),
    ),
    (
        200,
        (
            ("Look at supported living places together.", "Adult social care"),
            ("Check the Section 117 aftercare plan.", "Community mental health team"),
            ("Help to set up a bank account.", "Keyworker"),
            ("Find a volunteering place for one day a week.", "Keyworker"),
        ),
    ),
)
CANNOT_BE_DONE = (
    "Book a place at the holiday play scheme.",
    "Keyworker",
    "The play scheme is full until the summer. The keyworker is looking for another one.",
)
# The young person (by index) who has the action that cannot be done.
CANNOT_BE_DONE_INDEX = 1


def _actions_for_age(age: int, index: int) -> list[tuple[str, str]]:
    """The four actions for `age`, turned by `index` so that the one in each
    place (late, due soon, done, later) differs from one young person to the next."""
    found = next(actions for below, actions in ACTIONS_BY_AGE if age < below)
    turn = (index + index // 2) % len(found)
    return list(found[turn:] + found[:turn])


def add_demo_actions(
    session: Session,
    person: YoungPerson,
    keyworker: StaffUser,
    held: Meeting,
    *,
    age: int,
    index: int,
    today: date,
    now: datetime,
) -> list[Action]:
    """Add `person`'s actions: the first two agreed at `held`, the rest by hand."""
    first, second, third, fourth = _actions_for_age(age, index)
    late = index % 2 == 0
    plans = [
        (
            first,
            held.id,
            working_day(today, -(1 + index // 2)) if late else working_day(today, 9),
            ActionStatus.IN_PROGRESS,
            True,
        ),
        (second, held.id, working_day(today, 3), ActionStatus.NOT_STARTED, True),
        (third, None, working_day(today, -7), ActionStatus.DONE, True),
        (fourth, None, working_day(today, 22), ActionStatus.NOT_STARTED, index % 3 != 0),
    ]
    added_at = now - timedelta(days=20)
    actions = []
    for (what, who), meeting_id, due_on, status, visible in plans:
        action = Action(
            young_person_id=person.id,
            meeting_id=meeting_id,
            what=what,
            who=who,
            due_on=due_on,
            status=status,
            visible_to_family=visible,
            sequence=2 if status is ActionStatus.DONE else 1,
            created_by_id=keyworker.id,
            created_at=added_at,
            updated_at=now - timedelta(days=2) if status is ActionStatus.DONE else added_at,
        )
        actions.append(action)
    if index == CANNOT_BE_DONE_INDEX:
        actions.append(_cannot_be_done(person, keyworker, today=today, now=now))
    session.add_all(actions)
    session.flush()
    session.add_all(change for action in actions for change in _history(action, added_at))
    return actions


def _cannot_be_done(
    person: YoungPerson, keyworker: StaffUser, *, today: date, now: datetime
) -> Action:
    what, who, reason = CANNOT_BE_DONE
    return Action(
        young_person_id=person.id,
        what=what,
        who=who,
        due_on=working_day(today, -4),
        status=ActionStatus.CANNOT_BE_DONE,
        cannot_be_done_reason=reason,
        sequence=2,
        created_by_id=keyworker.id,
        created_at=now - timedelta(days=20),
        updated_at=now - timedelta(days=4),
    )


def _history(action: Action, added_at: datetime) -> list[ActionChange]:
    """The action as added (not started), and the save that closed it, if it is closed."""

    def change(
        sequence: int, status: ActionStatus, reason: str | None, at: datetime
    ) -> ActionChange:
        return ActionChange(
            action_id=action.id,
            sequence=sequence,
            what=action.what,
            who=action.who,
            named_person=action.named_person,
            due_on=action.due_on,
            status=status,
            cannot_be_done_reason=reason,
            visible_to_family=action.visible_to_family,
            changed_by_id=action.created_by_id,
            changed_at=at,
        )

    changes = [change(1, ActionStatus.NOT_STARTED, None, added_at)]
    if action.sequence == 2:
        changes.append(change(2, action.status, action.cannot_be_done_reason, action.updated_at))
    return changes

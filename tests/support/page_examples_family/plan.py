"""Page examples for the family pages: My plan.

Sam's plan (demo data) for Sam himself, for his parent and for a carer of a
younger child; and a parent of a young person with no plan yet.

`add_long_plan` makes a young person with a long plan (long sections, many
actions, many versions, very long words) and returns a contact who may read
it, for an example of long content once the page examples' world holds it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from portal import session_keys
from portal.models import (
    ActionStatus,
    Channel,
    Contact,
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    RegisterStatus,
    Relationship,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.timezones import london_today
from tests.support.factories import make_action
from tests.support.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = (
    PageExample("my plan, easy read", "family.plan", lambda w: "/my-plan", signed_in_as="family"),
    PageExample(
        "my plan, read by a parent",
        "family.plan",
        lambda w: "/my-plan",
        signed_in_as="family_member",
    ),
    PageExample(
        "my plan, read by a carer", "family.plan", lambda w: "/my-plan", signed_in_as="carer"
    ),
    PageExample(
        "my plan, not written yet", "family.plan", lambda w: "/my-plan", signed_in_as="family_empty"
    ),
    PageExample(
        "my plan, standard wording",
        "family.plan",
        lambda w: "/my-plan",
        signed_in_as="family_member",
        session_data={session_keys.PLAN_WORDING: "standard"},
    ),
    PageExample(
        "my plan, long", "family.plan", lambda w: "/my-plan", signed_in_as="family_long_plan"
    ),
    PageExample(
        "my plan, long, standard wording",
        "family.plan",
        lambda w: "/my-plan",
        signed_in_as="family_long_plan",
        session_data={session_keys.PLAN_WORDING: "standard"},
    ),
    PageExample(
        "my plan, largest text and high contrast",
        "family.plan",
        lambda w: "/my-plan",
        signed_in_as="family",
        session_data={
            session_keys.DISPLAY_SETTINGS: {
                "text_size": "largest",
                "high_contrast": True,
                "read_aloud": True,
            }
        },
    ),
)

LONG_PLAN_VERSIONS = 25
LONG_PLAN_ACTIONS = 12
# A word with no place to break, as a pasted web address can be.
_LONG_WORD = "https://www.example.org/" + "a-very-long-address-with-no-spaces-" * 4
_LONG_SECTION = "\n".join(
    [
        "I like trains, buses and the big station in town.",
        "I like to know what will happen each day, written down.",
        "Things that help:",
        "- a quiet room",
        "- time to think before I answer",
        "- my music on headphones",
        f"My timetable is at {_LONG_WORD} on the college website.",
    ]
    * 3
)
_WHO = (
    "Keyworker",
    "GP",
    "School SENCO",
    "Speech and language therapist from the community team",
    "Parents",
    "Social worker",
)


def add_long_plan(session: Session, keyworker: StaffUser) -> int:
    """A 15-year-old with a long plan, and their own contact, who may use the
    portal; returns the contact's id. Dates follow today, so some actions are late."""
    today = london_today()
    person = YoungPerson(
        legal_name="Alexandra Longplan-Example",
        preferred_name="Alexandra-Josephine",
        date_of_birth=today - timedelta(days=15 * 365 + 40),
        register_status=RegisterStatus.ON_REGISTER,
        keyworker=keyworker,
        team_id=keyworker.team_id,
    )
    session.add(person)
    session.flush()
    contact = Contact(
        young_person_id=person.id,
        name="Alexandra-Josephine Longplan-Example",
        relation=Relationship.SELF,
        mobile_e164="07700 900901",
        preferred_channel=Channel.SMS,
        phone_verified=True,
        portal_access_enabled=True,
    )
    plan = Plan(young_person_id=person.id)
    session.add_all([contact, plan])
    session.flush()
    for number in range(1, LONG_PLAN_VERSIONS + 1):
        version = PlanVersion(
            plan_id=plan.id,
            number=number,
            change_note=(
                f"Version {number}: we talked about college, sleep and the bus.\n"
                f"We added what Alexandra-Josephine said at the meeting. {_LONG_WORD}"
            ),
            created_by_id=keyworker.id,
            created_at=utc_now() - timedelta(days=(LONG_PLAN_VERSIONS - number) * 7),
        )
        session.add(version)
        session.flush()
    session.add_all(
        PlanSection(version_id=version.id, kind=kind, body=_LONG_SECTION)
        for kind in PlanSectionKind
    )
    for index in range(LONG_PLAN_ACTIONS):
        status = ActionStatus.DONE if index % 4 == 1 else ActionStatus.IN_PROGRESS
        if index == 2:
            status = ActionStatus.CANNOT_BE_DONE
        make_action(
            session,
            young_person_id=person.id,
            what=(
                f"Find out about travel training so the bus to college is easier ({index}). "
                "Then write down each step with pictures."
            ),
            who=_WHO[index % len(_WHO)],
            due_on=None if index == 0 else today + timedelta(days=index * 9 - 40),
            status=status,
            reason="Staff-only reason" if status is ActionStatus.CANNOT_BE_DONE else None,
        )
    return contact.id

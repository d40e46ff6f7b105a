"""My plan, as a family sees it.

The latest version of the young person's plan: its sections, the actions
families may see (never one staff marked `visible_to_family=False`; one that
cannot be done says it will not happen, never why), what changed in this version and the
ones before it, and the people who help: the keyworker, the team and the other
professionals named in the actions, by role.

`my_plan` reads it all in at most 4 queries, whatever the number of versions
or actions: the young person with their keyworker and team; the newest
versions' notes (capped); the latest version's sections; its actions.

Families choose easy read (the default) or standard wording, the staff's
text as written, for the rest of their session (`wording_from`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from easyread.render import ActionInput, Block, PlanInput, TermFinder, pictures, render_plan
from easyread.render.plan import ACTIONS_HEADING, SECTIONS, who_phrase
from easyread.render.reader import YOUNG_PERSON, Reader
from portal import session_keys
from portal.models import (
    ActionStatus,
    Contact,
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    StaffUser,
    Team,
    YoungPerson,
)
from portal.services.actions.lists import family_actions
from portal.services.actions.rules import days_overdue
from portal.services.easy_read.reader import reader_for

# The session key for how the plan is worded, and its values.
EASY_READ = "easy"
STANDARD = "standard"
WORDINGS = (EASY_READ, STANDARD)

# The order families expect the sections in (the order of the enum).
SECTION_ORDER: tuple[PlanSectionKind, ...] = tuple(PlanSectionKind)
# Earlier versions' notes shown at most; older ones the keyworker can tell.
MAX_EARLIER_CHANGES = 20

# Who in an action is the keyworker or the family, not another professional.
_NOT_OTHER_PROFESSIONALS = frozenset({pictures.KEYWORKER, pictures.YOUNG_PERSON, pictures.FAMILY})


@dataclass(frozen=True)
class FamilyAction:
    what: str
    # A role or agency as staff typed it: "Keyworker", "GP", "School SENCO".
    who: str
    due_on: date | None
    status: ActionStatus

    @property
    def done(self) -> bool:
        return self.status is ActionStatus.DONE

    @property
    def will_not_happen(self) -> bool:
        return self.status is ActionStatus.CANNOT_BE_DONE

    def is_late(self, today: date) -> bool:
        return days_overdue(self.status, self.due_on, today) > 0


@dataclass(frozen=True)
class PlanChange:
    """One version's "what changed" note."""

    number: int
    note: str
    made_at: datetime


@dataclass(frozen=True)
class PlanForFamily:
    latest: PlanChange
    # Non-empty sections, in SECTION_ORDER.
    sections: tuple[tuple[PlanSectionKind, str], ...]
    # Family-visible: to do by due date (undated last), then done, then will not happen.
    actions: tuple[FamilyAction, ...]
    # Newest first, at most MAX_EARLIER_CHANGES.
    earlier_changes: tuple[PlanChange, ...]
    # True when there are older versions than the ones in earlier_changes.
    more_earlier_changes: bool


@dataclass(frozen=True)
class HelperRole:
    """Another professional named in the plan's actions, as the plan says it."""

    name: str
    pictogram: str


@dataclass(frozen=True)
class PeopleWhoHelp:
    # None when no keyworker is allocated, or theirs has left (account not active).
    keyworker_name: str | None
    team_name: str
    other_roles: tuple[HelperRole, ...]


@dataclass(frozen=True)
class MyPlan:
    young_person_name: str
    # None until staff save the first version.
    plan: PlanForFamily | None
    people: PeopleWhoHelp


@dataclass(frozen=True)
class EasyReadPlan:
    """The plan as easy-read blocks, in the parts the page shows apart."""

    # About me to My goals, each with its heading.
    sections: list[Block]
    # The plan's own "If I am not OK" text with its heading; empty when it has none.
    if_not_ok: list[Block]
    # Who will do what by when, without a heading (the page gives its own).
    actions: list[Block]


def wording_from(session_data: Mapping[str, Any]) -> str:
    """How the plan is worded for this session: easy read unless standard was chosen."""
    chosen = session_data.get(session_keys.PLAN_WORDING)
    return chosen if chosen in WORDINGS else EASY_READ


def my_plan(session: Session, contact: Contact) -> MyPlan:
    """The plan page for `contact`'s young person, in at most 4 queries."""
    young_person_id = contact.young_person_id
    name, team_name, keyworker_name, keyworker_active = session.execute(
        select(YoungPerson.preferred_name, Team.name, StaffUser.name, StaffUser.is_active)
        .join(Team, YoungPerson.team)
        .outerjoin(StaffUser, YoungPerson.keyworker)
        .where(YoungPerson.id == young_person_id)
    ).one()
    plan = _latest_plan(session, young_person_id)
    return MyPlan(
        young_person_name=name,
        plan=plan,
        people=PeopleWhoHelp(
            keyworker_name=keyworker_name if keyworker_active else None,
            team_name=team_name,
            other_roles=other_roles(plan.actions, reader_for(contact)) if plan else (),
        ),
    )


def _latest_plan(session: Session, young_person_id: int) -> PlanForFamily | None:
    # One more than shown, to know whether there are older versions still.
    versions = session.execute(
        select(PlanVersion.id, PlanVersion.number, PlanVersion.change_note, PlanVersion.created_at)
        .join(Plan, PlanVersion.plan)
        .where(Plan.young_person_id == young_person_id)
        .order_by(PlanVersion.number.desc())
        .limit(MAX_EARLIER_CHANGES + 2)
    ).all()
    if not versions:
        return None
    latest_id = versions[0].id
    changes = [PlanChange(row.number, row.change_note, row.created_at) for row in versions]
    bodies = {
        kind: body
        for kind, body in session.execute(
            select(PlanSection.kind, PlanSection.body).where(PlanSection.version_id == latest_id)
        )
    }
    actions = family_actions(session, young_person_id)
    return PlanForFamily(
        latest=changes[0],
        sections=tuple(
            (kind, bodies[kind]) for kind in SECTION_ORDER if bodies.get(kind, "").strip()
        ),
        actions=tuple(
            FamilyAction(
                what=action.what,
                who=action.who,
                due_on=action.due_on,
                status=action.status,
            )
            for action in actions
        ),
        earlier_changes=tuple(changes[1 : MAX_EARLIER_CHANGES + 1]),
        more_earlier_changes=len(changes) > MAX_EARLIER_CHANGES + 1,
    )


def other_roles(
    actions: Sequence[FamilyAction], reader: Reader = YOUNG_PERSON
) -> tuple[HelperRole, ...]:
    """The professionals the actions name, other than the keyworker and the
    family, each once, in the order they first appear."""
    found: dict[str, HelperRole] = {}
    for action in actions:
        who = " ".join(action.who.split())
        if not who:
            continue
        name, pictogram = who_phrase(who, reader)
        if pictogram not in _NOT_OTHER_PROFESSIONALS:
            found.setdefault(name.lower(), HelperRole(name, pictogram))
    return tuple(found.values())


def easy_read_plan(
    plan: PlanForFamily,
    *,
    lang: str,
    today: date,
    glossary: TermFinder | None = None,
    reader: Reader = YOUNG_PERSON,
) -> EasyReadPlan:
    """The plan through the easy-read renderer for `reader`, in one pass (so
    each glossary term is linked once on the page), split into the parts the
    page shows."""
    blocks = render_plan(
        PlanInput(
            sections=tuple((kind.value, body) for kind, body in plan.sections),
            actions=tuple(
                ActionInput(
                    what=a.what,
                    who=a.who,
                    due_on=a.due_on,
                    done=a.done,
                    will_not_happen=a.will_not_happen,
                )
                for a in plan.actions
            ),
        ),
        lang=lang,
        today=today,
        glossary=glossary,
        reader=reader,
    )
    not_ok_heading = reader.say(SECTIONS[PlanSectionKind.IF_I_AM_NOT_OK.value][0])
    parts: dict[str, list[Block]] = {"sections": [], "if_not_ok": [], "actions": []}
    current = parts["sections"]
    for block in blocks:
        if block.is_heading and block.text == ACTIONS_HEADING:
            current = parts["actions"]
            continue
        if block.is_heading:
            current = parts["if_not_ok"] if block.text == not_ok_heading else parts["sections"]
        current.append(block)
    return EasyReadPlan(**parts)

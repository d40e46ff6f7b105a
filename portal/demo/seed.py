"""Fictional demo data for `make demo`. Every name is made up; phone numbers are
in Ofcom's drama range (07700 900000 to 900999) and emails use example.org.

`seed_demo_data` adds everything to the session it is given and commits
nothing: the `seed-demo` command runs it as one unit of work, so a demo that
fails halfway adds nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.allocation import add_demo_allocation
from portal.demo.consent import add_demo_consent, demo_consent_items
from portal.demo.contacts import add_demo_contacts
from portal.demo.feedback import add_demo_feedback, add_demo_themes_and_what_we_did
from portal.demo.meetings import add_demo_meetings
from portal.demo.people import (
    DEMO_YOUNG_PEOPLE,
    KINSHIP_CARER_NAME,
    DemoFamily,
    add_demo_young_person,
)
from portal.demo.plans import PLAN_TEXT, add_demo_actions, add_demo_plan
from portal.demo.replies import add_demo_replies
from portal.demo.staff import DEMO_PASSWORD, DEMO_STAFF, DEMO_TEAM, add_demo_staff
from portal.demo.urgent import DEMO_ALERTS, add_demo_urgent_items
from portal.models import Note, StaffRole, StaffUser, Team, utc_now
from portal.services.records.urgent_alerts import UrgentSettings
from portal.services.staff_accounts.sign_in import TOTP_INTERVAL
from portal.timezones import london_today

# Imported from here by the CLI, the tests and the page examples.
__all__ = [
    "DEMO_PASSWORD",
    "DEMO_TEAM",
    "KINSHIP_CARER_NAME",
    "PLAN_TEXT",
    "DemoSignIn",
    "demo_sign_in_details",
    "seed_demo_data",
]


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    totp_secret: str
    current_code: str


def seed_demo_data(
    session: Session, *, fast_hashing: bool = False, alerts: UrgentSettings = DEMO_ALERTS
) -> bool:
    """Add the demo data unless it is there already. Returns whether it added
    it. Commits nothing: the caller owns the transaction. `alerts` makes the
    emails of the demo's urgent items."""
    if session.scalar(select(Team).where(Team.name == DEMO_TEAM)) is not None:
        return False
    now = utc_now()
    today = london_today()
    staff = add_demo_staff(session, now=now, fast_hashing=fast_hashing)
    team = session.scalars(select(Team).where(Team.name == DEMO_TEAM)).one()
    items = demo_consent_items(session)
    people = []
    families = []
    for index, spec in enumerate(DEMO_YOUNG_PEOPLE):
        keyworker = staff[spec.keyworker]
        person = add_demo_young_person(
            session, spec, index, team=team, keyworker=keyworker, today=today, now=now
        )
        contacts = add_demo_contacts(session, person, spec, index, keyworker=keyworker, now=now)
        family = DemoFamily(
            spec=spec, index=index, person=person, keyworker=keyworker, contacts=contacts
        )
        add_demo_plan(session, person, keyworker, today=today, now=now)
        meetings = add_demo_meetings(session, person, today=today, index=index)
        session.flush()
        add_demo_actions(
            session, person, keyworker, meetings[1], age=spec.age, index=index, today=today, now=now
        )
        add_demo_consent(session, family, items, today=today, now=now)
        feedback = add_demo_feedback(session, family, items, now=now)
        add_demo_themes_and_what_we_did(session, family, feedback, now=now)
        add_demo_replies(session, family, feedback, now=now)
        _add_note(session, family, now=now)
        people.append(person)
        families.append(family)
    add_demo_allocation(session, people, staff, today=today, now=now)
    add_demo_urgent_items(session, families, alerts)
    session.flush()
    return True


def _add_note(session: Session, family: DemoFamily, *, now: datetime) -> None:
    session.add(
        Note(
            young_person_id=family.person.id,
            author_id=family.keyworker.id,
            summary="Phoned the family",
            body="Phoned the family to plan the next meeting (demo note).",
            event_at=now - timedelta(days=2, hours=1),
            created_at=now - timedelta(days=2),
        )
    )


def demo_sign_in_details(session: Session) -> list[DemoSignIn]:
    """How to sign in as the first demo keyworker, the manager and the
    administrator, with the security code their authenticator shows now."""
    users = session.scalars(
        select(StaffUser)
        .join(Team)
        .where(Team.name == DEMO_TEAM, StaffUser.is_active.is_(True))
        .order_by(StaffUser.id)
    ).all()
    first_keyworker = DEMO_STAFF[0][1]
    return [
        DemoSignIn(
            role=user.role.value,
            email=user.email,
            totp_secret=user.totp_secret or "",
            current_code=_current_code(user.totp_secret),
        )
        for user in users
        if user.role is not StaffRole.KEYWORKER or user.email == first_keyworker
    ]


def _current_code(totp_secret: str | None) -> str:
    if not totp_secret:
        return ""
    return pyotp.TOTP(totp_secret, interval=TOTP_INTERVAL).now()

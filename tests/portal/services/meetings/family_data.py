"""A young person with a contact, another young person's contact, and
meetings at set times, for the tests of a family's meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Contact, Meeting, MeetingKind, MeetingStatus, Relationship, YoungPerson
from tests.support.factories import make_contact, make_meeting, make_team, make_young_person

NOW = datetime.fromisoformat("2026-07-15T10:00:00+00:00")


@dataclass
class Family:
    person: YoungPerson
    contact: Contact
    other_contact: Contact  # another young person's


def make_family(session: Session) -> Family:
    team = make_team(session)
    person = make_young_person(session, team=team)
    other = make_young_person(session, team=team)
    result = Family(
        person=person,
        contact=make_contact(session, young_person=person, relation=Relationship.SELF),
        other_contact=make_contact(session, young_person=other, relation=Relationship.SELF),
    )
    session.commit()
    return result


def add_meeting(
    session: Session,
    person: YoungPerson,
    *,
    starts_in: timedelta,
    kind: MeetingKind = MeetingKind.MDT,
    status: MeetingStatus = MeetingStatus.PLANNED,
) -> Meeting:
    """A meeting starting `starts_in` after NOW."""
    meeting = make_meeting(
        session, young_person=person, kind=kind, starts_at=NOW + starts_in, status=status
    )
    session.commit()
    return meeting


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)

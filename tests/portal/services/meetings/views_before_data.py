"""The people, meeting and form-like steps the tests of views before a
meeting share. Each save and send commits, as the page's request would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, Meeting, MeetingViews, Relationship, YoungPerson, utc_now
from portal.services.consent.registry import sync_consent_items
from portal.services.meetings.views_before import ViewsState, answer_digest, views_for_meeting
from portal.services.meetings.views_before_saving import decide_sharing, save_answer, send_views
from portal.timezones import london_today
from tests.support.factories import make_contact, make_meeting, make_team, make_young_person


@dataclass(frozen=True)
class People:
    young_person: YoungPerson
    sam: Contact
    parent: Contact
    meeting: Meeting


def born_years_ago(years: int) -> date:
    today = london_today()
    return today.replace(year=today.year - years) - timedelta(days=100)


def make_people(session: Session) -> People:
    """Sam, who is 17, a parent, and a meeting coming up."""
    sync_consent_items(session)
    team = make_team(session)
    person = make_young_person(
        session, team=team, preferred_name="Sam", date_of_birth=born_years_ago(17)
    )
    sam = make_contact(session, young_person=person, relation=Relationship.SELF)
    parent = make_contact(session, young_person=person)
    meeting = make_meeting(session, young_person=person)
    session.commit()
    return People(person, sam, parent, meeting)


def now() -> datetime:
    return utc_now()


def state_of(session: Session, contact: Contact, meeting: Meeting) -> ViewsState:
    state = views_for_meeting(session, contact, meeting.id, now=now(), today=london_today())
    assert state is not None
    return state


def save(
    session: Session,
    contact: Contact,
    meeting: Meeting,
    field: str,
    text: str | None,
    *,
    seen: ViewsState | None = None,
) -> ViewsState:
    """Save as a form would that showed `seen` (by default, the views as they
    are now), and commit as its request would."""
    seen = seen or state_of(session, contact, meeting)
    state = save_answer(
        session,
        contact,
        meeting.id,
        field,
        text,
        seen_version=seen.version,
        seen_digest=answer_digest(seen.answer(field)),
        now=now(),
        today=london_today(),
    )
    session.commit()
    return state


def send(session: Session, contact: Contact, meeting: Meeting, version: str) -> MeetingViews:
    sent = send_views(
        session, contact, meeting.id, seen_version=version, now=now(), today=london_today()
    )
    session.commit()
    return sent


def all_views(session: Session, contact: Contact) -> list[MeetingViews]:
    session.expire_all()
    return list(
        session.scalars(
            select(MeetingViews)
            .where(MeetingViews.contact_id == contact.id)
            .order_by(MeetingViews.id)
        )
    )


def share(
    session: Session, contact: Contact, meeting: Meeting, choice: bool, *, seen: bool | None
) -> ViewsState:
    """Say whether the review panel sees the views, as the share page would
    that showed `seen` as the current choice."""
    return decide_sharing(
        session,
        contact,
        meeting.id,
        choice,
        seen_digest=answer_digest(seen),
        now=now(),
        today=london_today(),
    )

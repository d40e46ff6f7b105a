"""Young people of each age with their contacts, for the staff-side consent tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ConsentItem, Contact, Relationship, StaffUser, YoungPerson
from portal.services.consent.registry import sync_consent_items
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

TODAY = date(2026, 12, 2)


@dataclass(frozen=True)
class Household:
    keyworker: StaffUser
    young_person: YoungPerson
    self_contact: Contact
    parent: Contact
    aunt: Contact


def household(session: Session, *, born: date) -> Household:
    """A young person born on `born`, themselves, a parent with parental
    responsibility and an aunt without it, all able to use the portal."""
    sync_consent_items(session)
    team = make_team(session)
    keyworker = make_staff_user(session, team=team, with_totp=False)
    person = make_young_person(session, team=team, keyworker=keyworker, date_of_birth=born)
    self_contact = make_contact(
        session,
        young_person=person,
        relation=Relationship.SELF,
        name="Robin Testmore",
        has_parental_responsibility=False,
    )
    parent = make_contact(session, young_person=person, name="Alex Testmore")
    aunt = make_contact(
        session,
        young_person=person,
        relation=Relationship.OTHER,
        name="Chris Testmore",
        has_parental_responsibility=False,
    )
    session.flush()
    session.refresh(person)
    return Household(keyworker, person, self_contact, parent, aunt)


def item(session: Session, code: str) -> ConsentItem:
    return session.scalars(select(ConsentItem).where(ConsentItem.code == code)).one()

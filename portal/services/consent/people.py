"""The young person's contacts as the family pages name them: first names and
how each is related, from contacts already loaded with the young person."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import Contact, Relationship, YoungPerson
from portal.services.consent.registry import ConsentItemType


@dataclass(frozen=True)
class Person:
    """A contact as families read them: first name and how they are related."""

    contact_id: int
    first_name: str
    # "Mum", "Sister"; None when the record has no detail (use `relation`).
    relationship_detail: str | None
    relation: Relationship
    is_viewer: bool


def people_of(young_person: YoungPerson, viewer: Contact) -> dict[int, Person]:
    """Every contact of `young_person` by id, oldest first; `viewer` is marked."""
    return {
        c.id: Person(
            contact_id=c.id,
            first_name=first_name(c),
            relationship_detail=c.relationship_detail,
            relation=c.relation,
            is_viewer=c.id == viewer.id,
        )
        for c in young_person.contacts
    }


def people_a_choice_can_be_about(
    contact: Contact, kind: ConsentItemType | None = None
) -> list[Person]:
    """For an item decided about one contact, the people `contact` may decide
    it about: only themselves for an item each contact decides about their
    own (`kind.each_contact_decides_own`), else the young person's other
    contacts, oldest first."""
    people = people_of(contact.young_person, contact).values()
    if kind is not None and kind.each_contact_decides_own:
        return [person for person in people if person.is_viewer]
    return [person for person in people if person.relation is not Relationship.SELF]


def may_be_about(kind: ConsentItemType, contact: Contact) -> bool:
    """Whether a decision on an item about one contact may be about `contact`
    (staff recording it): anyone for an item each contact decides about
    their own, else not the young person themselves."""
    return kind.each_contact_decides_own or contact.relation is not Relationship.SELF


def first_name(contact: Contact) -> str:
    """The young person's preferred name, or the first word of a contact's name."""
    if contact.relation is Relationship.SELF:
        return contact.young_person.preferred_name
    parts = contact.name.split()
    return parts[0] if parts else contact.name

"""Contacts: phone numbers in E.164, and the rules a contact row must follow."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Channel, Contact, LegalAuthority, Relationship
from portal.phone import InvalidPhoneNumber, for_display, to_e164
from tests.factories import make_team, make_young_person


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900999", "+447700900999"),
        ("(07700) 900-000", "+447700900000"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_mobile_numbers_are_stored_in_e164(raw: str, expected: str) -> None:
    assert to_e164(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "hello", "123", "020 7946 0000", "07700 90012", "+44 7700 900123 456"]
)
def test_numbers_that_cannot_take_a_text_message_are_refused(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber):
        to_e164(raw)


def test_uk_numbers_are_shown_the_uk_way() -> None:
    assert for_display("+447700900123") == "07700 900123"


def test_contact_numbers_are_normalised(session: Session) -> None:
    person = make_young_person(session, team=make_team(session))
    contact = Contact(
        young_person_id=person.id,
        name="Test Parent",
        relation=Relationship.PARENT,
        mobile_e164="07700 900321",
        email="Parent@Example.org",
        preferred_channel=Channel.SMS,
    )
    session.add(contact)
    session.flush()
    assert (contact.mobile_e164, contact.email) == ("+447700900321", "parent@example.org")


def test_a_bad_number_is_refused_before_it_is_stored(session: Session) -> None:
    with pytest.raises(InvalidPhoneNumber):
        Contact(name="X", relation=Relationship.PARENT, mobile_e164="not a number")


def test_preferred_channel_needs_an_address(session: Session) -> None:
    person = make_young_person(session, team=make_team(session))
    session.add(
        Contact(
            young_person_id=person.id,
            name="No Email",
            relation=Relationship.CARER,
            mobile_e164="07700 900111",
            preferred_channel=Channel.EMAIL,
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_the_young_person_holds_no_authority_over_themselves(session: Session) -> None:
    person = make_young_person(session, team=make_team(session))
    session.add(
        Contact(
            young_person_id=person.id,
            name="Self",
            relation=Relationship.SELF,
            mobile_e164="07700 900112",
            preferred_channel=Channel.SMS,
            legal_authority=LegalAuthority.DEPUTY,
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()

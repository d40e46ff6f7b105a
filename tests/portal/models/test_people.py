"""Contacts: phone numbers in E.164, and the rules a contact row must follow
(a check of an address belongs to that address); and the one way age is
counted."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Channel, Contact, LegalAuthority, Relationship
from portal.models.people import age_on
from portal.phone import InvalidPhoneNumber, for_display, to_e164
from portal.services.records.caseload import CaseloadRow
from tests.support.factories import make_contact, make_team, make_young_person


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


def test_changing_an_address_turns_its_check_off(session: Session) -> None:
    """A check belongs to the number or address that was checked."""
    person = make_young_person(session, team=make_team(session))
    contact = make_contact(
        session, young_person=person, mobile="07700 900321", email="parent@example.org"
    )
    session.commit()
    assert contact.phone_verified and contact.email_verified
    # The same number written another way is the same number.
    contact.mobile_e164 = "+44 7700 900321"
    contact.email = " Parent@Example.org "
    session.commit()
    assert contact.phone_verified and contact.email_verified

    contact.mobile_e164 = "07700 900322"
    session.commit()
    assert (contact.phone_verified, contact.email_verified) == (False, True)
    contact.email = "other.parent@example.org"
    session.commit()
    session.expire_all()
    assert (contact.phone_verified, contact.email_verified) == (False, False)


def test_a_contact_who_loses_their_email_address_loses_its_check(session: Session) -> None:
    person = make_young_person(session, team=make_team(session))
    contact = make_contact(session, young_person=person, email="parent@example.org")
    session.commit()
    contact.email = None
    session.commit()
    assert not contact.email_verified and contact.phone_verified


@pytest.mark.parametrize(
    ("mobile", "email", "flag"),
    [(None, "parent@example.org", "phone_verified"), ("07700 900111", None, "email_verified")],
)
def test_a_check_needs_the_address_it_is_about(
    session: Session, mobile: str | None, email: str | None, flag: str
) -> None:
    person = make_young_person(session, team=make_team(session))
    session.add(
        Contact(
            young_person_id=person.id,
            name="Test Parent",
            relation=Relationship.PARENT,
            mobile_e164=mobile,
            email=email,
            preferred_channel=Channel.SMS if mobile else Channel.EMAIL,
            **{flag: True},
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


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2010, 6, 15), date(2026, 6, 14), 15),
        (date(2010, 6, 15), date(2026, 6, 15), 16),
        (date(2010, 6, 15), date(2026, 12, 31), 16),
        # Born on 29 February: the birthday is 1 March in other years.
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_age_is_counted_in_whole_years(born: date, day: date, age: int) -> None:
    assert age_on(born, day) == age


def test_the_young_person_and_a_caseload_row_count_age_the_same_way(session: Session) -> None:
    person = make_young_person(session, team=make_team(session), date_of_birth=date(2008, 2, 29))
    row = CaseloadRow(
        young_person_id=person.id,
        preferred_name=person.preferred_name,
        legal_name=person.legal_name,
        date_of_birth=person.date_of_birth,
        risk_rating=None,
        keyworker_name=None,
        next_meeting_at=None,
        next_meeting_kind=None,
    )
    for day in (date(2026, 2, 28), date(2026, 3, 1)):
        assert person.age_on(day) == row.age_on(day) == age_on(person.date_of_birth, day)

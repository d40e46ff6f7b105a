"""Demo phone numbers can never reach anyone, and the demo contacts who may
sign in have checked addresses."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.contacts import demo_mobile
from portal.demo.people import KINSHIP_CARER_NAME
from portal.demo.seed import seed_demo_data
from portal.models import Contact
from portal.services.access.addresses import may_receive_link
from portal.services.access.family_rules import portal_access
from portal.timezones import london_today


def test_a_demo_mobile_is_in_the_drama_range() -> None:
    assert demo_mobile(0) == "07700 900000"
    assert demo_mobile(999) == "07700 900999"


@pytest.mark.parametrize("number", [-1, 1000])
def test_a_number_outside_the_drama_range_is_refused(number: int) -> None:
    with pytest.raises(ValueError, match="outside 07700 900000 to 900999"):
        demo_mobile(number)


def test_only_the_carer_of_two_shares_a_number(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    by_number: dict[str, set[str]] = {}
    for contact in session.scalars(select(Contact).where(Contact.mobile_e164.is_not(None))):
        by_number.setdefault(contact.mobile_e164 or "", set()).add(contact.name)
    shared = {number: names for number, names in by_number.items() if len(names) > 1}
    assert shared == {}
    carers = session.scalars(select(Contact).where(Contact.name == KINSHIP_CARER_NAME)).all()
    assert len(carers) == 2 and len({c.mobile_e164 for c in carers}) == 1
    assert {c.young_person.preferred_name for c in carers} == {"Amir", "Mo"}


def test_demo_contacts_who_may_sign_in_have_a_checked_address_but_one(session: Session) -> None:
    """Links go only to checked addresses, so each demo contact the access
    rules let in has theirs checked by the keyworker, except Niamh's sister,
    who shows staff the case of a number nobody has verified yet."""
    seed_demo_data(session, fast_hashing=True)
    today = london_today()
    allowed = [
        contact
        for contact in session.scalars(select(Contact).order_by(Contact.id))
        if portal_access(session, contact, today).allowed
    ]
    unchecked = [
        contact.name
        for contact in allowed
        if not may_receive_link(contact, contact.preferred_channel)
    ]
    assert unchecked == ["Robin Pretendale"]
    for contact in allowed:
        for check in contact.address_verifications:
            assert check.verified_by_id == contact.young_person.keyworker_id
            assert check.address in (contact.mobile_e164, contact.email)
    checked = [contact for contact in allowed if contact.name != "Robin Pretendale"]
    assert all(contact.address_verifications for contact in checked)


def test_each_dad_has_reasonable_adjustments_the_record_shows(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    dads = session.scalars(select(Contact).where(Contact.relationship_detail == "Dad")).all()
    assert dads and all(dad.reasonable_adjustments for dad in dads)

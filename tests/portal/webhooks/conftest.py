"""Fixtures for the webhook tests: a young person with a contact whose mobile is checked."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from portal.models import Contact
from tests.support.factories import make_contact, make_team, make_young_person

PHONE = "+447700900321"


@pytest.fixture
def contact(session: Session) -> Contact:
    person = make_young_person(
        session, team=make_team(session), preferred_name="Sam", date_of_birth=date(2015, 3, 1)
    )
    contact = make_contact(session, young_person=person, mobile=PHONE)
    session.commit()
    return contact

"""Fixtures for the messaging tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from portal.models import Contact
from tests.portal.services.messaging.outbox_data import make_message_contact


@pytest.fixture
def contact(session: Session) -> Contact:
    """A contact with a mobile number and an email address to write to."""
    return make_message_contact(session)

"""Fixtures for the webhook tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from portal.models import Contact
from tests.portal.webhooks.twilio_requests import PHONE, make_texting_contact

__all__ = ["PHONE"]


@pytest.fixture
def contact(session: Session) -> Contact:
    """A young person's parent whose mobile number staff have checked."""
    return make_texting_contact(session)

"""The demo families, for the tests of My choices' services."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.support.demo_copy import add_demo_data


@pytest.fixture
def demo(session: Session) -> Session:
    add_demo_data(session)
    return session

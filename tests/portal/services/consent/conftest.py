"""The demo families, for the tests of My choices' services."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from portal.demo.seed import seed_demo_data


@pytest.fixture
def demo(session: Session) -> Session:
    seed_demo_data(session, fast_hashing=True)
    return session

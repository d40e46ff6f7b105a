"""The demo team's staff accounts, with their authenticator apps set up, so
the sign-in details `seed-demo` prints work straight away."""

from __future__ import annotations

from datetime import datetime

import pyotp
from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser, Team
from portal.services.staff_accounts.passwords import hash_password

DEMO_TEAM = "Demo Keyworker Team (fictional)"
DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105 (fictional demo accounts)
# The first keyworker is the one `seed-demo` prints sign-in details for.
DEMO_STAFF = (
    ("Priya Keyworker-Demo", "priya.keyworker@example.org", StaffRole.KEYWORKER),
    ("Tom Keyworker-Demo", "tom.keyworker@example.org", StaffRole.KEYWORKER),
    ("Ngozi Keyworker-Demo", "ngozi.keyworker@example.org", StaffRole.KEYWORKER),
    ("Helen Manager-Demo", "helen.manager@example.org", StaffRole.MANAGER),
    ("Ade Admin-Demo", "ade.admin@example.org", StaffRole.ADMIN),
)


def add_demo_staff(session: Session, *, now: datetime, fast_hashing: bool) -> list[StaffUser]:
    """Create the demo team and every demo account, in the order of
    DEMO_STAFF. `fast_hashing` is for tests only."""
    team = Team(name=DEMO_TEAM)
    session.add(team)
    password_hash = hash_password(DEMO_PASSWORD, fast=fast_hashing)
    staff = [
        StaffUser(
            name=name,
            email=email,
            role=role,
            team=team,
            password_hash=password_hash,
            totp_secret=pyotp.random_base32(),
            totp_enrolled_at=now,
        )
        for name, email, role in DEMO_STAFF
    ]
    session.add_all(staff)
    session.flush()
    return staff

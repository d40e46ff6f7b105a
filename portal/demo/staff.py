"""The demo team's staff accounts, made the way `flask create-staff` makes them.

Each account is created by `create_staff_user` (so it is checked, hashed and
audited like a real one) and then has its authenticator app already set up,
so the sign-in details `seed-demo` prints work straight away.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser
from portal.services.records.audit import record_event
from portal.services.staff_accounts.accounts import create_staff_user
from portal.services.staff_accounts.sign_in import new_totp_secret

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
# The audit action the sign-in pages record when someone sets up their app.
TOTP_ENROLLED = "staff.totp.enrolled"


def add_demo_staff(session: Session, *, now: datetime, fast_hashing: bool) -> list[StaffUser]:
    """Create the demo team (with its first account) and every demo account,
    in the order of DEMO_STAFF. `fast_hashing` is for tests only."""
    staff = []
    for name, email, role in DEMO_STAFF:
        user = create_staff_user(
            session,
            name=name,
            email=email,
            role=role,
            team_name=DEMO_TEAM,
            password=DEMO_PASSWORD,
            fast_hashing=fast_hashing,
        )
        enrol_authenticator(session, user, now=now)
        staff.append(user)
    return staff


def enrol_authenticator(session: Session, user: StaffUser, *, now: datetime) -> None:
    """Give `user` an authenticator key as if they had set up their app.

    The sign-in pages' `confirm_totp_enrolment` needs a code from a real app
    and signs the user in, which would use up the code `seed-demo` prints. So
    the demo sets the key itself, and the audit trail says the system did it,
    about this user, as it says for the account itself."""
    user.totp_secret = new_totp_secret()
    user.totp_enrolled_at = now
    record_event(session, TOTP_ENROLLED, subject_staff_id=user.id)

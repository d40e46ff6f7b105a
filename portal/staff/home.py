"""Where each member of staff starts: their own home page by role."""

from __future__ import annotations

from flask import url_for

from portal.models import StaffRole, StaffUser


def staff_home_url(user: StaffUser | None) -> str:
    """Keyworkers and managers start at the caseload; administrators, who see
    no records, at the staff accounts; anyone else at sign-in."""
    if user is None:
        return url_for("staff.sign_in")
    if user.role is StaffRole.ADMIN:
        return url_for("staff.staff_accounts")
    return url_for("staff.caseload")

"""Creating, turning off and resetting staff accounts: a refusal is a code
naming the field at fault, and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, StaffRole, StaffUser
from portal.services.staff_accounts.accounts import (
    AccountProblem,
    StaffAccountError,
    create_staff_user,
    deactivate_staff_user,
    reset_sign_in,
)
from portal.services.staff_accounts.passwords import PasswordProblem
from tests.support.factories import make_staff_user

GOOD = {
    "name": "Jo Newstarter",
    "email": "Jo.Newstarter@example.org",
    "role": StaffRole.KEYWORKER,
    "team_name": "North Team",
    "password": "a good long first password",
}


def _create(session: Session, **changes: object) -> StaffUser:
    return create_staff_user(session, **{**GOOD, **changes}, fast_hashing=True)  # type: ignore[arg-type]


def test_an_account_is_created_and_audited(session: Session) -> None:
    user = _create(session)
    assert (user.email, user.team.name if user.team else None) == (
        "jo.newstarter@example.org",
        "North Team",
    )
    event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.detail["subject_staff_id"]) == ("staff.account.created", user.id)


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"name": "  "}, "name", AccountProblem.NAME_MISSING),
        ({"email": "not-an-email"}, "email", AccountProblem.EMAIL_NOT_VALID),
        ({"password": "short"}, "password", PasswordProblem.TOO_SHORT),
        ({"password": "password1234"}, "password", PasswordProblem.TOO_EASY_TO_GUESS),
    ],
)
def test_a_refusal_names_the_field_and_the_problem(
    session: Session, changes: dict[str, object], field: str, problem: object
) -> None:
    with pytest.raises(StaffAccountError) as raised:
        _create(session, **changes)
    assert (raised.value.field, raised.value.problem) == (field, problem)
    assert session.scalar(select(func.count()).select_from(StaffUser)) == 0
    assert session.scalars(select(AuditEvent)).all() == []


def test_an_email_already_used_is_refused(session: Session) -> None:
    _create(session)
    with pytest.raises(StaffAccountError) as raised:
        _create(session, email="JO.NEWSTARTER@EXAMPLE.ORG")
    assert (raised.value.field, raised.value.problem) == ("email", AccountProblem.EMAIL_TAKEN)


def test_nobody_turns_off_or_resets_their_own_account(session: Session) -> None:
    admin = make_staff_user(session, role=StaffRole.ADMIN)
    with pytest.raises(StaffAccountError) as turned_off:
        deactivate_staff_user(session, admin, by=admin)
    with pytest.raises(StaffAccountError) as reset:
        reset_sign_in(session, admin, new_password="a brand new first password", by=admin)
    assert turned_off.value.problem is AccountProblem.OWN_ACCOUNT_TURNED_OFF
    assert reset.value.problem is AccountProblem.OWN_SIGN_IN_RESET
    assert admin.is_active and admin.has_totp
    assert session.scalars(select(AuditEvent)).all() == []

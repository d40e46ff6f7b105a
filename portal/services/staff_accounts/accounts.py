"""Creating, listing and turning off staff accounts. Problems are codes
(`AccountProblem`, `PasswordProblem`); the admin pages and `flask create-staff`
word them."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser, Team, WebSession, utc_now
from portal.services.records.audit import record_event
from portal.services.staff_accounts.passwords import (
    PasswordProblem,
    hash_password,
    password_problems,
)
from portal.services.staff_accounts.sign_in import find_staff_user_by_email


class AccountProblem(enum.StrEnum):
    NAME_MISSING = "name_missing"
    EMAIL_NOT_VALID = "email_not_valid"
    EMAIL_TAKEN = "email_taken"
    OWN_ACCOUNT_TURNED_OFF = "own_account_turned_off"
    OWN_SIGN_IN_RESET = "own_sign_in_reset"


class StaffAccountError(ValueError):
    """The account cannot be changed as asked. `field` names the input at
    fault ("name", "email", "password", or "user" for the account itself)."""

    def __init__(self, field: str, problem: AccountProblem | PasswordProblem) -> None:
        super().__init__(problem.value)
        self.field = field
        self.problem = problem


def normalise_staff_email(email: str) -> str:
    try:
        # Deliverability needs DNS; staff emails are checked for form only.
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise StaffAccountError("email", AccountProblem.EMAIL_NOT_VALID) from None


def find_or_create_team(session: Session, name: str) -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        session.add(team)
    return team


def create_staff_user(
    session: Session,
    *,
    name: str,
    email: str,
    role: StaffRole,
    team_name: str | None,
    password: str,
    created_by: StaffUser | None = None,
    fast_hashing: bool = False,
    service_name: str = "",
) -> StaffUser:
    """Create an active account. The user sets up their authenticator app the
    first time they sign in. Raises StaffAccountError before changing anything.
    `service_name` (SERVICE_NAME) is refused in the password."""
    name = name.strip()
    if not name:
        raise StaffAccountError("name", AccountProblem.NAME_MISSING)
    email = normalise_staff_email(email)
    if find_staff_user_by_email(session, email) is not None:
        raise StaffAccountError("email", AccountProblem.EMAIL_TAKEN)
    problems = password_problems(password, email=email, service_name=service_name)
    if problems:
        raise StaffAccountError("password", problems[0])
    user = StaffUser(
        name=name,
        email=email,
        role=role,
        team=find_or_create_team(session, team_name.strip()) if team_name else None,
        password_hash=hash_password(password, fast=fast_hashing),
        is_active=True,
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        "staff.account.created",
        staff_user=created_by,
        subject_staff_id=user.id,
        role=role.value,
    )
    return user


def list_staff_users(session: Session) -> Sequence[StaffUser]:
    return session.scalars(
        select(StaffUser).order_by(StaffUser.is_active.desc(), StaffUser.name)
    ).all()


def end_staff_sessions(
    session: Session, user: StaffUser, *, except_id_hash: str | None = None
) -> int:
    """Delete every session of `user` (but the one `except_id_hash` names) in
    one statement, so they are signed out everywhere at once. Returns how many
    there were."""
    statement = delete(WebSession).where(WebSession.staff_user_id == user.id)
    if except_id_hash is not None:
        statement = statement.where(WebSession.id_hash != except_id_hash)
    result = session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def deactivate_staff_user(session: Session, user: StaffUser, *, by: StaffUser) -> int:
    """Turn the account off and end all its sessions at once. Returns how many
    sessions were ended. Raises StaffAccountError for one's own account."""
    if user.id == by.id:
        raise StaffAccountError("user", AccountProblem.OWN_ACCOUNT_TURNED_OFF)
    user.is_active = False
    user.deactivated_at = utc_now()
    sessions_ended = end_staff_sessions(session, user)
    record_event(
        session,
        "staff.account.deactivated",
        staff_user=by,
        subject_staff_id=user.id,
        sessions_ended=sessions_ended,
    )
    return sessions_ended


def reset_sign_in(
    session: Session,
    user: StaffUser,
    *,
    new_password: str,
    by: StaffUser,
    fast_hashing: bool = False,
    service_name: str = "",
) -> None:
    """For a forgotten password or a lost phone: a new first password, the
    authenticator set up again at the next sign-in, the account unlocked and
    turned on, and every session it had ended. Raises StaffAccountError before
    changing anything."""
    if user.id == by.id:
        raise StaffAccountError("password", AccountProblem.OWN_SIGN_IN_RESET)
    problems = password_problems(new_password, email=user.email, service_name=service_name)
    if problems:
        raise StaffAccountError("password", problems[0])
    user.password_hash = hash_password(new_password, fast=fast_hashing)
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    user.failed_sign_in_count = 0
    user.locked_until = None
    user.is_active = True
    user.deactivated_at = None
    end_staff_sessions(session, user)
    record_event(session, "staff.sign_in.reset", staff_user=by, subject_staff_id=user.id)

"""A member of staff changing their own password: the current one, then a
new one (twice) that passes `password_problems`.

A wrong current password counts towards the sign-in lockout, as a wrong
password at sign-in does: a stolen session must not become a way to guess
the password without limit. The attempt is counted in the database before the
password is checked, and the count's row stays locked until the request
commits, so at most `max_failures` wrong passwords are ever checked, however
many arrive at once. The failure that locks the account ends every session it
has, this one included. Nothing here commits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import StaffUser
from portal.services.records.audit import record_event
from portal.services.staff_accounts.accounts import end_staff_sessions
from portal.services.staff_accounts.passwords import (
    PasswordProblem,
    hash_password,
    password_problems,
    verify_password,
)
from portal.services.staff_accounts.sign_in import SignInPolicy, lock_account, take_a_try

# The form's fields, which the problems are about.
CURRENT = "current_password"
NEW = "new_password"
NEW_AGAIN = "new_password_again"


class ChangeProblem(enum.StrEnum):
    """Why the password was not changed, beside the new one's PasswordProblem."""

    WRONG_CURRENT_PASSWORD = "wrong_current_password"  # noqa: S105 (a code, not a password)
    ACCOUNT_LOCKED = "account_locked"
    NOT_THE_SAME_AGAIN = "not_the_same_again"
    SAME_AS_CURRENT = "same_as_current"


@dataclass(frozen=True)
class PasswordChange:
    """What happened. `problems` names a field and what is wrong with it; empty
    when the password was changed."""

    problems: dict[str, ChangeProblem | PasswordProblem] = field(default_factory=dict)
    other_sessions_ended: int = 0
    # This attempt locked the account, and every session it had is ended.
    locked_now: bool = False

    @property
    def changed(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class NewPassword:
    """What the person typed (never shown in a repr, so never in a log)."""

    current: str = field(repr=False)
    new: str = field(repr=False)
    new_again: str = field(repr=False)


def change_own_password(
    session: Session,
    user: StaffUser,
    passwords: NewPassword,
    policy: SignInPolicy,
    now: datetime,
    *,
    current_session_hash: str | None,
    service_name: str = "",
    ip_address: str | None = None,
) -> PasswordChange:
    """Change `user`'s password if the current one is right and the new one
    passes the rules, and end every other session of theirs (all but the one
    `current_session_hash` names; the caller gives that one a new id)."""
    # The same try as at sign-in: one conditional UPDATE that holds the row
    # until the request commits, so at most `max_failures` wrong ones are checked.
    failures = take_a_try(session, user, policy, now)
    if failures is None:
        record_event(
            session,
            "staff.password.change_refused",
            staff_user=user,
            ip_address=ip_address,
            reason="locked",
        )
        return PasswordChange({CURRENT: ChangeProblem.ACCOUNT_LOCKED})
    problems = _new_password_problems(user, passwords, service_name)
    if not verify_password(user.password_hash, passwords.current, fast=policy.fast_hashing):
        locked_now = _record_wrong_password(session, user, failures, policy, now, ip_address)
        return PasswordChange(
            {CURRENT: ChangeProblem.WRONG_CURRENT_PASSWORD, **problems}, locked_now=locked_now
        )
    user.failed_sign_in_count = 0
    fast = policy.fast_hashing
    if not problems and verify_password(user.password_hash, passwords.new, fast=fast):
        problems[NEW] = ChangeProblem.SAME_AS_CURRENT
    if problems:
        return PasswordChange(problems)
    user.password_hash = hash_password(passwords.new, fast=policy.fast_hashing)
    ended = end_staff_sessions(session, user, except_id_hash=current_session_hash)
    record_event(
        session,
        "staff.password.changed",
        staff_user=user,
        ip_address=ip_address,
        other_sessions_ended=ended,
    )
    return PasswordChange(other_sessions_ended=ended)


def _new_password_problems(
    user: StaffUser, passwords: NewPassword, service_name: str
) -> dict[str, ChangeProblem | PasswordProblem]:
    problems: dict[str, ChangeProblem | PasswordProblem] = {}
    found = password_problems(passwords.new, email=user.email, service_name=service_name)
    if found:
        problems[NEW] = found[0]
    if passwords.new_again != passwords.new:
        problems[NEW_AGAIN] = ChangeProblem.NOT_THE_SAME_AGAIN
    return problems


def _record_wrong_password(
    session: Session,
    user: StaffUser,
    failures: int,
    policy: SignInPolicy,
    now: datetime,
    ip_address: str | None,
) -> bool:
    """The attempt stays counted; the last one allowed locks the account, as
    at sign-in, and ends all its sessions. Returns whether it locked it."""
    if failures < policy.max_failures:
        record_event(
            session,
            "staff.password.change_failed",
            staff_user=user,
            ip_address=ip_address,
            failures=failures,
        )
        return False
    lock_account(session, user, policy, now)
    ended = end_staff_sessions(session, user)
    record_event(
        session,
        "staff.sign_in.locked",
        staff_user=user,
        ip_address=ip_address,
        failed_step="password_change",
        sessions_ended=ended,
    )
    return True

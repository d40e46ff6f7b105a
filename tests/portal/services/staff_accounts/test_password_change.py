"""Changing one's own password: the rules, the lockout it shares with sign-in,
the other sessions it ends, and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, StaffUser, WebSession, utc_now
from portal.services.staff_accounts.password_change import (
    CURRENT,
    NEW,
    NEW_AGAIN,
    ChangeProblem,
    NewPassword,
    PasswordChange,
    change_own_password,
)
from portal.services.staff_accounts.passwords import PasswordProblem, verify_password
from portal.services.staff_accounts.sign_in import SignInPolicy
from portal.sessions import hash_session_id
from tests.support.factories import PASSWORD, make_staff_user
from tests.support.staff_sessions import start_staff_session

POLICY = SignInPolicy(max_failures=5, lockout=timedelta(minutes=15), fast_hashing=True)
NEW_PASSWORD = "kettle orbit lantern meadow"
SERVICE_NAME = "Bluebell Valley Keyworkers"


def _user(session: Session) -> StaffUser:
    user = make_staff_user(session, email="sam.okafor@example.org")
    session.commit()
    return user


def _change(
    session: Session,
    user: StaffUser,
    current: str = PASSWORD,
    new: str = NEW_PASSWORD,
    again: str | None = None,
    *,
    current_session_hash: str | None = None,
) -> PasswordChange:
    result = change_own_password(
        session,
        user,
        NewPassword(current=current, new=new, new_again=new if again is None else again),
        POLICY,
        utc_now(),
        current_session_hash=current_session_hash,
        service_name=SERVICE_NAME,
        ip_address="192.0.2.10",
    )
    session.commit()
    return result


def _actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    ("current", "new", "again", "problems"),
    [
        (PASSWORD, "short", "short", {NEW: PasswordProblem.TOO_SHORT}),
        (PASSWORD, "Sunshine2024!", "Sunshine2024!", {NEW: PasswordProblem.TOO_EASY_TO_GUESS}),
        (PASSWORD, "sam.okafor rules", "sam.okafor rules", {NEW: PasswordProblem.CONTAINS_EMAIL}),
        (
            PASSWORD,
            "Bluebell Valley 2024",
            "Bluebell Valley 2024",
            {NEW: PasswordProblem.NAMES_THE_SERVICE},
        ),
        (
            PASSWORD,
            NEW_PASSWORD,
            "kettle orbit lantern",
            {NEW_AGAIN: ChangeProblem.NOT_THE_SAME_AGAIN},
        ),
        (PASSWORD, PASSWORD, PASSWORD, {NEW: ChangeProblem.SAME_AS_CURRENT}),
        (
            "not my password",
            NEW_PASSWORD,
            NEW_PASSWORD,
            {CURRENT: ChangeProblem.WRONG_CURRENT_PASSWORD},
        ),
        (
            "not my password",
            "short",
            "shorter",
            {
                CURRENT: ChangeProblem.WRONG_CURRENT_PASSWORD,
                NEW: PasswordProblem.TOO_SHORT,
                NEW_AGAIN: ChangeProblem.NOT_THE_SAME_AGAIN,
            },
        ),
    ],
)
def test_the_password_stays_as_it_was_when_anything_is_wrong(
    session: Session, current: str, new: str, again: str, problems: dict[str, object]
) -> None:
    user = _user(session)
    before = user.password_hash
    result = _change(session, user, current, new, again)
    assert result.problems == problems
    assert not result.changed
    session.expire_all()
    assert session.get(StaffUser, user.id).password_hash == before  # type: ignore[union-attr]
    assert "staff.password.changed" not in _actions(session)


def test_a_change_sets_a_new_hash_ends_the_other_sessions_and_is_audited(
    session: Session,
) -> None:
    user = _user(session)
    this_one = hash_session_id(start_staff_session(session, user))
    for _ in range(2):
        start_staff_session(session, user)
    someone_else = make_staff_user(session)
    start_staff_session(session, someone_else)
    result = _change(session, user, current_session_hash=this_one)
    assert result.changed and result.other_sessions_ended == 2
    session.expire_all()
    stored = session.get(StaffUser, user.id)
    assert stored is not None
    assert verify_password(stored.password_hash, NEW_PASSWORD, fast=True)
    assert not verify_password(stored.password_hash, PASSWORD, fast=True)
    left = session.execute(select(WebSession.staff_user_id, WebSession.id_hash)).all()
    assert sorted(staff_user_id for staff_user_id, _ in left) == [user.id, someone_else.id]
    assert (user.id, this_one) in left
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "staff.password.changed")
    ).one()
    assert event.actor_staff_id == user.id and event.ip_address == "192.0.2.10"
    assert event.detail == {"other_sessions_ended": 2}
    assert NEW_PASSWORD not in str(event.detail) and PASSWORD not in str(event.detail)


def test_a_wrong_current_password_counts_towards_the_sign_in_lockout(session: Session) -> None:
    user = _user(session)
    for _ in range(4):
        assert not _change(session, user, current="not my password").locked_now
    assert _actions(session) == ["staff.password.change_failed"] * 4
    assert session.get(StaffUser, user.id).failed_sign_in_count == 4  # type: ignore[union-attr]
    start_staff_session(session, user)
    result = _change(session, user, current="not my password")
    assert result.locked_now
    session.expire_all()
    stored = session.get(StaffUser, user.id)
    assert stored is not None and stored.locked_until is not None
    assert stored.locked_until > utc_now() + timedelta(minutes=14)
    assert (
        session.scalars(select(WebSession).where(WebSession.staff_user_id == user.id)).all() == []
    )
    locked = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "staff.sign_in.locked")
    ).one()
    assert locked.detail == {"failed_step": "password_change", "sessions_ended": 1}


def test_while_locked_not_even_the_right_password_is_checked(session: Session) -> None:
    user = _user(session)
    user.locked_until = utc_now() + timedelta(minutes=10)
    session.commit()
    result = _change(session, user)
    assert result.problems == {CURRENT: ChangeProblem.ACCOUNT_LOCKED}
    session.expire_all()
    stored = session.get(StaffUser, user.id)
    assert stored is not None and verify_password(stored.password_hash, PASSWORD, fast=True)
    assert stored.failed_sign_in_count == 0
    assert _actions(session) == ["staff.password.change_refused"]


def test_the_right_current_password_clears_earlier_failures(session: Session) -> None:
    user = _user(session)
    for _ in range(3):
        _change(session, user, current="not my password")
    _change(session, user, new="short", again="short")
    assert session.get(StaffUser, user.id).failed_sign_in_count == 0  # type: ignore[union-attr]

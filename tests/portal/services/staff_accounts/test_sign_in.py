"""The sign-in rules, without a browser."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pyotp
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ActorRole, AuditEvent, StaffUser, utc_now
from portal.services.staff_accounts.sign_in import (
    SignInPolicy,
    check_code_step,
    check_password_step,
    confirm_totp_enrolment,
    is_locked,
    new_totp_secret,
)
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import PASSWORD, make_staff_user

POLICY = SignInPolicy(max_failures=5, lockout=timedelta(minutes=15), fast_hashing=True)


def test_failures_at_the_same_moment_are_all_counted(app: Flask) -> None:
    with app.app_context():
        user_id = make_staff_user(db.session).id
        db.session.commit()
        email = db.session.get(StaffUser, user_id).email
        factory = db.session.get_bind()
    # Two requests read the account before either writes its failure.
    first, second = Session(factory), Session(factory)
    try:
        first.get(StaffUser, user_id)
        second.get(StaffUser, user_id)
        # Each request commits when it answers (the test is the edge here).
        assert check_password_step(first, email, "wrong", POLICY, utc_now()) is None
        first.commit()
        assert check_password_step(second, email, "wrong", POLICY, utc_now()) is None
        second.commit()
    finally:
        first.close()
        second.close()
    with app.app_context():
        assert db.session.get(StaffUser, user_id).failed_sign_in_count == 2


def test_failures_are_audited_as_anonymous_with_the_account_and_address(
    session: Session,
) -> None:
    user = make_staff_user(session)
    session.commit()
    check_password_step(session, user.email, "wrong", POLICY, utc_now(), "192.0.2.7")
    check_password_step(session, "nobody@example.org", "wrong", POLICY, utc_now(), "192.0.2.8")
    check_password_step(session, user.email, PASSWORD, POLICY, utc_now(), "192.0.2.7")
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_role, e.actor_staff_id, e.ip_address) for e in events] == [
        ("staff.sign_in.failed", ActorRole.ANONYMOUS, None, "192.0.2.7"),
        ("staff.sign_in.failed", ActorRole.ANONYMOUS, None, "192.0.2.8"),
    ]
    assert events[0].detail["subject_staff_id"] == user.id
    assert events[1].detail["known_account"] is False


def test_a_locked_account_is_refused_even_with_the_right_password(session: Session) -> None:
    user = make_staff_user(session)
    session.commit()
    for _ in range(5):
        check_password_step(session, user.email, "wrong", POLICY, utc_now())
    assert check_password_step(session, user.email, PASSWORD, POLICY, utc_now()) is None
    later = utc_now() + timedelta(minutes=16)
    assert check_password_step(session, user.email, PASSWORD, POLICY, later) is not None


# Requests at the same moment


def _actions(session: Session) -> Counter[str]:
    session.expire_all()
    return Counter(session.scalars(select(AuditEvent.action)))


def _code_now(user: StaffUser, now: datetime) -> str:
    assert user.totp_secret is not None
    return pyotp.TOTP(user.totp_secret).at(now)


def test_one_code_sent_from_20_sign_ins_at_once_signs_in_once(session: Session) -> None:
    user = make_staff_user(session)
    session.commit()
    now = utc_now()
    code = _code_now(user, now)

    def send_code(own: Session, _index: int) -> bool:
        pending = own.get(StaffUser, user.id)
        assert pending is not None
        return check_code_step(own, pending, code, POLICY, now)

    accepted = at_once_in_transactions(session.get_bind(), send_code)

    assert accepted.count(True) == 1
    actions = _actions(session)
    assert actions["staff.signed_in"] == 1
    # The other 19 are the same code again: the first 5 are judged (and lock
    # the account), the rest are not judged at all.
    assert (actions["staff.sign_in.failed"], actions["staff.sign_in.locked"]) == (4, 1)
    stored = session.get(StaffUser, user.id)
    assert stored is not None and stored.totp_last_step == int(now.timestamp()) // 30


def test_20_wrong_passwords_and_the_right_one_at_once_judge_only_5_wrong(
    session: Session,
) -> None:
    user = make_staff_user(session)
    session.commit()
    now = utc_now()
    right = 10  # sent among the wrong ones

    def send_password(own: Session, index: int) -> bool:
        password = PASSWORD if index == right else f"wrong password {index}"
        return check_password_step(own, user.email, password, POLICY, now) is not None

    passed = at_once_in_transactions(session.get_bind(), send_password, count=21)

    actions = _actions(session)
    assert (actions["staff.sign_in.failed"], actions["staff.sign_in.locked"]) == (4, 1)
    # Each request was judged, or refused without being judged: never both.
    assert actions["staff.sign_in.refused"] == 21 - 5 - passed.count(True)
    assert [index for index, ok in enumerate(passed) if ok] in ([], [right])
    stored = session.get(StaffUser, user.id)
    assert stored is not None and is_locked(stored, now)
    # Even a right password that was judged before the lock stops at the code.
    assert not check_code_step(session, stored, _code_now(stored, now), POLICY, now)
    assert actions["staff.signed_in"] == 0


def test_20_wrong_codes_at_once_judge_only_5(session: Session) -> None:
    user = make_staff_user(session)
    session.commit()
    now = utc_now()

    def send_code(own: Session, index: int) -> bool:
        pending = own.get(StaffUser, user.id)
        assert pending is not None
        return check_code_step(own, pending, f"{index:06d}", POLICY, now)

    assert not any(at_once_in_transactions(session.get_bind(), send_code))
    actions = _actions(session)
    assert (actions["staff.sign_in.failed"], actions["staff.sign_in.locked"]) == (4, 1)
    stored = session.get(StaffUser, user.id)
    assert stored is not None and is_locked(stored, now)


def test_20_enrolments_at_once_save_one_secret(session: Session) -> None:
    user = make_staff_user(session, with_totp=False)
    session.commit()
    now = utc_now()
    secrets = [new_totp_secret() for _ in range(20)]

    def enrol(own: Session, index: int) -> bool:
        pending = own.get(StaffUser, user.id)
        assert pending is not None
        code = pyotp.TOTP(secrets[index]).at(now)
        return confirm_totp_enrolment(own, pending, secrets[index], code, POLICY, now)

    enrolled = at_once_in_transactions(session.get_bind(), enrol)

    assert enrolled.count(True) == 1
    session.expire_all()
    stored = session.get(StaffUser, user.id)
    assert stored is not None and stored.totp_secret == secrets[enrolled.index(True)]
    actions = _actions(session)
    assert (actions["staff.totp.enrolled"], actions["staff.signed_in"]) == (1, 1)


# One request after another


def test_a_right_password_after_4_wrong_ones_still_gets_in(session: Session) -> None:
    user = make_staff_user(session)
    session.commit()
    for _ in range(4):
        assert check_password_step(session, user.email, "wrong", POLICY, utc_now()) is None
    assert check_password_step(session, user.email, PASSWORD, POLICY, utc_now()) is not None
    # A right password does not use up a try; the code that follows resets them.
    session.refresh(user)
    assert user.failed_sign_in_count == 4
    assert check_code_step(session, user, _code_now(user, utc_now()), POLICY, utc_now())
    session.commit()
    session.refresh(user)
    assert user.failed_sign_in_count == 0 and user.locked_until is None


def test_tries_used_up_under_a_higher_limit_lock_the_account(session: Session) -> None:
    # The limit was lowered from 10 to 5 while someone had 7 failures.
    user = make_staff_user(session)
    user.failed_sign_in_count = 7
    session.commit()
    now = utc_now()
    assert check_password_step(session, user.email, PASSWORD, POLICY, now) is None
    session.refresh(user)
    assert is_locked(user, now) and user.failed_sign_in_count == 0
    later = now + timedelta(minutes=16)
    assert check_password_step(session, user.email, PASSWORD, POLICY, later) is not None


def test_a_turned_off_account_is_refused_and_nothing_is_counted(session: Session) -> None:
    user = make_staff_user(session, is_active=False)
    session.commit()
    assert check_password_step(session, user.email, PASSWORD, POLICY, utc_now()) is None
    assert check_password_step(session, user.email, "wrong", POLICY, utc_now()) is None
    session.refresh(user)
    assert user.failed_sign_in_count == 0
    refused = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.detail["reason"]) for e in refused] == [
        ("staff.sign_in.refused", "turned_off")
    ] * 2


def test_a_lock_committed_by_another_request_wins_over_a_right_code(session: Session) -> None:
    user = make_staff_user(session)
    session.commit()
    now = utc_now()
    assert not is_locked(user, now)  # as this request read it
    with Session(session.get_bind()) as other:
        locked = other.get(StaffUser, user.id)
        assert locked is not None
        locked.locked_until = now + timedelta(minutes=15)
        other.commit()
    assert not check_code_step(session, user, _code_now(user, now), POLICY, now)
    assert _actions(session)["staff.signed_in"] == 0
    assert user.totp_last_step is None

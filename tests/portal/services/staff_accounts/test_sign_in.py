"""The sign-in rules, without a browser."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ActorRole, AuditEvent, StaffUser, utc_now
from portal.services.staff_accounts.sign_in import SignInPolicy, check_password_step
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

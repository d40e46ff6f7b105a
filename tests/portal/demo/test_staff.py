"""The demo accounts are made like any other, and are ready to sign in."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.staff import DEMO_PASSWORD, DEMO_STAFF, DEMO_TEAM, TOTP_ENROLLED, add_demo_staff
from portal.models import ActorRole, AuditEvent, StaffUser, utc_now
from portal.services.staff_accounts.passwords import needs_rehash, verify_password


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_every_demo_account_is_created_and_audited_like_a_real_one(session: Session) -> None:
    now = utc_now()
    staff = add_demo_staff(session, now=now, fast_hashing=True)
    assert [(u.name, u.email, u.role) for u in staff] == list(DEMO_STAFF)
    assert {u.team.name for u in staff if u.team} == {DEMO_TEAM}
    assert all(u.team for u in staff) and len({u.team_id for u in staff}) == 1
    for user in staff:
        assert user.is_active
        assert verify_password(user.password_hash, DEMO_PASSWORD, fast=True)
    created = _events(session, "staff.account.created")
    assert [e.detail["subject_staff_id"] for e in created] == [u.id for u in staff]
    assert all(e.actor_role is ActorRole.SYSTEM for e in created)


def test_every_demo_account_has_its_authenticator_set_up_and_unused(session: Session) -> None:
    now = utc_now()
    staff = add_demo_staff(session, now=now, fast_hashing=True)
    secrets = [u.totp_secret for u in staff]
    assert all(secrets) and len(set(secrets)) == len(staff)
    for user in staff:
        assert user.has_totp and user.totp_enrolled_at == now
        # No code used yet, so the one `seed-demo` prints still works.
        assert user.totp_last_step is None
    enrolled = _events(session, TOTP_ENROLLED)
    assert [e.detail["subject_staff_id"] for e in enrolled] == [u.id for u in staff]
    # The system set the key, not the person: the audit trail says so.
    assert all(e.actor_role is ActorRole.SYSTEM and e.actor_staff_id is None for e in enrolled)


def test_demo_passwords_get_the_full_hashing_cost_unless_asked_for_speed(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make demo` hashes like production; only the tests ask for speed."""
    monkeypatch.setattr("portal.demo.staff.DEMO_STAFF", DEMO_STAFF[:1])  # one slow hash is enough
    staff = add_demo_staff(session, now=utc_now(), fast_hashing=False)
    assert len(staff) == 1
    user = session.scalars(select(StaffUser).where(StaffUser.id == staff[0].id)).one()
    assert verify_password(user.password_hash, DEMO_PASSWORD)
    assert not needs_rehash(user.password_hash)
    assert needs_rehash(user.password_hash, fast=True)


def test_each_demo_account_has_a_password_hash_and_salt_of_its_own(session: Session) -> None:
    """They share a published password: a hash (or a salt) shared too would
    let one guess, or one precomputed table, open every account at once."""
    staff = add_demo_staff(session, now=utc_now(), fast_hashing=True)
    hashes = [user.password_hash for user in staff]
    # $argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>
    salts = [password_hash.split("$")[4] for password_hash in hashes]
    assert len(set(hashes)) == len(staff)
    assert len(set(salts)) == len(staff)

"""Rotating the key the staff authenticator keys are encrypted with."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import AuditEvent, StaffUser
from portal.secrets_at_rest import KeyRing, current_key_ring, new_key
from portal.services.staff_accounts.totp_keys import TotpKeysUnreadable, rotate_totp_keys
from portal.unit_of_work import unit_of_work
from tests.support.factories import make_staff_user

KEY_A, KEY_B = new_key(), new_key()


def _stored(app: Flask) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(
            text("SELECT id, totp_secret FROM staff_users WHERE totp_secret IS NOT NULL")
        )
        return {row[0]: row[1] for row in rows}


def _secrets(app: Flask) -> dict[int, str | None]:
    with app.app_context():
        return {user.id: user.totp_secret for user in db.session.scalars(select(StaffUser))}


def _rotate(app: Flask) -> tuple[int, int]:
    with app.app_context(), unit_of_work(db.session):
        rotation = rotate_totp_keys(db.session, current_key_ring())
        return rotation.encrypted_again, rotation.already_newest


def test_after_rotation_the_old_key_can_be_removed(app: Flask) -> None:
    app.config["TOTP_ENCRYPTION_KEYS"] = (KEY_A,)
    with app.app_context():
        for with_totp in (True, True, False):
            make_staff_user(db.session, with_totp=with_totp)
        db.session.commit()
    secrets = _secrets(app)
    assert all(KeyRing([KEY_A]).decrypt(token) for token in _stored(app).values())

    app.config["TOTP_ENCRYPTION_KEYS"] = (KEY_B, KEY_A)  # a new key first; the old one still reads
    assert _secrets(app) == secrets
    assert _rotate(app) == (2, 0)

    app.config["TOTP_ENCRYPTION_KEYS"] = (KEY_B,)  # the old key removed
    assert _secrets(app) == secrets
    assert all(KeyRing([KEY_B]).decrypt(token) for token in _stored(app).values())
    assert _rotate(app) == (0, 2)  # nothing left to do
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "staff.totp.keys_rotated")
            .order_by(AuditEvent.id)
        ).all()
        assert [event.detail for event in events] == [
            {"encrypted_again": 2, "already_newest": 0},
            {"encrypted_again": 0, "already_newest": 2},
        ]


def test_rotation_changes_nothing_when_a_key_is_missing(app: Flask) -> None:
    app.config["TOTP_ENCRYPTION_KEYS"] = (KEY_A,)
    with app.app_context():
        first = make_staff_user(db.session).id
        db.session.commit()
    app.config["TOTP_ENCRYPTION_KEYS"] = (KEY_B,)
    with app.app_context():
        second = make_staff_user(db.session).id
        db.session.commit()
    before = _stored(app)

    # KEY_A was removed before its secrets were encrypted again.
    with pytest.raises(TotpKeysUnreadable) as refused:
        _rotate(app)
    assert refused.value.staff_ids == [first]
    assert _stored(app) == before
    app.config["TOTP_ENCRYPTION_KEYS"] = (KEY_B, KEY_A)
    assert _rotate(app) == (1, 1)
    assert set(_stored(app)) == {first, second}

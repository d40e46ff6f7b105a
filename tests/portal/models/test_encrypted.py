"""Staff authenticator keys read as they are in Python, and are only ciphertext
in the database."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import StaffUser
from portal.secrets_at_rest import KeyRing, SecretUnreadable, new_key
from tests.support.factories import make_staff_user


def _stored(session: Session, user_id: int) -> str | None:
    return session.execute(
        text("SELECT totp_secret FROM staff_users WHERE id = :id"), {"id": user_id}
    ).scalar_one()


def test_the_database_holds_only_ciphertext_of_a_totp_key(app: Flask, session: Session) -> None:
    user = make_staff_user(session)
    secret = user.totp_secret
    assert secret is not None
    session.commit()
    stored = _stored(session, user.id)
    assert stored is not None and secret not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert KeyRing(app.config["TOTP_ENCRYPTION_KEYS"]).decrypt(stored) == secret
    session.expire_all()
    assert session.get(StaffUser, user.id).totp_secret == secret


def test_no_totp_key_stays_null(session: Session) -> None:
    user = make_staff_user(session, with_totp=False)
    session.commit()
    assert _stored(session, user.id) is None
    session.expire_all()
    assert session.get(StaffUser, user.id).totp_secret is None


def test_a_session_of_its_own_outside_the_app_context_reads_it_too(app: Flask) -> None:
    """Tests of requests at the same moment use sessions of their own in threads."""
    with app.app_context():
        user = make_staff_user(db.session)
        user_id, secret = user.id, user.totp_secret
        db.session.commit()
        engine = db.engine
    with Session(engine) as own:
        assert own.get(StaffUser, user_id).totp_secret == secret


def test_a_key_that_no_key_in_the_ring_reads_fails_loudly(app: Flask, session: Session) -> None:
    user = make_staff_user(session)
    session.commit()
    session.expire_all()
    app.config["TOTP_ENCRYPTION_KEYS"] = (new_key(),)
    with pytest.raises(SecretUnreadable):
        session.get(StaffUser, user.id)

"""Signed-in staff sessions for tests, made directly in the database (how staff
sign in is tested with the sign-in pages, in tests/portal/staff/test_auth.py)."""

from __future__ import annotations

import secrets

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import StaffUser, WebSession, utc_now
from portal.sessions import hash_session_id


def start_staff_session(session: Session, user: StaffUser) -> str:
    """A signed-in session for `user`, as sign-in leaves it; returns the cookie value."""
    session_id = secrets.token_urlsafe(32)
    now = utc_now()
    session.add(
        WebSession(
            id_hash=hash_session_id(session_id),
            staff_user_id=user.id,
            data={},
            created_at=now,
            signed_in_at=now,
            last_seen_at=now,
        )
    )
    session.commit()
    return session_id


def sign_in_staff(app: Flask, client: FlaskClient, user: StaffUser) -> str:
    """Give `client` a signed-in session for `user`; returns the cookie value."""
    with app.app_context():
        cookie = start_staff_session(db.session, user)
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return cookie


def staff_session_hashes(app: Flask, staff_user_id: int) -> set[str]:
    """The stored hashes of every session `staff_user_id` has."""
    with app.app_context():
        return set(
            db.session.scalars(
                select(WebSession.id_hash).where(WebSession.staff_user_id == staff_user_id)
            )
        )

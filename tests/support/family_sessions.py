"""Signed-in family sessions for tests, made directly in the database (how a
family member signs in is tested with the sign-in pages)."""

from __future__ import annotations

import secrets

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Contact, WebSession, utc_now
from portal.sessions import hash_session_id


def start_family_session(session: Session, contact: Contact) -> str:
    """A signed-in session for `contact`, as sign-in leaves it; returns the cookie value."""
    session_id = secrets.token_urlsafe(32)
    now = utc_now()
    session.add(
        WebSession(
            id_hash=hash_session_id(session_id),
            contact_id=contact.id,
            data={},
            created_at=now,
            signed_in_at=now,
            last_seen_at=now,
        )
    )
    session.commit()
    return session_id


def sign_in_family(app: Flask, client: FlaskClient, contact: Contact) -> str:
    """Give `client` a signed-in session for `contact`; returns the cookie value."""
    with app.app_context():
        cookie = start_family_session(db.session, contact)
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return cookie


def contact_sessions(session: Session, contact_id: int) -> int:
    """How many sessions `contact_id` has, signed in or timed out."""
    return int(
        session.scalar(
            select(func.count()).select_from(WebSession).where(WebSession.contact_id == contact_id)
        )
        or 0
    )


def sessions_of(app: Flask, contact_id: int) -> int:
    with app.app_context():
        return contact_sessions(db.session, contact_id)

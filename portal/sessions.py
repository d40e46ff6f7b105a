"""Server-side sessions.

The cookie carries only a random session id. The database keeps a SHA-256 hash
of it, who is signed in, a little data (such as the CSRF token) and when it was
last used. Ending a session deletes its row, so a copied cookie stops working
at once: after signing out, after a timeout, or when an account is turned off.

Staff and family sessions have timeouts of their own (STAFF_* and FAMILY_* in
the config); a session with nobody signed in has ANONYMOUS_SESSION_LIFETIME.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, request
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete, inspect, or_, update
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import CallbackDict

from portal.extensions import db
from portal.models import WebSession, utc_now


def hash_session_id(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def signed_in_timeouts(config: Mapping[str, Any], *, family: bool) -> tuple[timedelta, timedelta]:
    """(idle, absolute) for a signed-in family session, or for a staff one."""
    if family:
        return config["FAMILY_IDLE_TIMEOUT"], config["FAMILY_ABSOLUTE_TIMEOUT"]
    return config["STAFF_IDLE_TIMEOUT"], config["STAFF_ABSOLUTE_TIMEOUT"]


class ServerSession(CallbackDict[str, Any], SessionMixin):
    """The session of one request. Who is signed in is kept apart from the data
    so the database can end all of a person's sessions with one statement."""

    def __init__(
        self,
        record: WebSession | None = None,
        session_id: str | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        def on_update(_self: Any) -> None:
            self.modified = True

        super().__init__(dict(record.data) if record else {}, on_update)
        self.record = record
        self.session_id = session_id
        self.staff_user_id: int | None = record.staff_user_id if record else None
        self.contact_id: int | None = record.contact_id if record else None
        self.signed_in_at: datetime | None = record.signed_in_at if record else None
        self.modified = False
        self.ended = False
        # Set by `new_id`: the same sign-in goes on under a new id.
        self.id_renewed = False
        # Set when the cookie named a session that has timed out.
        self.timed_out = False
        # Static files neither read nor write sessions.
        self.read_only = read_only
        # Set by `touch_in_request_transaction`: None until then, then
        # whether the row was still there to touch.
        self.touched: bool | None = None

    @property
    def new(self) -> bool:  # type: ignore[override]
        return self.record is None

    @property
    def id_hash(self) -> str | None:
        """The stored hash of this session's id (None until it is saved)."""
        return self.record.id_hash if self.record is not None else None

    def sign_in(self, *, staff_user_id: int | None = None, contact_id: int | None = None) -> None:
        """Start a signed-in session under a new id (no session fixation)."""
        self.ended = True  # the old id dies
        self.clear()
        self.staff_user_id = staff_user_id
        self.contact_id = contact_id
        self.signed_in_at = utc_now()
        self.modified = True

    def new_id(self) -> None:
        """Keep who is signed in, since when, and the data, under a new id:
        a cookie copied before (a password change, say) stops working."""
        self.id_renewed = True
        self.modified = True

    def end(self) -> None:
        """Sign out: forget everything and delete the record."""
        self.ended = True
        self.clear()
        self.staff_user_id = None
        self.contact_id = None
        self.signed_in_at = None
        self.modified = True


def _is_static_file(app: Flask, request: Request) -> bool:
    # Flask opens the session before it matches the URL, so request.endpoint
    # is not known yet: go by the path.
    prefix = (app.static_url_path or "").rstrip("/") + "/"
    return request.endpoint == "static" or (prefix != "/" and request.path.startswith(prefix))


class DatabaseSessionInterface(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> ServerSession:
        if _is_static_file(app, request):
            return ServerSession(read_only=True)
        session_id = request.cookies.get(self.get_cookie_name(app))
        if not session_id or len(session_id) > 100:
            return ServerSession()
        record = db.session.get(WebSession, hash_session_id(session_id))
        if record is None:
            return ServerSession()
        if self.has_expired(app, record, utc_now()):
            db.session.delete(record)
            db.session.commit()
            fresh = ServerSession()
            fresh.timed_out = record.signed_in_at is not None
            return fresh
        return ServerSession(record, session_id)

    @staticmethod
    def has_expired(app: Flask, record: WebSession, now: datetime) -> bool:
        if record.signed_in_at is None:
            idle: timedelta = app.config["ANONYMOUS_SESSION_LIFETIME"]
            return record.last_seen_at + idle <= now
        idle, absolute = signed_in_timeouts(app.config, family=record.contact_id is not None)
        return record.last_seen_at + idle <= now or record.signed_in_at + absolute <= now

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        if session.read_only:
            return
        if response.status_code >= 500 and not session.ended:
            # The request's unit of work rolled back (portal.unit_of_work):
            # keep the session as it was, so it cannot say that something
            # happened which the database does not hold.
            return
        name = self.get_cookie_name(app)
        if session.touched is not None:
            if session.touched:
                self._set_cookie(app, session, response)
            else:
                # Ended by another request while this one ran: it stays ended.
                self._delete_cookie(app, response)
            return
        if (session.ended or session.id_renewed) and session.record is not None:
            # The row may be gone already: ending all of a person's sessions
            # deletes them in one statement, this one included.
            if inspect(session.record).persistent:
                db.session.delete(session.record)
            session.record = None
        signed_in = session.staff_user_id is not None or session.contact_id is not None
        if not signed_in and not session:
            db.session.commit()
            if name in request.cookies or session.ended:
                self._delete_cookie(app, response)
            return
        now = utc_now()
        if session.record is None:
            session.session_id = secrets.token_urlsafe(32)
            session.record = WebSession(id_hash=hash_session_id(session.session_id), created_at=now)
            session.record.data = dict(session)
            db.session.add(session.record)
        elif session.modified:
            # Only when this request changed it: a request that did not (such as
            # a page's favicon, loading at the same time) must not write back
            # the data it read, undoing the other's change (a new CSRF token).
            session.record.data = dict(session)
        record = session.record
        record.staff_user_id = session.staff_user_id
        record.contact_id = session.contact_id
        record.signed_in_at = session.signed_in_at
        record.last_seen_at = now
        try:
            db.session.commit()
        except StaleDataError:
            # Another request ended this session while this one ran (signing
            # out on all devices, staff switching access off): it stays ended.
            db.session.rollback()
            self._delete_cookie(app, response)
            return
        self._set_cookie(app, session, response)

    def _set_cookie(self, app: Flask, session: ServerSession, response: Response) -> None:
        response.vary.add("Cookie")
        response.set_cookie(
            self.get_cookie_name(app),
            session.session_id or "",
            httponly=True,
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            path=self.get_cookie_path(app),
        )

    def _delete_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(
            self.get_cookie_name(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
        )


def touch_in_request_transaction(session: SessionMixin) -> None:
    """Note that a signed-in session that this request did not otherwise
    change was used now, in the request's own transaction, so a page costs
    one commit, not two. Any other change (signing in or out, new data, a
    new id) is saved by `save_session` as before."""
    if not isinstance(session, ServerSession) or session.read_only or session.record is None:
        return
    if session.modified or session.ended or session.id_renewed:
        return
    if session.staff_user_id is None and session.contact_id is None and not session:
        return
    result = db.session.execute(
        update(WebSession)
        .where(WebSession.id_hash == session.record.id_hash)
        .values(last_seen_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    session.touched = bool(result.rowcount)  # type: ignore[attr-defined]


def delete_expired_sessions(app: Flask, now: datetime | None = None) -> int:
    now = now or utc_now()
    idle_anonymous = now - app.config["ANONYMOUS_SESSION_LIFETIME"]
    staff_idle, staff_absolute = signed_in_timeouts(app.config, family=False)
    family_idle, family_absolute = signed_in_timeouts(app.config, family=True)
    signed_in = WebSession.signed_in_at.is_not(None)
    result = db.session.execute(
        delete(WebSession).where(
            or_(
                (WebSession.signed_in_at.is_(None)) & (WebSession.last_seen_at <= idle_anonymous),
                signed_in
                & WebSession.contact_id.is_(None)
                & (
                    (WebSession.last_seen_at <= now - staff_idle)
                    | (WebSession.signed_in_at <= now - staff_absolute)
                ),
                signed_in
                & WebSession.contact_id.is_not(None)
                & (
                    (WebSession.last_seen_at <= now - family_idle)
                    | (WebSession.signed_in_at <= now - family_absolute)
                ),
            )
        )
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

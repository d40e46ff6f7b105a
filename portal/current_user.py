"""Who is signed in to this request, loaded once before the view runs.

A family member's access is checked again on every request, so a contact who
loses access (switched off, consent withdrawn, a birthday that changes who
decides) loses it at once, in every session. So does a contact whose sign-in
is locked.
"""

from __future__ import annotations

from flask import current_app, g, session

from portal.extensions import db
from portal.models import Contact, StaffUser
from portal.services.access.family_rules import portal_access
from portal.services.access.family_sessions import (
    end_sessions_after_access_lost,
    end_sessions_of_locked_contact,
)
from portal.sessions import ServerSession
from portal.timezones import london_today


def load_signed_in_user() -> None:
    g.staff_user = None
    g.family_contact = None
    if not isinstance(session, ServerSession) or session.read_only:
        return
    if session.staff_user_id is not None:
        user = db.session.get(StaffUser, session.staff_user_id)
        if user is None or not user.is_active:
            session.end()
            return
        g.staff_user = user
    elif session.contact_id is not None:
        contact = db.session.get(Contact, session.contact_id)
        if contact is None:
            session.end()
            return
        if contact.sign_in_locked_at is not None:
            # A locked contact has no sessions: this one was saved after the
            # lock, by a request that passed the check just before it.
            end_sessions_of_locked_contact(db.session, contact)
            session.end()
            return
        decision = portal_access(
            db.session,
            contact,
            london_today(),
            minimum_own_access_age=current_app.config["OWN_PORTAL_ACCESS_MINIMUM_AGE"],
        )
        if not decision.allowed:
            end_sessions_after_access_lost(db.session, contact, decision.reason)
            session.end()
            return
        g.family_contact = contact

"""Who is signed in to this request, loaded once before the view runs."""

from __future__ import annotations

from flask import g, session

from portal.extensions import db
from portal.models import Contact, StaffUser
from portal.sessions import ServerSession


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
        if contact is None or not contact.portal_access_enabled:
            session.end()
            return
        g.family_contact = contact

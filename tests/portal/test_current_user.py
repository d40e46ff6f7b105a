"""Who is signed in: a family member's access is checked again on every
request, and a contact who loses it loses it at once, in every session."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import ActorRole, AuditEvent, Contact, Relationship, utc_now
from portal.services.access.family_rules import AccessDecision
from tests.client import PortalClient
from tests.support.factories import make_contact, make_team, make_young_person
from tests.support.family_sessions import sessions_of, sign_in_family, start_family_session


@pytest.fixture
def contact(app: Flask) -> Contact:
    with app.app_context():
        person = make_young_person(
            db.session, team=make_team(db.session), date_of_birth=date(2009, 3, 1)
        )
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        return contact


def _switch_off(app: Flask, contact: Contact) -> None:
    with app.app_context():
        db.session.get(Contact, contact.id).portal_access_enabled = False  # type: ignore[union-attr]
        db.session.commit()


def test_access_switched_off_ends_every_session_at_the_next_request(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    sign_in_family(app, client, contact)
    with app.app_context():
        start_family_session(db.session, contact)  # the same person on another phone
    assert client.get("/who-has-looked").status_code == 200

    _switch_off(app, contact)
    response = client.get("/who-has-looked")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert sessions_of(app, contact.id) == 0
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None
    with app.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "family.session.ended")
        ).all()
    assert event.actor_role is ActorRole.SYSTEM
    assert event.young_person_id == contact.young_person_id
    assert event.detail == {
        "contact_id": contact.id,
        "reason": "access_lost",
        "access_reason": "access_switched_off",
        "sessions_ended": 2,
    }


def test_a_session_of_a_locked_contact_ends_at_its_next_request(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    """The lock ends the contact's sessions when it is set; a session saved
    just after that (by a request that passed the check before the lock)
    must not work either."""
    with app.app_context():
        db.session.get(Contact, contact.id).sign_in_locked_at = utc_now()  # type: ignore[union-attr]
        db.session.commit()
    sign_in_family(app, client, contact)
    with app.app_context():
        start_family_session(db.session, contact)  # another one, on another phone

    response = client.get("/who-has-looked")

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert sessions_of(app, contact.id) == 0
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "family.session.ended")
        ).one()
    assert event.actor_role is ActorRole.SYSTEM
    assert event.detail == {
        "contact_id": contact.id,
        "reason": "sign_in_locked",
        "sessions_ended": 2,
    }


def test_access_is_checked_on_public_pages_too(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    sign_in_family(app, client, contact)
    _switch_off(app, contact)
    html = client.get("/").get_data(as_text=True)
    assert 'action="/sign-out"' not in html
    assert sessions_of(app, contact.id) == 0


def test_every_request_asks_the_access_rules(
    app: Flask, client: PortalClient, contact: Contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the rules decide (age, consent, a best-interests decision), a
    refusal ends the session: the check is not only the access switch."""
    sign_in_family(app, client, contact)
    assert client.get("/who-has-looked").status_code == 200
    monkeypatch.setattr(
        "portal.current_user.portal_access",
        lambda *_args, **_kwargs: AccessDecision(False, "agreement_withdrawn"),
    )
    assert client.get("/who-has-looked").status_code == 302
    assert sessions_of(app, contact.id) == 0
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "family.session.ended")
        ).one()
    assert event.detail["access_reason"] == "agreement_withdrawn"

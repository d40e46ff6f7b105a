"""Ending family sessions: all of one contact's, and no one else's; staff may
only act on young people they can see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    ActorRole,
    AuditEvent,
    Contact,
    Relationship,
    StaffRole,
    StaffUser,
    WebSession,
)
from portal.services.access.family_sessions import (
    end_all_sessions,
    end_contact_sessions,
    end_sessions_after_access_lost,
    sign_out_everywhere,
    switch_off_portal_access,
)
from portal.services.access.staff import NotVisible
from portal.sessions import hash_session_id
from tests.client import PortalClient
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import sign_in_family, start_family_session


@dataclass
class Family:
    keyworker: StaffUser
    contact: Contact
    other_contact: Contact  # another family member of the same young person
    cookies: list[str]
    other_cookie: str


@pytest.fixture
def family(session: Session) -> Family:
    team = make_team(session)
    keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
    person = make_young_person(
        session, team=team, keyworker=keyworker, date_of_birth=date(2009, 3, 1)
    )
    contact = make_contact(session, young_person=person, relation=Relationship.SELF)
    other = make_contact(session, young_person=person, relation=Relationship.PARENT)
    session.commit()
    return Family(
        keyworker=keyworker,
        contact=contact,
        other_contact=other,
        cookies=[start_family_session(session, contact) for _ in range(2)],
        other_cookie=start_family_session(session, other),
    )


def _sessions_of(session: Session, contact: Contact) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(WebSession).where(WebSession.contact_id == contact.id)
        )
        or 0
    )


def _event(session: Session, action: str) -> AuditEvent:
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).one()


def test_end_contact_sessions_ends_only_that_contacts_sessions(
    session: Session, family: Family
) -> None:
    assert end_contact_sessions(session, family.contact) == 2
    session.commit()
    assert _sessions_of(session, family.contact) == 0
    assert _sessions_of(session, family.other_contact) == 1


def test_end_contact_sessions_can_keep_one(session: Session, family: Family) -> None:
    keep = hash_session_id(family.cookies[0])
    assert end_contact_sessions(session, family.contact, except_id_hash=keep) == 1
    session.commit()
    assert session.get(WebSession, keep) is not None
    assert session.get(WebSession, hash_session_id(family.cookies[1])) is None


def test_sign_out_everywhere_keeps_the_current_session_for_the_caller_to_end(
    session: Session, family: Family
) -> None:
    current = hash_session_id(family.cookies[0])
    ended = sign_out_everywhere(
        session, family.contact, current_id_hash=current, ip_address="192.0.2.1"
    )
    assert ended == 1
    event = _event(session, "family.signed_out_everywhere")
    assert event.actor_role is ActorRole.FAMILY
    assert event.actor_contact_id == family.contact.id
    assert event.ip_address == "192.0.2.1"


def test_the_keyworker_can_end_all_of_a_contacts_sessions(session: Session, family: Family) -> None:
    assert end_all_sessions(session, family.contact, by=family.keyworker) == 2
    assert _sessions_of(session, family.contact) == 0
    assert _sessions_of(session, family.other_contact) == 1
    assert family.contact.portal_access_enabled is True  # they can open a new link
    event = _event(session, "family.session.ended")
    assert event.actor_staff_id == family.keyworker.id
    assert event.young_person_id == family.contact.young_person_id
    assert event.detail == {
        "contact_id": family.contact.id,
        "reason": "ended_by_staff",
        "sessions_ended": 2,
    }


def test_the_keyworker_can_switch_a_contacts_access_off(session: Session, family: Family) -> None:
    assert switch_off_portal_access(session, family.contact, by=family.keyworker) == 2
    session.expire_all()
    assert session.get(Contact, family.contact.id).portal_access_enabled is False  # type: ignore[union-attr]
    assert _sessions_of(session, family.contact) == 0
    assert _sessions_of(session, family.other_contact) == 1
    event = _event(session, "family.access.switched_off")
    assert event.actor_staff_id == family.keyworker.id
    assert event.detail == {"contact_id": family.contact.id, "sessions_ended": 2}


def test_a_manager_of_the_team_may_act_too(session: Session, family: Family) -> None:
    manager = make_staff_user(session, role=StaffRole.MANAGER, team=family.keyworker.team)
    assert end_all_sessions(session, family.contact, by=manager) == 2


@pytest.mark.parametrize("role", [StaffRole.KEYWORKER, StaffRole.MANAGER, StaffRole.ADMIN])
def test_staff_who_cannot_see_the_record_may_not_act(
    session: Session, family: Family, role: StaffRole
) -> None:
    outsider = make_staff_user(session, role=role, team=make_team(session))
    with pytest.raises(NotVisible):
        end_all_sessions(session, family.contact, by=outsider)
    with pytest.raises(NotVisible):
        switch_off_portal_access(session, family.contact, by=outsider)
    session.rollback()
    assert _sessions_of(session, family.contact) == 2
    assert session.get(Contact, family.contact.id).portal_access_enabled is True  # type: ignore[union-attr]
    assert session.scalars(select(AuditEvent)).all() == []


def test_a_turned_off_staff_account_may_not_act(session: Session, family: Family) -> None:
    family.keyworker.is_active = False
    with pytest.raises(NotVisible):
        switch_off_portal_access(session, family.contact, by=family.keyworker)


def test_access_lost_ends_every_session_and_is_audited(session: Session, family: Family) -> None:
    assert end_sessions_after_access_lost(session, family.contact, "access_switched_off") == 2
    event = _event(session, "family.session.ended")
    assert event.actor_role is ActorRole.SYSTEM
    assert event.detail["reason"] == "access_lost"


def test_after_access_is_switched_off_an_old_cookie_opens_nothing(
    app: Flask, client: PortalClient, session: Session, family: Family
) -> None:
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], family.cookies[0])
    assert client.get("/who-has-looked").status_code == 200
    switch_off_portal_access(session, family.contact, by=family.keyworker)
    session.commit()  # the test is the edge: a request would commit here
    response = client.get("/who-has-looked")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    # Switching on again is not enough to use an old cookie: a new sign-in is needed.
    family.contact.portal_access_enabled = True
    session.commit()
    assert client.get("/who-has-looked").status_code == 302
    sign_in_family(app, client, family.contact)
    assert client.get("/who-has-looked").status_code == 200

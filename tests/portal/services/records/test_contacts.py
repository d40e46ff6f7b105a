"""Adding, editing and removing contacts: each field's rule, the optimistic
version check, a changed address losing its verified flag, switching
access off and removal ending sessions at once, and the audit of what
changed (field names, never what was typed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.i18n import translator_for
from portal.models import (
    AccessLink,
    AuditEvent,
    Channel,
    Contact,
    LegalAuthority,
    LinkPurpose,
    Relationship,
    StaffRole,
    StaffUser,
)
from portal.services.access.family_rules import may_change_consent, portal_access
from portal.services.access.links import issue_link
from portal.services.access.staff import NotVisible
from portal.services.records.contacts import (
    CONTACT_ADDED,
    CONTACT_CHANGED,
    CONTACT_CONFLICT,
    CONTACT_REMOVED,
    ContactConflict,
    ContactFields,
    ContactProblem,
    ContactRefused,
    add_contact,
    contact_fields_of,
    remove_contact,
    save_contact,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import contact_sessions, start_family_session
from tests.support.sign_in_helpers import link_settings

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 2)

MUM = ContactFields(
    name="Dana Testwell",
    relation=Relationship.PARENT,
    relationship_detail="Mum",
    has_parental_responsibility=True,
    legal_authority=LegalAuthority.NONE,
    authority_health_and_welfare=False,
    authority_property_and_finance=False,
    mobile="07700 900321",
    email="Dana@Example.org",
    preferred_channel=Channel.SMS,
    preferred_language="en",
    portal_access_enabled=True,
    reasonable_adjustments="Phone after 4pm.",
)


def _contact(session: Session) -> tuple[Contact, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(
        session, team=team, keyworker=keyworker, date_of_birth=date(2013, 1, 15)
    )
    contact = make_contact(session, young_person=person, email="parent@example.org")
    session.commit()
    return contact, keyworker


def _issue(session: Session, contact: Contact) -> int:
    issued = issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        Channel.SMS,
        NOW,
        link_settings(),
        translator_for=translator_for,
    )
    return issued.link.id


def _save(
    session: Session, contact: Contact, by: StaffUser, wanted: ContactFields, version: int = 1
) -> list[str]:
    return save_contact(session, contact, wanted, expected_version=version, now=NOW, by=by)


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_adding_a_contact_stores_e164_and_lower_case_and_audits_field_names(
    session: Session,
) -> None:
    contact, keyworker = _contact(session)
    added = add_contact(session, contact.young_person, MUM, now=NOW, by=keyworker)
    assert added.mobile_e164 == "+447700900321" and added.email == "dana@example.org"
    assert not added.phone_verified and not added.email_verified and added.version == 1
    (event,) = _events(session, CONTACT_ADDED)
    assert event.detail["contact_id"] == added.id
    assert "mobile" in event.detail["fields"]
    assert "900321" not in str(event.detail) and "Dana" not in str(event.detail)


BAD: list[tuple[dict[str, object], str, ContactProblem]] = [
    ({"name": "  "}, "name", ContactProblem.NAME_MISSING),
    ({"name": "n" * 201}, "name", ContactProblem.NAME_TOO_LONG),
    ({"relationship_detail": "d" * 101}, "relationship_detail", ContactProblem.DETAIL_TOO_LONG),
    (
        {"relation": Relationship.SELF, "has_parental_responsibility": True},
        "relation",
        ContactProblem.SELF_HOLDS_NO_AUTHORITY,
    ),
    (
        {"relation": Relationship.SELF, "legal_authority": LegalAuthority.DEPUTY},
        "relation",
        ContactProblem.SELF_HOLDS_NO_AUTHORITY,
    ),
    (
        {"legal_authority": LegalAuthority.LASTING_POWER_OF_ATTORNEY},
        "authority_scope",
        ContactProblem.SCOPE_MISSING,
    ),
    ({"mobile": "0123"}, "mobile", ContactProblem.MOBILE_NOT_VALID),
    ({"mobile": "020 7946 0000"}, "mobile", ContactProblem.MOBILE_NOT_VALID),
    ({"email": "dana.example.org"}, "email", ContactProblem.EMAIL_NOT_VALID),
    ({"mobile": ""}, "preferred_channel", ContactProblem.CHANNEL_NEEDS_MOBILE),
    (
        {"email": None, "preferred_channel": Channel.EMAIL},
        "preferred_channel",
        ContactProblem.CHANNEL_NEEDS_EMAIL,
    ),
    ({"preferred_language": "English"}, "preferred_language", ContactProblem.LANGUAGE_NOT_VALID),
    (
        {"reasonable_adjustments": "a" * 1001},
        "reasonable_adjustments",
        ContactProblem.ADJUSTMENTS_TOO_LONG,
    ),
]


@pytest.mark.parametrize(("changes", "field", "problem"), BAD)
def test_each_rule_refuses_adding_and_editing(
    session: Session, changes: dict[str, object], field: str, problem: ContactProblem
) -> None:
    contact, keyworker = _contact(session)
    wanted = replace(MUM, **changes)  # type: ignore[arg-type]
    with pytest.raises(ContactRefused) as refused:
        add_contact(session, contact.young_person, wanted, now=NOW, by=keyworker)
    assert refused.value.problems[field] is problem
    with pytest.raises(ContactRefused):
        _save(session, contact, keyworker, wanted)
    session.refresh(contact)
    assert contact.version == 1 and len(contact.young_person.contacts) == 1


def test_the_edges_are_allowed(session: Session) -> None:
    contact, keyworker = _contact(session)
    wanted = replace(
        MUM,
        name="n" * 200,
        relationship_detail="d" * 100,
        reasonable_adjustments="a" * 1000,
        mobile="+33 6 12 34 56 78",
        legal_authority=LegalAuthority.DEPUTY,
        authority_property_and_finance=True,
        preferred_language="pt-BR",
    )
    added = add_contact(session, contact.young_person, wanted, now=NOW, by=keyworker)
    assert added.mobile_e164 == "+33612345678"
    assert added.authority_property_and_finance and not added.authority_health_and_welfare


def test_a_scope_without_an_authority_is_not_kept(session: Session) -> None:
    contact, keyworker = _contact(session)
    wanted = replace(MUM, authority_health_and_welfare=True)
    added = add_contact(session, contact.young_person, wanted, now=NOW, by=keyworker)
    assert not added.authority_health_and_welfare


def test_a_changed_address_loses_its_verified_flag_and_old_links_stop(session: Session) -> None:
    contact, keyworker = _contact(session)
    assert contact.phone_verified and contact.email_verified
    link_id = _issue(session, contact)
    wanted = replace(contact_fields_of(contact), mobile="07700 900999")
    assert _save(session, contact, keyworker, wanted) == ["mobile"]
    assert not contact.phone_verified and contact.email_verified and contact.version == 2
    link = session.get(AccessLink, link_id)
    assert link is not None and link.cancelled_at is not None
    (event,) = _events(session, CONTACT_CHANGED)
    assert event.detail["fields"] == ["mobile"]
    assert event.detail["verified_flags_cleared"] == ["phone_verified"]
    assert "900999" not in str(event.detail)


def test_the_same_number_written_another_way_keeps_its_flag(session: Session) -> None:
    contact, keyworker = _contact(session)
    written = contact.mobile_e164.replace("+44", "0") if contact.mobile_e164 else ""
    assert (
        _save(session, contact, keyworker, replace(contact_fields_of(contact), mobile=written))
        == []
    )
    assert contact.phone_verified and contact.version == 1


def test_switching_access_off_ends_their_sessions_at_once(session: Session) -> None:
    contact, keyworker = _contact(session)
    start_family_session(session, contact)
    start_family_session(session, contact)
    assert contact_sessions(session, contact.id) == 2
    wanted = replace(contact_fields_of(contact), portal_access_enabled=False)
    assert _save(session, contact, keyworker, wanted) == ["portal_access_enabled"]
    assert contact_sessions(session, contact.id) == 0
    assert _events(session, CONTACT_CHANGED)[0].detail["sessions_ended"] == 2


def test_a_save_from_an_older_form_is_refused_with_the_saved_version(session: Session) -> None:
    contact, keyworker = _contact(session)
    first = replace(contact_fields_of(contact), relationship_detail="Dad")
    _save(session, contact, keyworker, first)
    with pytest.raises(ContactConflict) as conflict:
        _save(session, contact, keyworker, replace(first, relationship_detail="Father"), version=1)
    assert conflict.value.version == 2 and conflict.value.saved.relationship_detail == "Dad"
    session.refresh(contact)
    assert contact.relationship_detail == "Dad"
    (event,) = _events(session, CONTACT_CONFLICT)
    assert event.detail["expected_version"] == 1 and event.detail["saved_version"] == 2


def test_removal_keeps_the_row_and_ends_sessions_links_and_access(session: Session) -> None:
    contact, keyworker = _contact(session)
    start_family_session(session, contact)
    link_id = _issue(session, contact)
    assert portal_access(session, contact, TODAY).allowed
    assert remove_contact(session, contact, now=NOW, by=keyworker)
    assert contact.removed_at is not None and contact.removed_by_id == keyworker.id
    assert not contact.portal_access_enabled and contact_sessions(session, contact.id) == 0
    link = session.get(AccessLink, link_id)
    assert link is not None and link.cancelled_at is not None
    assert portal_access(session, contact, TODAY).reason == "contact_removed"
    assert may_change_consent(
        session, contact, "contact_by_message", TODAY, through_portal=False
    ).reason == ("contact_removed")
    (event,) = _events(session, CONTACT_REMOVED)
    assert event.detail["sessions_ended"] == 1
    # Removing twice changes nothing; editing a removed contact is refused.
    assert not remove_contact(session, contact, now=NOW, by=keyworker)
    with pytest.raises(ContactConflict) as conflict:
        _save(session, contact, keyworker, MUM, version=contact.version)
    assert conflict.value.removed


def test_the_access_rule_refuses_a_removed_contact_even_if_switched_on(session: Session) -> None:
    contact, _keyworker = _contact(session)
    contact.removed_at = NOW  # as a row could be read before the switch is saved
    assert portal_access(session, contact, TODAY).reason == "contact_removed"


def test_staff_who_may_not_see_the_record_change_nothing(session: Session) -> None:
    contact, _keyworker = _contact(session)
    other = make_staff_user(session, team=make_team(session), role=StaffRole.KEYWORKER)
    with pytest.raises(NotVisible):
        add_contact(session, contact.young_person, MUM, now=NOW, by=other)
    with pytest.raises(NotVisible):
        _save(session, contact, other, MUM)
    with pytest.raises(NotVisible):
        remove_contact(session, contact, now=NOW, by=other)
    session.refresh(contact)
    assert contact.version == 1 and contact.removed_at is None


def test_twenty_saves_at_once_from_the_same_version_save_exactly_one(
    app: Flask, session: Session
) -> None:
    contact, keyworker = _contact(session)
    contact_id, keyworker_id = contact.id, keyworker.id
    session.close()

    def save(own: Session, index: int) -> bool:
        mine, by = own.get(Contact, contact_id), own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        wanted = replace(contact_fields_of(mine), relationship_detail=f"detail {index}")
        try:
            _save(own, mine, by, wanted, version=1)
        except ContactConflict:
            return False
        return True

    results = at_once_in_transactions(db.engine, save)

    assert results.count(True) == 1
    session.expire_all()
    saved = session.get(Contact, contact_id)
    assert saved is not None and saved.version == 2
    assert saved.relationship_detail == f"detail {results.index(True)}"
    assert len(_events(session, CONTACT_CONFLICT)) == AT_ONCE - 1

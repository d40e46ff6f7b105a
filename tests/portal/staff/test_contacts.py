"""The contact pages of the record: the keyworker or a manager of the team
adds, edits and removes a contact; problems show in the error summary with
what was typed kept; a save from an older form is refused with both
versions shown; removal ends the contact's sessions and access at once;
staff who may not see the record, administrators and family members
change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Contact, StaffRole
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sessions_of, sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def _new(family: Family) -> str:
    return _record(family) + "/contacts/new"


def _edit(family: Family) -> str:
    return _record(family) + f"/contacts/{family.contact.id}"


def _remove(family: Family) -> str:
    return _edit(family) + "/remove"


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "1",
        "name": "Dana Testwell",
        "relation": "parent",
        "relationship_detail": "Mum",
        "has_parental_responsibility": "y",
        "legal_authority": "none",
        "mobile": "07700 900321",
        "email": "dana@example.org",
        "preferred_channel": "sms",
        "preferred_language": "en",
        "portal_access_enabled": "y",
        "reasonable_adjustments": "Phone after 4pm.",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def _contact(app: Flask, contact_id: int) -> Contact:
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert contact is not None
        return contact


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action)))


@pytest.mark.parametrize("who", ["keyworker", "manager"])
def test_staff_of_the_case_add_a_contact(app: Flask, client: PortalClient, who: str) -> None:
    family = make_family(app)
    client.sign_in(getattr(family, who), PASSWORD)
    assert _new(family) in client.get(_record(family)).get_data(as_text=True)
    page = client.get(_new(family)).get_data(as_text=True)
    assert "Add a contact for Robin" in page and "Communication needs" in page
    done = client.post_form(_new(family), _form())
    assert done.status_code == 303
    assert done.headers["Location"] == _record(family) + "#contacts"
    with app.app_context():
        added = db.session.scalars(select(Contact).where(Contact.name == "Dana Testwell")).one()
        assert added.mobile_e164 == "+447700900321" and added.has_parental_responsibility
        assert added.reasonable_adjustments == "Phone after 4pm."
    assert "contact.added" in _actions(app)
    record = client.get(_record(family)).get_data(as_text=True)
    assert "Dana Testwell is added" in record and "Adjustments: Phone after 4pm." in record


def test_the_record_shows_what_an_authority_covers(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    wanted = _form(
        has_parental_responsibility=None, legal_authority="deputy", scope="property_and_finance"
    )
    assert client.post_form(_new(family), wanted).status_code == 303
    record = client.get(_record(family)).get_data(as_text=True)
    assert "Deputy (property and finance)" in record


PROBLEMS = [
    ({"name": ""}, "name", "Enter their name"),
    ({"mobile": "12345"}, "mobile", "Enter a mobile number, like 07700 900123"),
    ({"email": "dana.example.org"}, "email", "Enter an email address in the correct format"),
    ({"mobile": "", "email": ""}, "preferred_channel", "Enter a mobile number, or choose email"),
    ({"legal_authority": "deputy"}, "scope", "Select what the lasting power of attorney"),
    ({"relation": "self"}, "relation", "The young person cannot hold parental responsibility"),
    ({"preferred_language": "Polish"}, "preferred_language", "Enter a language code"),
]


@pytest.mark.parametrize(("changes", "field", "words"), PROBLEMS)
def test_problems_show_in_the_summary_and_keep_what_was_typed(
    app: Flask, client: PortalClient, changes: dict[str, Any], field: str, words: str
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    typed = _form(reasonable_adjustments="Needs a BSL interpreter.", **changes)
    for path in (_new(family), _edit(family)):
        response = client.post_form(path, typed)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "There is a problem" in page and words in page
        assert f'href="#{field}' in page
        assert "Needs a BSL interpreter." in page
    assert _contact(app, family.contact.id).version == 1
    assert "contact.added" not in _actions(app) and "contact.changed" not in _actions(app)


def test_editing_shows_the_saved_details_and_a_new_number_loses_its_check(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app, email="parent@example.org")
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_edit(family)).get_data(as_text=True)
    assert "Edit the details of" in page and 'value="07700 900' in page
    assert 'value="parent@example.org"' in page
    done = client.post_form(_edit(family), _form(email="parent@example.org"))
    assert done.status_code == 303
    contact = _contact(app, family.contact.id)
    assert contact.mobile_e164 == "+447700900321" and contact.version == 2
    assert not contact.phone_verified and contact.email_verified
    record = client.get(_record(family)).get_data(as_text=True)
    assert "The mobile number changed, so it is not verified now" in record
    assert "email address changed" not in record


def test_a_save_from_an_older_form_is_refused_with_both_versions_shown(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post_form(_edit(family), _form(relationship_detail="Dad")).status_code == 303
    response = client.post_form(_edit(family), _form(relationship_detail="Father"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else saved this contact" in page and "The saved version and yours" in page
    assert "Dad" in page and "Father" in page and 'name="version" type="hidden" value="2"' in page
    assert _contact(app, family.contact.id).relationship_detail == "Dad"
    assert "contact.save_refused" in _actions(app)
    # Saving again, knowing the other version, replaces it.
    again = client.post_form(_edit(family), _form(version="2", relationship_detail="Father"))
    assert again.status_code == 303
    assert _contact(app, family.contact.id).relationship_detail == "Father"


def test_removing_ends_sessions_and_access_and_keeps_the_contact_for_history(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    phone = app.test_client()
    sign_in_family(app, phone, family.contact)
    assert phone.get("/home").status_code == 200
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_remove(family)).get_data(as_text=True)
    assert "They will not be able to use the portal" in page
    done = client.post_form(_remove(family))
    assert done.status_code == 303
    assert sessions_of(app, family.contact.id) == 0
    assert phone.get("/home").status_code == 302
    contact = _contact(app, family.contact.id)
    assert contact.removed_at is not None and not contact.portal_access_enabled
    record = client.get(_record(family)).get_data(as_text=True)
    assert "Removed contacts (1)" in record and _edit(family) + '"' not in record
    assert client.get(_edit(family)).status_code == 404
    assert client.get(_remove(family)).status_code == 404
    assert "contact.removed" in _actions(app)


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager"])
def test_staff_who_may_not_see_the_record_get_404(
    app: Flask, client: PortalClient, who: str
) -> None:
    family = make_family(app)
    with app.app_context():
        role = StaffRole.KEYWORKER if who == "other keyworker" else StaffRole.MANAGER
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    for path in (_new(family), _edit(family), _remove(family)):
        assert client.get(path).status_code == 404
        assert client.post_form(path, _form(), token_page="/staff/").status_code == 404
    contact = _contact(app, family.contact.id)
    assert contact.version == 1 and contact.removed_at is None
    assert "access.refused" in _actions(app)


def test_a_contact_of_another_young_person_is_404(app: Flask, client: PortalClient) -> None:
    family, other = make_family(app), make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    path = _record(family) + f"/contacts/{other.contact.id}"
    assert client.get(path).status_code == 404
    assert client.post_form(path + "/remove", token_page="/staff/").status_code == 404
    assert _contact(app, other.contact.id).removed_at is None


def test_an_administrator_gets_403(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    for path in (_new(family), _edit(family), _remove(family)):
        assert client.get(path).status_code == 403
        response = client.post_form(path, _form(), token_page="/staff/admin/staff")
        assert response.status_code == 403
    assert _contact(app, family.contact.id).removed_at is None


def test_a_family_member_gets_403(app: Flask) -> None:
    family = make_family(app)
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    for path in (_new(family), _edit(family), _remove(family)):
        assert client.get(path).status_code == 403
        assert client.post(path, data={**_form(), "csrf_token": token}).status_code == 403
    assert _contact(app, family.contact.id).removed_at is None


def test_changes_need_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post(_edit(family), data=_form()).status_code == 400
    assert client.post(_remove(family), data={}).status_code in (200, 400)
    contact = _contact(app, family.contact.id)
    assert contact.version == 1 and contact.removed_at is None

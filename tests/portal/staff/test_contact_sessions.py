"""Staff sign a contact out everywhere, or switch their access off, from the record."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Contact, StaffRole
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sessions_of, sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _path(family: Family, action: str) -> str:
    return f"/staff/young-people/{family.young_person_id}/contacts/{family.contact.id}/{action}"


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def test_staff_sign_a_contact_out_on_every_device(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    phone, laptop = app.test_client(), app.test_client()
    sign_in_family(app, phone, family.contact)
    sign_in_family(app, laptop, family.contact)
    assert sessions_of(app, family.contact.id) == 2
    client.sign_in(family.keyworker, PASSWORD)
    assert _path(family, "end-sessions") in client.get(_record(family)).get_data(as_text=True)
    response = client.post_form(_path(family, "end-sessions"), token_page=_record(family))
    assert response.status_code == 303
    assert sessions_of(app, family.contact.id) == 0
    assert phone.get("/home").status_code == 302
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        assert contact.portal_access_enabled  # they can still open a new link
        assert "family.session.ended" in db.session.scalars(select(AuditEvent.action)).all()


def test_staff_switch_access_off_and_the_contact_is_signed_out(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    phone = app.test_client()
    sign_in_family(app, phone, family.contact)
    client.sign_in(family.keyworker, PASSWORD)
    response = client.post_form(_path(family, "switch-off"), token_page=_record(family))
    assert response.status_code == 303
    assert phone.get("/home").status_code == 302
    with app.app_context():
        assert not db.session.get(Contact, family.contact.id).portal_access_enabled
        assert "family.access.switched_off" in db.session.scalars(select(AuditEvent.action)).all()


def test_staff_who_may_not_see_the_record_cannot_act(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    sign_in_family(app, app.test_client(), family.contact)
    with app.app_context():
        stranger = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(stranger, PASSWORD)
    token = client.csrf_token("/staff/")
    for action in ("end-sessions", "switch-off"):
        response = client.post(_path(family, action), data={"csrf_token": token})
        assert response.status_code == 404
    assert sessions_of(app, family.contact.id) == 1


def test_an_administrator_cannot_act_on_a_contact(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    token = client.csrf_token("/staff/admin/staff")
    assert client.post(_path(family, "switch-off"), data={"csrf_token": token}).status_code == 403


def test_without_a_csrf_token_nothing_changes(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post(_path(family, "switch-off")).status_code == 400
    with app.app_context():
        assert db.session.get(Contact, family.contact.id).portal_access_enabled

"""Staff mark a contact's mobile number or email address verified from the
record, saying how they checked it; then sign-in links can go to it. Only
staff who may see the record can, with a POST and its CSRF token."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AddressVerification,
    AuditEvent,
    Channel,
    Contact,
    Message,
    StaffRole,
    VerificationMethod,
)
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _verify_path(family: Family, what: str = "mobile", contact_id: int | None = None) -> str:
    contact_id = contact_id or family.contact.id
    return f"/staff/young-people/{family.young_person_id}/contacts/{contact_id}/verify-{what}"


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def _contact(app: Flask, family: Family) -> Contact:
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        assert contact is not None
        return contact


def _checks(app: Flask) -> list[AddressVerification]:
    with app.app_context():
        return list(
            db.session.scalars(select(AddressVerification).order_by(AddressVerification.id))
        )


def test_a_keyworker_verifies_a_number_and_then_an_invitation_can_go(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app, mobile="07700 900410", verified=False)
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(_record(family)).get_data(as_text=True)
    assert "This mobile number is not verified." in record
    assert _verify_path(family) in record

    page = client.get(_verify_path(family)).get_data(as_text=True)
    assert f"Verify {family.contact.name}'s mobile number" in page
    assert "07700 900410" in page
    for way in (
        "I phoned the number and spoke to them",
        "They told me the number in person",
        "They replied to a text message from the service",
    ):
        assert way in page

    done = client.post_form(
        _verify_path(family), {"method": "phoned", "note": "  Rang on Monday morning.  "}
    )
    assert done.status_code == 303
    assert done.headers["Location"] == _record(family) + "#family-sign-in"
    assert _contact(app, family).phone_verified
    [check] = _checks(app)
    assert (check.contact_id, check.channel, check.address) == (
        family.contact.id,
        Channel.SMS,
        "+447700900410",
    )
    assert (check.method, check.note) == (VerificationMethod.PHONED, "Rang on Monday morning.")
    assert check.verified_by_id == family.keyworker.id and check.verified_at is not None
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "contact.address.verified")
        ).one()
    assert (event.actor_staff_id, event.young_person_id) == (
        family.keyworker.id,
        family.young_person_id,
    )
    assert event.detail == {
        "contact_id": family.contact.id,
        "channel": "sms",
        "method": "phoned",
        "verification_id": check.id,
    }

    record = client.get(_record(family)).get_data(as_text=True)
    assert "07700 900410 is verified. Sign-in links can go to it now." in record
    assert f"Checked by {family.keyworker.name} on " in record
    assert ": I phoned the number and spoke to them." in record
    assert "Rang on Monday morning." in record
    assert "This mobile number is not verified." not in record
    invite = _record(family) + f"/contacts/{family.contact.id}/invite"
    assert invite in record
    assert client.post_form(invite, token_page=_record(family)).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_an_email_address_is_verified_on_its_own_page(app: Flask, client: PortalClient) -> None:
    family = make_family(app, email="sam.parent@example.org", verified=False)
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_verify_path(family, "email")).get_data(as_text=True)
    assert "sam.parent@example.org" in page
    assert "They replied to an email from the service" in page
    client.post_form(_verify_path(family, "email"), {"method": "replied"})
    contact = _contact(app, family)
    assert contact.email_verified and not contact.phone_verified
    [check] = _checks(app)
    assert (check.channel, check.address) == (Channel.EMAIL, "sam.parent@example.org")


def test_staff_say_how_they_checked_it(app: Flask, client: PortalClient) -> None:
    family = make_family(app, verified=False)
    client.sign_in(family.keyworker, PASSWORD)
    for data in ({}, {"method": "guessed"}, {"method": "phoned", "note": "x" * 501}):
        response = client.post_form(_verify_path(family), data)
        assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The note must be 500 characters or fewer" in html
    assert "Choose how you checked it" in client.post_form(_verify_path(family), {}).get_data(
        as_text=True
    )
    assert not _contact(app, family).phone_verified
    assert _checks(app) == []


def test_there_is_nothing_to_verify_without_an_email_address(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.get(_verify_path(family, "email")).status_code == 404


def test_a_manager_verifies_within_their_team(app: Flask, client: PortalClient) -> None:
    family = make_family(app, verified=False)
    client.sign_in(family.manager, PASSWORD)
    response = client.post_form(_verify_path(family), {"method": "in_person"}, token_page="/staff/")
    assert response.status_code == 303
    assert _checks(app)[0].verified_by_id == family.manager.id


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager", "mismatched ids"])
def test_staff_who_may_not_see_the_record_cannot_verify(
    app: Flask, client: PortalClient, who: str
) -> None:
    family, other = make_family(app, verified=False), make_family(app, verified=False)
    with app.app_context():
        team = make_team(db.session)
        if who == "other keyworker":
            user = make_staff_user(db.session, team=team)
        elif who == "other team's manager":
            user = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        else:
            user = family.keyworker
        db.session.commit()
    client.sign_in(user, PASSWORD)
    path = (
        _verify_path(family, contact_id=other.contact.id)
        if who == "mismatched ids"
        else _verify_path(family)
    )
    assert client.get(path).status_code == 404
    assert client.post_form(path, {"method": "phoned"}, token_page="/staff/").status_code == 404
    assert _checks(app) == []


def test_an_administrator_cannot_verify(app: Flask, client: PortalClient) -> None:
    family = make_family(app, verified=False)
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    assert client.get(_verify_path(family)).status_code == 403
    response = client.post_form(
        _verify_path(family), {"method": "phoned"}, token_page="/staff/admin/staff"
    )
    assert response.status_code == 403
    assert _checks(app) == []


def test_a_family_member_cannot_verify_their_own_number(app: Flask) -> None:
    family = make_family(app, verified=False)
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    assert client.get(_verify_path(family)).status_code == 403
    response = client.post(_verify_path(family), data={"method": "phoned", "csrf_token": token})
    assert response.status_code == 403
    assert not _contact(app, family).phone_verified


def test_verifying_needs_a_post_with_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app, verified=False)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post(_verify_path(family), data={"method": "phoned"}).status_code == 400
    assert not _contact(app, family).phone_verified
    assert _checks(app) == []

"""Every route declares who may use it, and the declaration is enforced."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.access import ATTRIBUTE, Audience, policy_for_endpoint
from portal.extensions import db
from portal.models import ActorRole, AuditEvent, Relationship, StaffRole
from portal.services.access.refusals import ACCESS_REFUSED
from tests.client import PortalClient
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family


def test_every_route_declares_who_may_use_it(app: Flask) -> None:
    undeclared = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if policy_for_endpoint(app, rule.endpoint) is None
    )
    assert not undeclared, f"declare an access policy (portal.access) on: {undeclared}"


def test_webhook_routes_are_only_in_the_webhooks_blueprint(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        policy = policy_for_endpoint(app, rule.endpoint)
        if policy is not None and policy.audience is Audience.WEBHOOK:
            assert rule.endpoint.startswith("webhooks.")


def test_a_route_without_a_declaration_is_refused(app: Flask, client: PortalClient) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    assert getattr(app.view_functions["undeclared"], ATTRIBUTE, None) is None
    response = client.get("/undeclared")
    assert response.status_code == 403
    assert b"secret" not in response.data


STAFF_PAGES = {
    "/staff/": {StaffRole.KEYWORKER, StaffRole.MANAGER},
    "/staff/young-people/1": {StaffRole.KEYWORKER, StaffRole.MANAGER},
    "/staff/admin/staff": {StaffRole.ADMIN},
    "/staff/admin/staff/new": {StaffRole.ADMIN},
    "/staff/admin/staff/1/reset-sign-in": {StaffRole.ADMIN},
    "/staff/admin/outbox": {StaffRole.ADMIN},
    "/staff/admin/refused-access": {StaffRole.ADMIN},
}


@pytest.mark.parametrize("path", sorted(STAFF_PAGES))
def test_staff_pages_send_people_who_are_not_signed_in_to_sign_in(
    client: PortalClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in?next=")


@pytest.mark.parametrize("role", list(StaffRole))
@pytest.mark.parametrize("path", sorted(STAFF_PAGES))
def test_staff_pages_refuse_the_wrong_role(
    app: Flask, client: PortalClient, role: StaffRole, path: str
) -> None:
    with app.app_context():
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    response = client.get(path)
    if role in STAFF_PAGES[path]:
        assert response.status_code in (200, 404)  # 404: no young person 1 for this user
    else:
        assert response.status_code == 403
        [refusal] = _refusals(app)
        assert (refusal.actor_staff_id, refusal.actor_role.value) == (user.id, role.value)
        assert refusal.detail["reason"] == "wrong_role"
        assert refusal.detail["method"] == "GET"


def _refusals(app: Flask) -> list[AuditEvent]:
    """The refusals saved (read afresh: the request's unit of work committed them)."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == ACCESS_REFUSED)
                .order_by(AuditEvent.id)
            )
        )


def test_a_wrong_role_refusal_is_audited_and_the_page_is_the_same(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        keyworker = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    response = client.get("/staff/admin/staff/1/reset-sign-in?next=/secret-value")
    assert response.status_code == 403
    assert "You cannot see this page" in response.get_data(as_text=True)
    [refusal] = _refusals(app)
    assert refusal.ip_address == "127.0.0.1"
    assert refusal.detail == {
        "reason": "wrong_role",
        "endpoint": "staff.staff_account_reset",
        "method": "GET",
        "asked_for": {"staff_user_id": 1},
    }
    assert "secret-value" not in str(refusal.detail)


def test_a_family_member_on_a_staff_page_is_refused_and_audited(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        person = make_young_person(db.session, team=team)
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        contact_id, young_person_id = contact.id, contact.young_person_id
    sign_in_family(app, client, contact)
    assert client.get("/staff/admin/refused-access").status_code == 403
    [refusal] = _refusals(app)
    assert (refusal.actor_role, refusal.actor_contact_id) == (ActorRole.FAMILY, contact_id)
    assert refusal.young_person_id == young_person_id
    assert (refusal.detail["reason"], refusal.detail["endpoint"]) == (
        "wrong_audience",
        "staff.refused_access",
    )


def test_staff_on_a_family_page_are_refused_and_audited(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        manager = make_staff_user(db.session, role=StaffRole.MANAGER)
        db.session.commit()
    client.sign_in(manager, PASSWORD)
    assert client.get("/my-meetings/3").status_code == 403
    [refusal] = _refusals(app)
    assert (refusal.actor_role, refusal.actor_staff_id) == (ActorRole.MANAGER, manager.id)
    assert refusal.detail["reason"] == "wrong_audience"
    assert refusal.detail["asked_for"] == {"meeting_id": 3}


def test_not_being_signed_in_is_not_audited_as_a_refusal(app: Flask, client: PortalClient) -> None:
    # Sent to sign in: an expired session or an old bookmark, every day.
    assert client.get("/staff/young-people/1").status_code == 302
    assert client.get("/my-meetings/1").status_code == 302
    assert _refusals(app) == []

"""Every route declares who may use it, and the declaration is enforced."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.access import ATTRIBUTE, Audience, policy_for_endpoint
from portal.extensions import db
from portal.models import StaffRole
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team


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

"""One family can never see another's pages, whatever they change in a URL or
a form: whose pages they show comes only from the signed-in session. The only
record id a family URL may hold is a meeting's, and a meeting of another young
person is "not found"."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from portal.access import Audience, policy_for_endpoint
from portal.extensions import db
from portal.models import ActorRole, AuditEvent, Contact, Meeting, YoungPerson
from portal.services.access.refusals import ACCESS_REFUSED
from tests.support.demo_copy import add_demo_data
from tests.support.family_sessions import sign_in_family


def _family_get_routes(app: Flask) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        policy = policy_for_endpoint(app, rule.endpoint)
        if policy is not None and policy.audience is Audience.FAMILY:
            routes.append((rule.endpoint, rule.rule))
    return routes


# The values family URLs may take: a meeting (looked up only among the signed-in
# family's meetings) and a consent item's code (the same for every family).
ALLOWED_URL_VALUES = {"meeting_id", "item_code"}


def test_family_routes_take_no_other_ids(app: Flask) -> None:
    routes = _family_get_routes(app)
    assert routes, "expected family routes"
    for rule in app.url_map.iter_rules():
        policy = policy_for_endpoint(app, rule.endpoint)
        if policy is not None and policy.audience is Audience.FAMILY:
            unexpected = set(rule.arguments) - ALLOWED_URL_VALUES
            assert not unexpected, f"{rule.endpoint} ({rule.rule}) takes {unexpected}"


def _fill(rule: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        rule = rule.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
    return rule


def test_another_familys_meeting_is_not_found(app: Flask) -> None:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        liv = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Liv"))
        sams_contact = db.session.scalar(
            select(Contact).where(Contact.young_person_id == sam.id, Contact.relation == "self")
        )
        livs_meeting = db.session.scalars(
            select(Meeting.id).where(Meeting.young_person_id == liv.id)
        ).first()
        db.session.commit()
    client = app.test_client()
    sign_in_family(app, client, sams_contact)
    meeting_routes = [
        (endpoint, rule) for endpoint, rule in _family_get_routes(app) if "meeting_id" in rule
    ]
    assert len(meeting_routes) >= 10
    client.get("/home")  # the first page of a session explains "Exit this page"; others do not
    for endpoint, rule in meeting_routes:
        path = _fill(rule, {"meeting_id": str(livs_meeting), "item_code": "register"})
        response = client.get(path)
        assert response.status_code == 404, path
        # The same page as for a meeting that does not exist.
        missing_path = _fill(rule, {"meeting_id": "999999"})
        missing = client.get(missing_path)
        assert missing.status_code == 404, missing_path
        assert _without(response, path) == _without(missing, missing_path), path
        # GET-only pages answer a POST with 405 before looking anything up.
        assert client.post(path, data={}).status_code in (400, 404, 405), path
        # Both were refused, and the refusals kept although the answer was 404.
        refused, refused_missing = _refusals_since(app, endpoint)
        assert (refused.actor_contact_id, refused.actor_role) == (sams_contact.id, ActorRole.FAMILY)
        assert refused.young_person_id == sam.id  # whose pages they are; Liv's id nowhere
        assert refused.ip_address == "127.0.0.1"
        assert refused.detail == {
            "reason": "not_visible",
            "endpoint": endpoint,
            "method": "GET",
            "asked_for": {"meeting_id": livs_meeting},
        }
        assert refused_missing.detail["asked_for"] == {"meeting_id": 999_999}


# What differs on every response whatever it shows: a script nonce and CSRF tokens.
PER_RESPONSE = re.compile(r' nonce="[^"]+"|name="csrf_token" value="[^"]+"')


def _without(response: TestResponse, path: str) -> str:
    return PER_RESPONSE.sub("", response.get_data(as_text=True).replace(path, ""))


def _refusals_since(app: Flask, endpoint: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.action == ACCESS_REFUSED,
                    AuditEvent.detail["endpoint"].as_string() == endpoint,
                )
                .order_by(AuditEvent.id)
            )
        )


@pytest.mark.parametrize("method", ["get", "post"])
def test_ids_added_to_any_family_url_or_form_show_nothing_of_another_family(
    app: Flask, method: str
) -> None:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        liv = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Liv"))
        sams_contact = db.session.scalar(
            select(Contact).where(Contact.young_person_id == sam.id, Contact.relation == "self")
        )
        livs_contacts = list(
            db.session.scalars(select(Contact).where(Contact.young_person_id == liv.id))
        )
        db.session.commit()
    client = app.test_client()
    sign_in_family(app, client, sams_contact)
    other = {
        "young_person_id": str(liv.id),
        "contact_id": str(livs_contacts[0].id),
        "id": str(liv.id),
    }
    for _endpoint, pattern in _family_get_routes(app):
        rule = _fill(pattern, {"meeting_id": "1", "item_code": "register"})
        if method == "get":
            response = client.get(rule, query_string=other)
        else:
            response = client.post(rule, data=other)
        # Whole words only: a random nonce or token can hold the letters "Liv".
        html = response.get_data(as_text=True)
        for name in ("Liv", "Olivia", *(contact.name for contact in livs_contacts)):
            shown = re.search(rf"(?<![A-Za-z0-9_-]){re.escape(name)}(?![A-Za-z0-9_-])", html)
            assert shown is None, f"{method.upper()} {rule} showed {name!r}"
    # Still signed in as Sam's own contact: every page above was Sam's.
    home = client.get("/home")
    assert home.status_code == 200
    assert "Sam" in home.get_data(as_text=True)


def test_refusals_at_the_same_moment_are_each_kept_once(app: Flask) -> None:
    """20 requests for another family's meeting at once, each from its own
    session: every one is answered 404 and audited exactly once."""
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        liv = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Liv"))
        sams_contact = db.session.scalar(
            select(Contact).where(Contact.young_person_id == sam.id, Contact.relation == "self")
        )
        livs_meeting = db.session.scalars(
            select(Meeting.id).where(Meeting.young_person_id == liv.id)
        ).first()
        db.session.commit()
    clients = [app.test_client() for _ in range(20)]
    for client in clients:
        sign_in_family(app, client, sams_contact)
    barrier = threading.Barrier(len(clients))

    def ask(client: FlaskClient) -> int:
        barrier.wait()
        return client.get(f"/my-meetings/{livs_meeting}").status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(pool.map(ask, clients))

    assert statuses == [404] * 20
    refusals = _refusals_since(app, "family.meeting")
    assert len(refusals) == 20
    assert {refusal.actor_contact_id for refusal in refusals} == {sams_contact.id}
    assert {refusal.detail["asked_for"]["meeting_id"] for refusal in refusals} == {livs_meeting}

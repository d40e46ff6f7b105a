"""One family can never see another's pages, whatever they change in a URL or
a form: whose pages they show comes only from the signed-in session. The only
record id a family URL may hold is a meeting's, and a meeting of another young
person is "not found"."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.access import Audience, policy_for_endpoint
from portal.demo.seed import seed_demo_data
from portal.extensions import db
from portal.models import Contact, Meeting, YoungPerson
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
        seed_demo_data(db.session, fast_hashing=True)
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
    meeting_routes = [rule for _endpoint, rule in _family_get_routes(app) if "meeting_id" in rule]
    for rule in meeting_routes:
        path = _fill(rule, {"meeting_id": str(livs_meeting), "item_code": "register"})
        assert client.get(path).status_code == 404, path
        # GET-only pages answer a POST with 405 before looking anything up.
        assert client.post(path, data={}).status_code in (400, 404, 405), path


@pytest.mark.parametrize("method", ["get", "post"])
def test_ids_added_to_any_family_url_or_form_show_nothing_of_another_family(
    app: Flask, method: str
) -> None:
    with app.app_context():
        seed_demo_data(db.session, fast_hashing=True)
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
        html = response.get_data(as_text=True)
        for name in ("Liv", "Olivia", *(contact.name for contact in livs_contacts)):
            assert name not in html, f"{method.upper()} {rule} showed {name!r}"
    # Still signed in as Sam's own contact: every page above was Sam's.
    home = client.get("/home")
    assert home.status_code == 200
    assert "Sam" in home.get_data(as_text=True)

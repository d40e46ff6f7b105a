"""One family can never see another's pages, whatever they change in a URL or
a form: family routes take no record ids at all, and whose pages they show
comes only from the signed-in session."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.access import Audience, policy_for_endpoint
from portal.extensions import db
from portal.models import Contact, YoungPerson
from portal.services.demo_data import seed_demo_data
from tests.family_sessions import sign_in_family


def _family_get_routes(app: Flask) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        policy = policy_for_endpoint(app, rule.endpoint)
        if policy is not None and policy.audience is Audience.FAMILY:
            routes.append((rule.endpoint, rule.rule))
    return routes


def test_family_routes_take_no_ids_to_change(app: Flask) -> None:
    routes = _family_get_routes(app)
    assert routes, "expected family routes"
    for endpoint, rule in routes:
        assert "<" not in rule, f"{endpoint} ({rule}) takes a value from the URL"


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
    for _endpoint, rule in _family_get_routes(app):
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

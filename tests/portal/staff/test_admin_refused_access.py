"""Administrators see who was refused access lately, most first, with anyone
refused often in a short time marked; nobody else may see the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Contact, Relationship, StaffRole, StaffUser, utc_now
from portal.services.access.refusals import ACCESS_REFUSED, AskedFor, RefusalReason, record_refusal
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family

PAGE = "/staff/admin/refused-access"


@dataclass(frozen=True)
class Service:
    admin: StaffUser
    keyworker: StaffUser
    colleague: StaffUser
    colleagues_young_person: int
    contact_id: int
    other_familys_meeting: int


@pytest.fixture
def service(app: Flask) -> Service:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team, name="Robin Prober")
        colleague = make_staff_user(db.session, team=team, name="Ash Colleague")
        theirs = make_young_person(db.session, team=team, keyworker=colleague)
        own = make_young_person(db.session, team=team, keyworker=keyworker)
        contact = make_contact(
            db.session, young_person=own, relation=Relationship.SELF, name="Kit Familyname"
        )
        service = Service(
            admin=make_staff_user(db.session, role=StaffRole.ADMIN),
            keyworker=keyworker,
            colleague=colleague,
            colleagues_young_person=theirs.id,
            contact_id=contact.id,
            other_familys_meeting=make_meeting(db.session, young_person=theirs).id,
        )
        db.session.commit()
    return service


def _signed_in(app: Flask, user: StaffUser) -> PortalClient:
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    client.sign_in(user, PASSWORD)
    return client


def _sign_in_family(app: Flask, client: PortalClient, service: Service) -> None:
    with app.app_context():
        contact = db.session.get(Contact, service.contact_id)
        assert contact is not None
        sign_in_family(app, client, contact)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_repeated_refusals_are_shown_most_first_and_marked(app: Flask, service: Service) -> None:
    prober = _signed_in(app, service.keyworker)
    theirs = f"/staff/young-people/{service.colleagues_young_person}"
    for _ in range(6):
        assert prober.get(theirs).status_code == 404
    family: PortalClient = app.test_client()  # type: ignore[assignment]
    _sign_in_family(app, family, service)
    for _ in range(2):
        assert family.get(f"/my-meetings/{service.other_familys_meeting}").status_code == 404

    response = _signed_in(app, service.admin).get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = _text(html)
    assert "Check these people" in text
    assert "1 person was refused 5 times or more since" in text
    assert "In the last 24 hours" in text
    assert "2 people refused since" in text
    # Most first: the keyworker (6, marked), then the family member (2).
    assert text.index("Robin Prober") < text.index(f"Family member, contact {service.contact_id}")
    assert text.count("5 or more in 24 hours") == 1
    assert "Keyworker" in text and "/staff/young-people/&lt;int:young_person_id&gt;" in html
    assert "Not theirs, or not there: 6 times" in text
    assert "/my-meetings/&lt;int:meeting_id&gt;" in html
    assert "Not theirs, or not there: 2 times" in text
    assert "keyworker Robin Prober" in text  # who can follow the family member up
    # Administrators see no records: the family member is not named.
    assert "Kit Familyname" not in html


def test_refusals_outside_the_window_are_left_out(app: Flask, service: Service) -> None:
    with app.app_context():
        keyworker = db.session.get(StaffUser, service.keyworker.id)
        event = record_refusal(
            db.session,
            RefusalReason.NOT_VISIBLE,
            AskedFor("staff.record", "GET", {"young_person_id": 1}),
            staff_user=keyworker,
        )
        event.occurred_at = utc_now() - timedelta(days=8)
        db.session.commit()
    admin = _signed_in(app, service.admin)
    text = _text(admin.get(PAGE).get_data(as_text=True))
    assert "Nobody was refused access in the last 7 days." in text
    assert "Robin Prober" not in text

    app.config["REFUSED_ACCESS_WINDOW"] = timedelta(days=10)
    text = _text(admin.get(PAGE).get_data(as_text=True))
    assert "in the last 10 days" in text and "Robin Prober" in text


def test_the_threshold_is_a_setting(app: Flask, service: Service) -> None:
    app.config["REFUSED_ACCESS_ALERT_COUNT"] = 2
    app.config["REFUSED_ACCESS_ALERT_WINDOW"] = timedelta(hours=1)
    prober = _signed_in(app, service.keyworker)
    for _ in range(2):
        prober.get(f"/staff/young-people/{service.colleagues_young_person}")
    text = _text(_signed_in(app, service.admin).get(PAGE).get_data(as_text=True))
    assert "2 or more in 1 hour " in text and "In the last 1 hour " in text
    assert "1 person was refused 2 times or more since" in text


@pytest.mark.parametrize("role", [StaffRole.KEYWORKER, StaffRole.MANAGER])
def test_keyworkers_and_managers_are_refused_and_that_is_audited(
    app: Flask, service: Service, role: StaffRole
) -> None:
    with app.app_context():
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client = _signed_in(app, user)
    response = client.get(PAGE)
    assert response.status_code == 403
    assert "Robin Prober" not in response.get_data(as_text=True)
    with app.app_context():
        refusal = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == ACCESS_REFUSED)
        ).one()
    assert refusal.actor_staff_id == user.id
    assert (refusal.detail["reason"], refusal.detail["endpoint"]) == (
        "wrong_role",
        "staff.refused_access",
    )
    # ...and the administrator sees it.
    text = _text(_signed_in(app, service.admin).get(PAGE).get_data(as_text=True))
    assert user.name in text and "Not for their role: 1 time" in text


def test_families_and_people_not_signed_in_are_refused(app: Flask, service: Service) -> None:
    anonymous: PortalClient = app.test_client()  # type: ignore[assignment]
    assert anonymous.get(PAGE).status_code == 302
    family: PortalClient = app.test_client()  # type: ignore[assignment]
    _sign_in_family(app, family, service)
    assert family.get(PAGE).status_code == 403
    text = _text(_signed_in(app, service.admin).get(PAGE).get_data(as_text=True))
    assert "Not for their kind of account: 1 time" in text


def test_the_page_is_linked_from_the_administrators_home(app: Flask, service: Service) -> None:
    html = _signed_in(app, service.admin).get("/staff/admin/staff").get_data(as_text=True)
    assert f'href="{PAGE}"' in html
    assert "See who was refused access to pages or records" in html


def test_the_page_runs_the_same_queries_however_many_were_refused(
    app: Flask, service: Service
) -> None:
    admin = _signed_in(app, service.admin)
    prober = _signed_in(app, service.keyworker)
    prober.get(f"/staff/young-people/{service.colleagues_young_person}")
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as few:
        assert admin.get(PAGE).status_code == 200

    with app.app_context():
        team = make_team(db.session)
        for number in range(30):
            user = make_staff_user(db.session, team=team)
            for endpoint in ("staff.record", "staff.caseload", f"staff.page_{number}"):
                record_refusal(
                    db.session,
                    RefusalReason.NOT_VISIBLE,
                    AskedFor(endpoint, "GET", {"young_person_id": number}),
                    staff_user=user,
                )
        db.session.commit()
    with count_queries(engine) as many:
        page = admin.get(PAGE)
    assert "31 people refused since" in _text(page.get_data(as_text=True))
    assert many.count == few.count

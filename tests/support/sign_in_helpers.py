"""Helpers for the family sign-in tests: a young person with a keyworker and a
contact, links issued through the real services, and the pages walked
through a test client."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from portal.extensions import db
from portal.i18n import translator_for
from portal.models import Contact, LinkPurpose, Relationship, StaffRole, StaffUser, utc_now
from portal.services.access.links import LinkSettings, issue_link
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

# 12 or 13 years old: a parent with parental responsibility may see the portal.
BIRTHDAY = date(london_today().year - 13, 4, 3)
CSRF_IN_PAGE = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def link_settings(**changes: object) -> LinkSettings:
    """The link rules' settings as the Test config has them, for service tests."""
    values: dict[str, object] = {
        "base_url": "http://portal.test",
        "service_name": "Keyworker Family Portal",
        "invitation_lifetime": timedelta(hours=72),
        "request_lifetime": timedelta(minutes=15),
        "minimum_own_access_age": 11,
    }
    values.update(changes)
    return LinkSettings(**values)  # type: ignore[arg-type]


def contact_allowed_in(session: Session, **kwargs: object) -> Contact:
    """A parent (by default) of a young person of 12 or 13 with a keyworker:
    they may see the portal. `kwargs` go to `make_contact`."""
    team = make_team(session)
    person = make_young_person(
        session,
        team=team,
        keyworker=make_staff_user(session, team=team),
        preferred_name="Robin",
        date_of_birth=date(london_today().year - 13, 1, 15),
    )
    return make_contact(session, young_person=person, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Family:
    keyworker: StaffUser
    manager: StaffUser
    young_person_id: int
    contact: Contact


def make_family(
    app: Flask,
    *,
    relation: Relationship = Relationship.PARENT,
    mobile: str | None = None,
    email: str | None = None,
    portal_access_enabled: bool = True,
    verified: bool = True,
) -> Family:
    """A young person of 12 or 13 on a keyworker's caseload, and a contact (a parent with
    parental responsibility by default, who may use the portal, with checked addresses)."""
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        manager = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        person = make_young_person(
            db.session,
            team=team,
            keyworker=keyworker,
            preferred_name="Robin",
            legal_name="Robin Testmore",
            date_of_birth=BIRTHDAY,
        )
        contact = make_contact(
            db.session,
            young_person=person,
            relation=relation,
            mobile=mobile,
            email=email,
            portal_access_enabled=portal_access_enabled,
            verified=verified,
        )
        db.session.commit()
        return Family(keyworker, manager, person.id, contact)


def settings_for(app: Flask) -> LinkSettings:
    return LinkSettings.from_config(app.config)


def issue(
    app: Flask, contact: Contact, purpose: LinkPurpose = LinkPurpose.INVITATION
) -> tuple[int, str]:
    """Issue a link through the service; returns (link id, secret)."""
    with app.app_context():
        fresh = db.session.get(Contact, contact.id)
        assert fresh is not None
        issued = issue_link(
            db.session,
            fresh,
            purpose,
            fresh.preferred_channel,
            utc_now(),
            settings_for(app),
            translator_for=translator_for,
        )
        db.session.commit()
        return issued.link.id, issued.token


def csrf_from(response: TestResponse) -> str:
    match = CSRF_IN_PAGE.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return next(group for group in match.groups() if group)


def press_continue(client: PortalClient, token: str) -> TestResponse:
    """Open the link's page, then press its button."""
    page = client.get(f"/l/{token}")
    assert page.status_code == 200, page.status_code
    return client.post(f"/l/{token}", data={"csrf_token": csrf_from(page)})


def answer(client: PortalClient, day: str | int, month: str | int, year: str | int) -> TestResponse:
    """Give a date of birth on the check page."""
    page = client.get("/check")
    assert page.status_code == 200, page.status_code
    return client.post(
        "/check",
        data={
            "csrf_token": csrf_from(page),
            "day": str(day),
            "month": str(month),
            "year": str(year),
        },
    )


def sign_in_with_link(client: PortalClient, token: str) -> TestResponse:
    """The whole way in: the link, Continue, the right date of birth."""
    assert press_continue(client, token).status_code == 303
    return answer(client, BIRTHDAY.day, BIRTHDAY.month, BIRTHDAY.year)


def session_cookie(app: Flask, client: PortalClient) -> str | None:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else None

"""The capacity and competence pages: an assessment and a best-interests
decision recorded from the forms change who may see the portal as the
access rules say; problems are shown and nothing is saved; only staff who may
see the record can use them."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import CapacityAssessment, Contact, StaffRole
from portal.services.access.family_rules import portal_access
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _capacity(family: Family, rest: str = "") -> str:
    return f"/staff/young-people/{family.young_person_id}/capacity{rest}"


def _assessments(app: Flask) -> list[CapacityAssessment]:
    with app.app_context():
        return list(db.session.scalars(select(CapacityAssessment)))


def _parent_may_see(app: Flask, family: Family) -> bool:
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        assert contact is not None
        return portal_access(db.session, contact, london_today()).allowed


def _refusing(family: Family, **changes: str) -> dict[str, str]:
    today = london_today()
    data = {
        "area": "family_access",
        "outcome": "gillick_competent",
        "refused_contact": str(family.contact.id),
        "assessed_on": f"{today.day} {today.month} {today.year}",
        "review_on": f"{today.day} {today.month} {today.year + 1}",
        "note": "Robin understood what it means and chose.",
    }
    data.update(changes)
    return data


def test_a_gillick_competent_refusal_ends_the_parents_access(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    assert _parent_may_see(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    done = client.post_form(_capacity(family, "/assessment"), _refusing(family))
    assert done.status_code == 303 and done.headers["Location"] == _capacity(family)
    assert not _parent_may_see(app, family)
    page = client.get(_capacity(family)).get_data(as_text=True)
    assert "Robin understood what it means and chose." in page
    assert f"refuses {family.contact.name}" in page


def test_an_outcome_for_another_age_and_a_bad_date_are_refused(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    wrong = client.post_form(
        _capacity(family, "/assessment"),
        _refusing(family, outcome="lacks_capacity", review_on="31 2 2027"),
    )
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 200 and "There is a problem" in html
    assert "Enter a real date" in html
    assert _assessments(app) == []


def test_a_best_interests_decision_needs_a_lack_of_capacity_first(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    data = {
        "area": "register",
        "decision": "Stay on the register.",
        "maker_name": "Sam Example",
        "maker_role": "Team manager",
        "reason": "It keeps support in place.",
        "allows_contact": "",
        "decided_on": "1 11 2026",
        "review_on": "1 6 2027",
    }
    refused = client.post_form(_capacity(family, "/best-interests"), data)
    assert "Record that they lack capacity for this decision first" in refused.get_data(
        as_text=True
    )


PAGES = ("", "/assessment", "/best-interests")


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager", "administrator"])
def test_staff_who_may_not_see_the_record_are_refused(
    app: Flask, client: PortalClient, who: str
) -> None:
    family = make_family(app)
    role = {
        "other keyworker": StaffRole.KEYWORKER,
        "other team's manager": StaffRole.MANAGER,
        "administrator": StaffRole.ADMIN,
    }[who]
    with app.app_context():
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    status = 403 if role is StaffRole.ADMIN else 404
    token_page = "/staff/admin/staff" if role is StaffRole.ADMIN else "/staff/"
    for page in PAGES:
        assert client.get(_capacity(family, page)).status_code == status
        if page:
            posted = client.post_form(
                _capacity(family, page), _refusing(family), token_page=token_page
            )
            assert posted.status_code == status
    assert _assessments(app) == [] and _parent_may_see(app, family)


def test_the_manager_of_the_team_may_record(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    assert client.post_form(_capacity(family, "/assessment"), _refusing(family)).status_code == 303


def test_a_family_member_cannot_record(app: Flask) -> None:
    family = make_family(app)
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    data = {**_refusing(family), "csrf_token": token}
    assert client.post(_capacity(family, "/assessment"), data=data).status_code == 403
    assert _assessments(app) == []

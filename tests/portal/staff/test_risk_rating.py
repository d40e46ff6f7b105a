"""The risk rating page of the record: a change or a review without change,
each with a reason, kept as history and shown on the record; a change from a
rating someone else has changed since is refused and says what it is now."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, RiskRating, RiskRatingChange, StaffRole, YoungPerson
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _path(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/risk-rating"


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def _rating(app: Flask, family: Family) -> RiskRating | None:
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        return person.risk_rating


def _changes(app: Flask) -> list[RiskRatingChange]:
    with app.app_context():
        return list(db.session.scalars(select(RiskRatingChange).order_by(RiskRatingChange.id)))


def test_a_keyworker_changes_the_rating_and_the_record_shows_the_history(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_path(family)).get_data(as_text=True)
    assert 'name="expected" type="hidden" value="amber"' in page
    assert 'value="amber" checked' in page

    done = client.post_form(
        _path(family), {"expected": "amber", "rating": "red", "reason": "Placement at risk."}
    )
    assert done.status_code == 303
    assert done.headers["Location"] == _record(family) + "#risk-rating"
    assert _rating(app, family) is RiskRating.RED
    client.post_form(
        _path(family), {"expected": "red", "rating": "red", "reason": "Still in crisis."}
    )
    [change, review] = _changes(app)
    assert (change.from_rating, change.to_rating, change.changed_by_id) == (
        RiskRating.AMBER,
        RiskRating.RED,
        family.keyworker.id,
    )
    assert review.is_review

    record = client.get(_record(family)).get_data(as_text=True)
    assert "Risk rating saved." in record
    assert "Risk rating history" in record
    assert "Amber to Red" in record and "Placement at risk." in record
    assert "Red, reviewed without change" in record and "Still in crisis." in record
    history = record[record.index("Risk rating history") :]
    assert history.index("Still in crisis.") < history.index("Placement at risk.")
    with app.app_context():
        actions = [
            event.action
            for event in db.session.scalars(
                select(AuditEvent).where(AuditEvent.action.startswith("risk_rating."))
            )
        ]
    assert actions == ["risk_rating.changed", "risk_rating.reviewed"]


def test_a_reason_is_needed(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    for data in (
        {"expected": "amber", "rating": "red", "reason": "  "},
        {"expected": "amber", "rating": "red", "reason": "x" * 1001},
        {"expected": "amber", "reason": "No rating chosen."},
    ):
        response = client.post_form(_path(family), data)
        assert response.status_code == 200
    html = client.post_form(_path(family), {"expected": "amber", "rating": "red"}).get_data(
        as_text=True
    )
    assert "There is a problem" in html and "Enter the reason for this rating" in html
    assert _rating(app, family) is RiskRating.AMBER
    assert _changes(app) == []


def test_a_change_from_an_old_form_is_refused_and_says_what_it_is_now(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    client.post_form(_path(family), {"expected": "amber", "rating": "red", "reason": "First."})
    response = client.post_form(
        _path(family), {"expected": "amber", "rating": "green", "reason": "Second."}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed the rating" in html
    assert "When you opened this page it was Amber. It is Red now." in html
    assert 'name="expected" type="hidden" value="red"' in html and "Second." in html
    assert _rating(app, family) is RiskRating.RED and len(_changes(app)) == 1


def test_a_form_with_a_made_up_old_rating_changes_nothing(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    response = client.post_form(
        _path(family), {"expected": "purple", "rating": "red", "reason": "Made up."}
    )
    assert "This form is out of date." in response.get_data(as_text=True)
    assert _rating(app, family) is RiskRating.AMBER and _changes(app) == []


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager", "administrator"])
def test_staff_who_may_not_see_the_record_cannot_rate(
    app: Flask, client: PortalClient, who: str
) -> None:
    family = make_family(app)
    with app.app_context():
        role = {
            "other keyworker": StaffRole.KEYWORKER,
            "other team's manager": StaffRole.MANAGER,
            "administrator": StaffRole.ADMIN,
        }[who]
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    status = 403 if role is StaffRole.ADMIN else 404
    token_page = "/staff/admin/staff" if role is StaffRole.ADMIN else "/staff/"
    assert client.get(_path(family)).status_code == status
    data = {"expected": "amber", "rating": "red", "reason": "Not mine."}
    assert client.post_form(_path(family), data, token_page=token_page).status_code == status
    assert _rating(app, family) is RiskRating.AMBER and _changes(app) == []


def test_a_family_member_cannot_rate(app: Flask) -> None:
    family = make_family(app)
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    data = {"expected": "amber", "rating": "green", "reason": "Me.", "csrf_token": token}
    assert client.post(_path(family), data=data).status_code == 403
    assert _rating(app, family) is RiskRating.AMBER


def test_rating_needs_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    data = {"expected": "amber", "rating": "red", "reason": "No token."}
    assert client.post(_path(family), data=data).status_code == 400
    assert _changes(app) == []

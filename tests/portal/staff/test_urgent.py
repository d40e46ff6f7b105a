"""Needs you now on the record, and the acknowledge page: it stays after the
record is opened, goes once someone records what they did, and only the
allocated keyworker or a manager of the team may."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Contact,
    FamilyInputKind,
    StaffRole,
    UrgentAcknowledgement,
    UrgentAction,
)
from portal.services.records.family_input import notify_staff
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import make_family
from tests.support.urgent import TEST_ALERTS

NEEDS_YOU_NOW = 'id="needs-you-now"'


@dataclass(frozen=True)
class Urgent:
    family: FamilyOnCaseload
    notice_id: int
    other_notice_id: int
    ordinary_notice_id: int

    @property
    def record(self) -> str:
        return f"/staff/young-people/{self.family.young_person.id}"

    @property
    def page(self) -> str:
        return f"{self.record}/urgent/{self.notice_id}"


@pytest.fixture
def urgent(app: Flask) -> Urgent:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        notices = add_family_input_of_every_kind(
            db.session, contact=family.contact, meeting=family.meeting
        )
        db.session.commit()
        return Urgent(
            family,
            notices[FamilyInputKind.FEEDBACK].id,
            notices[FamilyInputKind.CONSENT_DECISION].id,
            notices[FamilyInputKind.MEETING_REPLY].id,
        )


def _acknowledgements(app: Flask) -> list[UrgentAcknowledgement]:
    with app.app_context():
        return list(db.session.scalars(select(UrgentAcknowledgement)))


def test_needs_you_now_stays_after_the_keyworker_opens_the_record(
    client: PortalClient, urgent: Urgent
) -> None:
    client.sign_in(urgent.family.keyworker, PASSWORD)
    first = client.get(urgent.record).get_data(as_text=True)
    assert NEEDS_YOU_NOW in first and urgent.page in first
    again = client.get(urgent.record).get_data(as_text=True)
    assert NEEDS_YOU_NOW in again and urgent.page in again
    assert "2 urgent items have not been dealt with yet." in again
    caseload = client.get("/staff/").get_data(as_text=True)
    assert "Needs you now: 2" in caseload


def test_acknowledging_closes_it_and_shows_who_and_what(
    app: Flask, client: PortalClient, urgent: Urgent
) -> None:
    client.sign_in(urgent.family.keyworker, PASSWORD)
    page = client.get(urgent.page).get_data(as_text=True)
    assert "What did you do?" in page and "Made a safeguarding referral" in page
    response = client.post_form(urgent.page, {"action": "spoke_to_young_person", "detail": ""})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(urgent.record)
    record = client.get(urgent.record).get_data(as_text=True)
    assert "1 urgent item has not been dealt with yet." in record
    assert urgent.page not in record
    assert f"Dealt with by {urgent.family.keyworker.name}" in record
    assert "Spoke to the young person" in record
    [done] = _acknowledgements(app)
    assert (done.notice_id, done.action) == (urgent.notice_id, UrgentAction.SPOKE_TO_YOUNG_PERSON)
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert "urgent.acknowledged" in actions


def test_a_manager_of_the_team_acknowledges(
    app: Flask, client: PortalClient, urgent: Urgent
) -> None:
    client.sign_in(urgent.family.manager, PASSWORD)
    assert urgent.page in client.get(urgent.record).get_data(as_text=True)
    response = client.post_form(urgent.page, {"action": "other", "detail": "Visited at home"})
    assert response.status_code == 303
    [done] = _acknowledgements(app)
    assert done.acknowledged_by_id == urgent.family.manager.id and done.detail == "Visited at home"


@pytest.mark.parametrize(
    ("data", "error", "kept"),
    [
        ({"detail": "I rang them at noon"}, "Choose what you did", "I rang them at noon"),
        (
            {"action": "other", "detail": "   "},
            "Say what you did, as you chose something else",
            None,
        ),
        (
            {"action": "phoned_family", "detail": "x" * 2001},
            "This must be 2000 characters or fewer",
            "x" * 2001,
        ),
    ],
)
def test_a_wrong_form_shows_the_error_summary_and_keeps_what_was_typed(
    app: Flask,
    client: PortalClient,
    urgent: Urgent,
    data: dict[str, str],
    error: str,
    kept: str | None,
) -> None:
    client.sign_in(urgent.family.keyworker, PASSWORD)
    response = client.post_form(urgent.page, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and error in html
    if kept:
        assert kept in html
    if data.get("action"):
        assert f'value="{data["action"]}" checked' in html
    assert _acknowledgements(app) == []


def test_a_second_acknowledgement_is_refused_and_shows_the_first(
    app: Flask, client: PortalClient, urgent: Urgent
) -> None:
    manager: PortalClient = app.test_client()  # type: ignore[assignment]
    manager.sign_in(urgent.family.manager, PASSWORD)
    client.sign_in(urgent.family.keyworker, PASSWORD)
    token = client.csrf_token(urgent.page)
    assert manager.post_form(urgent.page, {"action": "passed_to_manager"}).status_code == 303
    late = client.post(urgent.page, data={"action": "phoned_family", "csrf_token": token})
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert f"{urgent.family.manager.name} already recorded what they did" in html
    assert "What you entered was not saved." in html
    assert len(_acknowledgements(app)) == 1


def test_an_ordinary_notice_has_no_acknowledge_page(client: PortalClient, urgent: Urgent) -> None:
    client.sign_in(urgent.family.keyworker, PASSWORD)
    assert client.get(f"{urgent.record}/urgent/{urgent.ordinary_notice_id}").status_code == 404


@pytest.mark.parametrize("who", ["other keyworker", "other manager"])
def test_staff_of_another_case_get_404_and_change_nothing(
    app: Flask, client: PortalClient, urgent: Urgent, who: str
) -> None:
    with app.app_context():
        other = make_family_on_caseload(db.session)
        db.session.commit()
    client.sign_in(other.keyworker if who == "other keyworker" else other.manager, PASSWORD)
    assert client.get(urgent.page).status_code == 404
    token = client.csrf_token("/staff/")
    response = client.post(urgent.page, data={"action": "phoned_family", "csrf_token": token})
    assert response.status_code == 404
    assert _acknowledgements(app) == []
    with app.app_context():
        refused = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "access.refused")
        )
    assert refused == 2


def test_a_notice_of_another_young_person_is_404(
    app: Flask, client: PortalClient, urgent: Urgent
) -> None:
    with app.app_context():
        other = make_family_on_caseload(db.session)
        theirs = add_family_input_of_every_kind(
            db.session, contact=other.contact, meeting=other.meeting
        )
        db.session.commit()
        their_notice = theirs[FamilyInputKind.FEEDBACK].id
    client.sign_in(urgent.family.keyworker, PASSWORD)
    assert client.get(f"{urgent.record}/urgent/{their_notice}").status_code == 404


def test_an_administrator_may_not(app: Flask, client: PortalClient, urgent: Urgent) -> None:
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN, team=urgent.family.keyworker.team)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    assert client.get(urgent.page).status_code == 403
    response = client.post_form(
        urgent.page, {"action": "phoned_family"}, token_page="/staff/admin/staff"
    )
    assert response.status_code == 403
    assert _acknowledgements(app) == []


def test_a_family_member_may_not(app: Flask) -> None:
    family = make_family(app)
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        assert contact is not None
        notice = notify_staff(
            db.session,
            contact,
            FamilyInputKind.FEEDBACK,
            subject_id=1,
            summary="Feedback: may mention risk",
            urgent=True,
            alerts=TEST_ALERTS,
        )
        db.session.commit()
        page = f"/staff/young-people/{family.young_person_id}/urgent/{notice.id}"
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    assert client.get(page).status_code == 403
    response = client.post(page, data={"action": "phoned_family", "csrf_token": token})
    assert response.status_code == 403
    assert _acknowledgements(app) == []

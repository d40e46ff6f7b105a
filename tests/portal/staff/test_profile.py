"""The profile page of the record: staff who may see the record edit the
names, pronouns, date of birth, language and communication needs; a save
from an older form is refused with both versions shown; every look and
change is audited; the communication needs are flagged at the top of the
record with their review date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CommunicationNeedType, StaffRole, YoungPerson
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import BIRTHDAY, Family, make_family


def _path(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/profile"


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def _person(app: Flask, family: Family) -> YoungPerson:
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        person.communication_needs  # noqa: B018 (loaded while the session is open)
        return person


def _form(**changes: Any) -> dict[str, Any]:
    review = london_today() + timedelta(days=180)
    data: dict[str, Any] = {
        "version": "1",
        "preferred_name": "Robin",
        "legal_name": "Robin Testmore",
        "pronouns": "they/them",
        "birth_day": str(BIRTHDAY.day),
        "birth_month": str(BIRTHDAY.month),
        "birth_year": str(BIRTHDAY.year),
        "preferred_language": "en",
        "needs": ["easy_read", "quiet_room"],
        "communication_notes": "Likes a visual timetable sent before meetings.",
        "review_day": str(review.day),
        "review_month": str(review.month),
        "review_year": str(review.year),
    }
    return data | changes


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def test_a_keyworker_edits_the_profile_and_the_record_flags_the_needs(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_path(family)).get_data(as_text=True)
    assert "Edit the profile of Robin" in page and 'value="Robin Testmore"' in page
    assert "On the register" in page and "Record a change under Consent" in page

    done = client.post_form(_path(family), _form())
    assert done.status_code == 303
    assert done.headers["Location"] == _record(family) + "#about"
    person = _person(app, family)
    assert person.pronouns == "they/them" and person.profile_version == 2
    assert {need.need for need in person.communication_needs} == {
        CommunicationNeedType.EASY_READ,
        CommunicationNeedType.QUIET_ROOM,
    }
    [event] = _events(app, "profile.changed")
    assert event.actor_staff_id == family.keyworker.id
    assert event.detail["fields"] == [
        "pronouns",
        "needs",
        "communication_notes",
        "communication_review_on",
    ]
    assert "timetable" not in str(event.detail)

    record = client.get(_record(family)).get_data(as_text=True)
    assert "Profile saved." in record
    banner = record[record.index('id="communication-needs-heading"') :]
    assert banner.index("Easy read") < banner.index("Contacts")
    assert "Review due " in banner and "(in 180 days)" in banner and "Overdue" not in banner
    assert f"{_path(family)}#communication" in record
    # The page, the page again for a CSRF token, the save, and the record.
    assert len(_events(app, "record.viewed")) == 4


def test_an_overdue_review_is_flagged(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        assert person is not None
        person.communication_review_on = london_today() - timedelta(days=2)
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(_record(family)).get_data(as_text=True)
    assert "Overdue" in record and "(2 days late)" in record


def test_problems_are_shown_and_what_was_typed_is_kept(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    response = client.post_form(
        _path(family),
        _form(
            preferred_name="", pronouns="p" * 41, birth_day="31", birth_month="2", legal_name="Kept"
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a real date, like 15 3 2010" in html and 'href="#birth_day"' in html
    assert 'value="Kept"' in html
    response = client.post_form(_path(family), _form(preferred_name="", review_year="2000"))
    html = response.get_data(as_text=True)
    assert "Enter the name they like to be called" in html
    assert "Review date must be today or in the future" in html
    assert "Pronouns must be 40 characters or fewer" in client.post_form(
        _path(family), _form(pronouns="p" * 41)
    ).get_data(as_text=True)
    assert _person(app, family).profile_version == 1
    assert _events(app, "profile.changed") == []


def test_a_save_from_an_older_form_is_refused_with_both_versions_shown(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post_form(_path(family), _form(pronouns="she/her")).status_code == 303

    # A second form, opened at version 1, saves after the first.
    response = client.post_form(_path(family), _form(pronouns="he/him", preferred_name="Rob"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else saved this profile" in html
    assert f"{family.keyworker.name} saved it on " in html
    assert "she/her" in html and "he/him" in html and 'value="Rob"' in html
    assert "Different" in html and 'name="version" type="hidden" value="2"' in html
    person = _person(app, family)
    assert (person.pronouns, person.preferred_name, person.profile_version) == (
        "she/her",
        "Robin",
        2,
    )
    assert len(_events(app, "profile.save_refused")) == 1

    # Saving again, knowing the other version, replaces it.
    again = client.post_form(_path(family), _form(version="2", pronouns="he/him"))
    assert again.status_code == 303
    assert _person(app, family).pronouns == "he/him"


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager"])
def test_staff_who_may_not_see_the_record_cannot_edit_it(
    app: Flask, client: PortalClient, who: str
) -> None:
    family = make_family(app)
    with app.app_context():
        team = make_team(db.session)
        role = StaffRole.KEYWORKER if who == "other keyworker" else StaffRole.MANAGER
        user = make_staff_user(db.session, role=role, team=team)
        db.session.commit()
    client.sign_in(user, PASSWORD)
    assert client.get(_path(family)).status_code == 404
    response = client.post_form(_path(family), _form(), token_page="/staff/")
    assert response.status_code == 404
    assert _person(app, family).profile_version == 1
    assert [e.detail.get("young_person_id") for e in _events(app, "access.refused")] != []


def test_an_administrator_cannot_edit_a_profile(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    assert client.get(_path(family)).status_code == 403
    response = client.post_form(_path(family), _form(), token_page="/staff/admin/staff")
    assert response.status_code == 403
    assert _person(app, family).profile_version == 1


def test_a_family_member_cannot_edit_the_profile(app: Flask) -> None:
    family = make_family(app)
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    assert client.get(_path(family)).status_code == 403
    assert client.post(_path(family), data={**_form(), "csrf_token": token}).status_code == 403
    assert _person(app, family).profile_version == 1


def test_saving_needs_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post(_path(family), data=_form()).status_code == 400
    assert _person(app, family).profile_version == 1

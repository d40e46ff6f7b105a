"""The plan editor of the record: a save makes a new version with a note for
the family, which the family's plan page then shows; easy-read findings show
before saving, without JavaScript; a save from an older version is refused
with both versions shown; earlier versions are viewable and compared side by
side; only staff who may see the record reach any of it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.demo.plans import add_demo_plan
from portal.extensions import db
from portal.models import AuditEvent, Plan, PlanVersion, StaffRole, StaffUser, YoungPerson, utc_now
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_action, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family

EASY_NOTE = "We added a goal about college."


def _edit(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/plan/edit"


def _versions(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/plan/versions"


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "0",
        "about_me": "I am Robin. I like trains.",
        "what_matters": "My mum. My dog.",
        "what_helps": "A quiet room.",
        "what_does_not_help": "Loud places.",
        "my_goals": "Go to college.",
        "if_i_am_not_ok": "Tell my mum.",
        "change_note": "This is your first plan.",
        "action": "save",
    }
    return data | changes


def _version_count(app: Flask, family: Family) -> int:
    with app.app_context():
        return (
            db.session.scalar(
                select(func.count(PlanVersion.id))
                .join(Plan, PlanVersion.plan)
                .where(Plan.young_person_id == family.young_person_id)
            )
            or 0
        )


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def _first_version(client: PortalClient, family: Family) -> None:
    assert client.post_form(_edit(family), _form()).status_code == 303


def test_a_keyworker_saves_versions_and_the_family_reads_the_latest_note(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_edit(family)).get_data(as_text=True)
    assert "There is no plan yet. What you save will be version 1." in page
    assert 'name="version" type="hidden" value="0"' in page

    done = client.post_form(_edit(family), _form())
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/staff/young-people/{family.young_person_id}#plan")
    again = client.post_form(
        _edit(family),
        _form(version="1", my_goals="Go to college 3 days a week.", change_note=EASY_NOTE),
    )
    assert again.status_code == 303
    assert _version_count(app, family) == 2
    record = client.get(f"/staff/young-people/{family.young_person_id}").get_data(as_text=True)
    assert "Version 2 of 2" in record and "Edit the plan" in record
    saved = _events(app, "plan.version_saved")
    assert [e.detail["version"] for e in saved] == [1, 2]
    assert saved[1].detail["sections_changed"] == ["my_goals"]
    assert EASY_NOTE not in str(saved[1].detail)  # the audit names fields, not text

    family_client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, family_client, family.contact)
    plan_page = family_client.get("/my-plan").get_data(as_text=True)
    assert EASY_NOTE in plan_page and "3 days a week" in plan_page


def test_a_manager_of_the_team_edits_the_plan(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    assert client.get(_edit(family)).status_code == 200
    _first_version(client, family)
    assert _version_count(app, family) == 1


def test_check_shows_the_easy_read_findings_and_saves_nothing(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    hard = "We will facilitate a CETR and liaise with the LA regarding s117 aftercare."
    response = client.post_form(_edit(family), _form(my_goals=hard, action="check"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="my_goals-easy-read"' in html and "Must fix:" in html
    assert "Checked. Read what to make easier below each box, then save." in html
    assert "There is a problem" not in html  # a check is not a failed save
    assert "facilitate a CETR" in html  # what was typed is kept
    assert _version_count(app, family) == 0

    # Saving the same text is refused, with the findings beside the box.
    refused = client.post_form(_edit(family), _form(my_goals=hard)).get_data(as_text=True)
    assert (
        "There is a problem" in refused and "Make this easier to read before saving it" in refused
    )
    assert 'id="my_goals-easy-read"' in refused
    assert _version_count(app, family) == 0


def test_check_of_easy_text_says_so(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    html = client.post_form(_edit(family), _form(action="check")).get_data(as_text=True)
    assert "Checked. Nothing to make easier in what you changed." in html
    assert _version_count(app, family) == 0


def test_the_note_for_the_family_is_required_and_checked(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    missing = client.post_form(_edit(family), _form(change_note="")).get_data(as_text=True)
    assert "Enter what changed, for the family to read" in missing
    hard = client.post_form(
        _edit(family), _form(change_note="Updated re CETR actions per LA s117.")
    ).get_data(as_text=True)
    assert 'id="change_note-easy-read"' in hard
    assert _version_count(app, family) == 0


def test_a_save_from_an_older_version_is_refused_with_both_versions_shown(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    _first_version(client, family)
    assert (
        client.post_form(
            _edit(family),
            _form(version="1", about_me="I am Robin. I like buses.", change_note=EASY_NOTE),
        ).status_code
        == 303
    )
    # A second form, opened at version 1, saves after the first.
    response = client.post_form(
        _edit(family),
        _form(version="1", about_me="I am Robin. I like boats.", change_note=EASY_NOTE),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else saved this plan" in html
    assert f"{family.keyworker.name} saved version 2 on " in html
    assert "I like buses." in html and "I like boats." in html and "Different" in html
    assert 'name="version" type="hidden" value="2"' in html
    assert _version_count(app, family) == 2
    assert len(_events(app, "plan.save_refused")) == 1

    # Saving again, knowing the other version, makes version 3.
    assert (
        client.post_form(
            _edit(family),
            _form(version="2", about_me="I am Robin. I like boats.", change_note=EASY_NOTE),
        ).status_code
        == 303
    )
    assert _version_count(app, family) == 3


def test_earlier_versions_are_viewable_and_compared_side_by_side(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    _first_version(client, family)
    client.post_form(
        _edit(family),
        _form(version="1", my_goals="Go to college 3 days a week.", change_note=EASY_NOTE),
    )

    listing = client.get(_versions(family)).get_data(as_text=True)
    assert "This is your first plan." in listing and EASY_NOTE in listing
    assert "Compare two versions" in listing
    first = client.get(_versions(family) + "/1").get_data(as_text=True)
    assert "Version 1 of the plan of Robin" in first and "Go to college." in first
    assert "The latest is version 2." in first
    assert client.get(_versions(family) + "/3").status_code == 404

    path = f"/staff/young-people/{family.young_person_id}/plan/compare?first=2&second=1"
    compared = client.get(path).get_data(as_text=True)
    assert "Version 1 and version 2 of the plan of Robin" in compared
    assert "1 section changed." in compared and compared.count("Changed</strong>") == 1
    assert "Go to college." in compared and "Go to college 3 days a week." in compared
    bad = f"/staff/young-people/{family.young_person_id}/plan/compare?first=1&second=1"
    assert client.get(bad).status_code == 404


PAGES = ("/plan/edit", "/plan/versions", "/plan/versions/1", "/plan/compare?first=1&second=2")


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager"])
def test_staff_who_may_not_see_the_record_reach_no_plan_page(
    app: Flask, client: PortalClient, who: str
) -> None:
    family = make_family(app)
    owner: PortalClient = app.test_client()  # type: ignore[assignment]
    owner.sign_in(family.keyworker, PASSWORD)
    _first_version(owner, family)
    with app.app_context():
        role = StaffRole.KEYWORKER if who == "other keyworker" else StaffRole.MANAGER
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    for page in PAGES:
        assert client.get(f"/staff/young-people/{family.young_person_id}{page}").status_code == 404
    refused = client.post_form(
        _edit(family), _form(version="1", about_me="Changed."), token_page="/staff/"
    )
    assert refused.status_code == 404
    assert _version_count(app, family) == 1
    assert _events(app, "access.refused")


def test_an_administrator_and_a_family_member_reach_no_plan_page(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    for page in PAGES:
        assert client.get(f"/staff/young-people/{family.young_person_id}{page}").status_code == 403
    assert (
        client.post_form(_edit(family), _form(), token_page="/staff/admin/staff").status_code == 403
    )

    family_client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, family_client, family.contact)
    token = family_client.csrf_token("/home")
    assert family_client.get(_edit(family)).status_code == 403
    assert (
        family_client.post(_edit(family), data={**_form(), "csrf_token": token}).status_code == 403
    )
    assert _version_count(app, family) == 0


def test_saving_needs_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post(_edit(family), data=_form()).status_code == 400
    assert _version_count(app, family) == 0


def test_plan_pages_say_where_the_actions_are(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        keyworker = db.session.get(StaffUser, family.keyworker.id)
        assert person is not None and keyworker is not None
        add_demo_plan(db.session, person, keyworker, today=london_today(), now=utc_now())
        make_action(db.session, young_person_id=person.id, what="Book a visit.", by=keyworker)
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    actions = f"/staff/young-people/{family.young_person_id}/actions"
    page = client.get(_edit(family)).get_data(as_text=True)
    assert "Actions are not part of the plan versions." in page and actions in page
    assert "Book a visit." not in page

    version = client.get(_versions(family) + "/2").get_data(as_text=True)
    assert "A version is the written plan." in version and actions in version
    assert "Book a visit." not in version

"""The keyworker and cover pages: managers of the young person's team change
them; keyworkers who may see the record read them; nobody else reaches them.
A keyworker change made since the form was shown is refused with both
keyworkers shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CoverGrant,
    KeyworkerAllocation,
    StaffRole,
    StaffUser,
    YoungPerson,
)
from portal.services.access.staff import RECORD_VIEWED
from portal.template_filters import long_date
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import (
    make_cover_grant,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import make_family
from tests.support.staff_sessions import sign_in_staff


@dataclass(frozen=True)
class Case:
    """Ids: a young person allocated to `keyworker` in a team with a manager
    and two more keyworkers; one of them (`other`) has a case of their own."""

    person: int
    keyworker: int
    colleague: int
    other: int
    manager: int
    other_manager: int
    admin: int
    other_case: int


@pytest.fixture
def case(app: Flask) -> Case:
    with app.app_context():
        session = db.session
        team = make_team(session)
        keyworker = make_staff_user(session, team=team, name="Kim Keyworker")
        colleague = make_staff_user(session, team=team, name="Cal Colleague")
        other = make_staff_user(session, team=team, name="Oli Other")
        person = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Robin")
        other_case = make_young_person(session, team=team, keyworker=other)
        ids = Case(
            person=person.id,
            keyworker=keyworker.id,
            colleague=colleague.id,
            other=other.id,
            manager=make_staff_user(session, role=StaffRole.MANAGER, team=team).id,
            other_manager=make_staff_user(
                session, role=StaffRole.MANAGER, team=make_team(session)
            ).id,
            admin=make_staff_user(session, role=StaffRole.ADMIN, team=team).id,
            other_case=other_case.id,
        )
        session.commit()
        return ids


def _as(app: Flask, client: PortalClient, user_id: int) -> None:
    with app.app_context():
        user = db.session.get(StaffUser, user_id)
        assert user is not None
        sign_in_staff(app, client, user)


def _long(app: Flask, day: date) -> str:
    with app.test_request_context():
        return long_date(day)


def _keyworker_page(case: Case) -> str:
    return f"/staff/young-people/{case.person}/keyworker"


def _cover_page(case: Case) -> str:
    return f"/staff/young-people/{case.person}/cover"


def _today_fields() -> dict[str, str]:
    today = london_today()
    return {"day": str(today.day), "month": str(today.month), "year": str(today.year)}


def _allocations(app: Flask) -> list[KeyworkerAllocation]:
    with app.app_context():
        return list(db.session.scalars(select(KeyworkerAllocation)))


def _person(app: Flask, case: Case) -> YoungPerson:
    with app.app_context():
        person = db.session.get(YoungPerson, case.person)
        assert person is not None
        return person


def test_a_manager_changes_the_keyworker_from_the_record(
    app: Flask, client: PortalClient, case: Case
) -> None:
    _as(app, client, case.manager)
    record = client.get(f"/staff/young-people/{case.person}").get_data(as_text=True)
    assert _keyworker_page(case) in record and "Kim Keyworker" in record
    page = client.get(_keyworker_page(case)).get_data(as_text=True)
    assert "Cal Colleague" in page and "Oli Other" in page
    assert f'value="{london_today().day}"' in page  # the date is today unless changed
    done = client.post_form(
        _keyworker_page(case),
        {"keyworker": str(case.colleague), "reason": "Kim moves to nights.", **_today_fields()},
    )
    assert done.status_code == 303
    assert done.headers["Location"] == f"/staff/young-people/{case.person}#keyworker"
    assert _person(app, case).keyworker_id == case.colleague
    [row] = _allocations(app)
    assert (row.keyworker_id, row.previous_keyworker_id, row.allocated_by_id) == (
        case.colleague,
        case.keyworker,
        case.manager,
    )
    record = client.get(f"/staff/young-people/{case.person}").get_data(as_text=True)
    assert "Cal Colleague is the keyworker now." in record
    history = client.get(_keyworker_page(case)).get_data(as_text=True)
    assert "Kim moves to nights." in history and _long(app, london_today()) in history


def test_a_change_made_since_the_form_was_shown_is_refused_with_both_shown(
    app: Flask, client: PortalClient, case: Case
) -> None:
    _as(app, client, case.manager)
    token_page = _keyworker_page(case)
    token = client.csrf_token(token_page)
    with app.app_context():  # another manager changes it meanwhile
        person = db.session.get(YoungPerson, case.person)
        assert person is not None
        person.keyworker_id = case.other
        db.session.commit()
    response = client.post(
        _keyworker_page(case),
        data={
            "keyworker": str(case.colleague),
            "expected_keyworker": str(case.keyworker),
            "reason": "My typed reason.",
            "csrf_token": token,
            **_today_fields(),
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The keyworker changed while you had this page open" in html
    assert "When you opened this page: Kim Keyworker" in html
    assert "Now: Oli Other" in html
    assert "My typed reason." in html
    assert f'name="expected_keyworker" type="hidden" value="{case.other}"' in html
    assert _person(app, case).keyworker_id == case.other and _allocations(app) == []


def test_a_change_with_nothing_chosen_says_what_is_missing(
    app: Flask, client: PortalClient, case: Case
) -> None:
    _as(app, client, case.manager)
    html = client.post_form(_keyworker_page(case), {"day": "31", "month": "2"}).get_data(
        as_text=True
    )
    for words in ("There is a problem", "Choose the new keyworker", "Enter the reason"):
        assert words in html
    assert "Enter the day, the month and the year" in html
    assert _allocations(app) == []


def test_a_manager_gives_cover_and_the_colleague_sees_the_case_until_it_ends(
    app: Flask, client: PortalClient, case: Case
) -> None:
    _as(app, client, case.manager)
    today = london_today()
    response = client.post_form(
        _cover_page(case),
        {"colleague": str(case.colleague), "reason": "Kim on leave.", **_today_fields()},
    )
    assert response.status_code == 303
    page = client.get(_cover_page(case)).get_data(as_text=True)
    assert "Cal Colleague can see this record until the end of" in page
    assert "Kim on leave." in page and "End cover now" in page

    colleague: PortalClient = app.test_client()  # type: ignore[assignment]
    _as(app, colleague, case.colleague)
    caseload = colleague.get("/staff/").get_data(as_text=True)
    assert f"Covering until {_long(app, today)}" in caseload
    assert colleague.get(f"/staff/young-people/{case.person}").status_code == 200

    with app.app_context():
        grant_id = db.session.scalars(select(CoverGrant.id)).one()
    ended = client.post_form(f"{_cover_page(case)}/{grant_id}/end", token_page=_cover_page(case))
    assert ended.status_code == 303
    assert "Cover by Cal Colleague has ended." in client.get(_cover_page(case)).get_data(
        as_text=True
    )
    assert colleague.get(f"/staff/young-people/{case.person}").status_code == 404
    assert "Covering until" not in colleague.get("/staff/").get_data(as_text=True)


def test_cover_of_another_young_person_cannot_be_ended_through_this_one(
    app: Flask, client: PortalClient, case: Case
) -> None:
    with app.app_context():
        other_case = db.session.get(YoungPerson, case.other_case)
        colleague = db.session.get(StaffUser, case.colleague)
        assert other_case is not None and colleague is not None
        grant = make_cover_grant(
            db.session,
            young_person=other_case,
            colleague=colleague,
            starts_on=london_today(),
            ends_on=london_today(),
        )
        grant_id = grant.id
        db.session.commit()
    _as(app, client, case.manager)
    response = client.post_form(f"{_cover_page(case)}/{grant_id}/end", token_page=_cover_page(case))
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(CoverGrant, grant_id).ended_at is None  # type: ignore[union-attr]


# Who reaches the pages: GET status, POST status, and whether the forms show.
ROLES = {
    "the keyworker": ("keyworker", 200, 403, False),
    "a keyworker covering": ("colleague", 200, 403, False),
    "a keyworker of another case": ("other", 404, 403, False),
    "the team's manager": ("manager", 200, 200, True),
    "another team's manager": ("other_manager", 404, 404, False),
    "an administrator": ("admin", 403, 403, False),
}


@pytest.mark.parametrize("who", list(ROLES))
@pytest.mark.parametrize("page", ["keyworker", "cover"])
def test_every_role_on_the_allocation_pages(
    app: Flask, client: PortalClient, case: Case, who: str, page: str
) -> None:
    attribute, get_status, post_status, shows_forms = ROLES[who]
    with app.app_context():
        person = db.session.get(YoungPerson, case.person)
        colleague = db.session.get(StaffUser, case.colleague)
        assert person is not None and colleague is not None
        make_cover_grant(
            db.session,
            young_person=person,
            colleague=colleague,
            starts_on=london_today(),
            ends_on=london_today(),
        )
        grant_id = db.session.scalars(select(CoverGrant.id)).one()
        db.session.commit()
    _as(app, client, getattr(case, attribute))
    path = _keyworker_page(case) if page == "keyworker" else _cover_page(case)
    response = client.get(path)
    assert response.status_code == get_status
    if get_status == 200:
        html = response.get_data(as_text=True)
        assert ('<form method="post" novalidate>' in html) is shows_forms
        assert ("Only a manager of this young person" in html) is not shows_forms
    # An empty POST: refused before anything is read, or the form's errors.
    assert client.post_form(path, {}, token_page="/staff/").status_code == post_status
    ended = client.post_form(f"{_cover_page(case)}/{grant_id}/end", token_page="/staff/")
    assert ended.status_code == (303 if shows_forms else post_status)
    if not shows_forms:
        with app.app_context():
            assert db.session.get(CoverGrant, grant_id).ended_at is None  # type: ignore[union-attr]
    assert _allocations(app) == []


def test_the_pages_are_audited_as_looks_at_the_record(
    app: Flask, client: PortalClient, case: Case
) -> None:
    _as(app, client, case.keyworker)
    client.get(_keyworker_page(case))
    client.get(_cover_page(case))
    with app.app_context():
        looks = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == RECORD_VIEWED, AuditEvent.young_person_id == case.person)
        )
    assert looks == 2


def test_a_family_member_cannot_reach_the_pages(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    sign_in_family(app, client, family.contact)
    client.get("/home")
    for page in ("keyworker", "cover"):
        path = f"/staff/young-people/{family.young_person_id}/{page}"
        assert client.get(path).status_code == 403


@pytest.mark.parametrize(("who", "link"), [("manager", "Change"), ("keyworker", "History")])
def test_the_record_shows_the_keyworker_who_covers_and_the_way_to_change_them(
    app: Flask, client: PortalClient, case: Case, who: str, link: str
) -> None:
    with app.app_context():
        person = db.session.get(YoungPerson, case.person)
        colleague = db.session.get(StaffUser, case.colleague)
        assert person is not None and colleague is not None
        make_cover_grant(
            db.session,
            young_person=person,
            colleague=colleague,
            starts_on=london_today(),
            ends_on=london_today(),
        )
        db.session.commit()
    _as(app, client, getattr(case, who))
    html = client.get(f"/staff/young-people/{case.person}").get_data(as_text=True)
    assert f"Cal Colleague covers until {_long(app, london_today())}." in html
    assert (
        f'<a href="{_keyworker_page(case)}">{link}'
        '<span class="nhsuk-u-visually-hidden"> keyworker</span></a>'
    ) in html
    assert f'href="{_cover_page(case)}"' in html

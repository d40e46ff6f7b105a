"""The caseload says how much is new from each family, and whether any is urgent."""

from __future__ import annotations

import re

from flask import Flask

from portal.extensions import db
from portal.models import FamilyInputKind, utc_now
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
from tests.support.family_input_data import (
    add_family_input_of_every_kind,
    make_family_on_caseload,
)
from tests.support.urgent import acknowledge_directly

NEW_FROM_FAMILY = re.compile(r"New from family: (\d+)")
URGENT_TAG = re.compile(r'nhsuk-tag--red">\s*Needs you now: (\d+)\s*</strong>')


def _rows(html: str) -> dict[str, str]:
    """Each row of the caseload table, by the young person's preferred name."""
    caseload = html.split('<h2 id="caseload">')[1]
    rows = caseload.split('<tr class="nhsuk-table__row" role="row">')[2:]
    return {re.search(r'young-people/\d+">([^<]+)</a>', row)[1]: row for row in rows}  # type: ignore[index]


def test_each_young_person_shows_how_much_is_new_and_whether_urgent(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        notices = add_family_input_of_every_kind(
            db.session, contact=family.contact, meeting=family.meeting
        )
        # One urgent notice already seen, one urgent still new: both still
        # need someone, until someone acknowledges them.
        seen = notices[FamilyInputKind.FEEDBACK]
        seen.seen_at, seen.seen_by_id = utc_now(), family.keyworker.id
        calm = make_young_person(
            db.session,
            team=family.keyworker.team,
            keyworker=family.keyworker,
            preferred_name="Calmperson",
        )
        calm_contact = make_contact(db.session, young_person=calm)
        calm_notices = add_family_input_of_every_kind(
            db.session, contact=calm_contact, meeting=make_meeting(db.session, young_person=calm)
        )
        for notice in calm_notices.values():
            if notice.urgent:
                notice.seen_at, notice.seen_by_id = utc_now(), family.keyworker.id
        acknowledge_directly(db.session, calm_notices.values(), family.keyworker)
        make_young_person(
            db.session,
            team=family.keyworker.team,
            keyworker=family.keyworker,
            preferred_name="Quietperson",
        )
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    rows = _rows(client.get("/staff/").get_data(as_text=True))
    assert NEW_FROM_FAMILY.findall(rows["Robin"]) == ["5"]
    assert URGENT_TAG.findall(rows["Robin"]) == ["2"]
    assert NEW_FROM_FAMILY.findall(rows["Calmperson"]) == ["4"]
    assert not URGENT_TAG.search(rows["Calmperson"])
    assert not NEW_FROM_FAMILY.search(rows["Quietperson"])


def test_opening_the_record_clears_the_count_for_the_keyworker_only(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        add_family_input_of_every_kind(db.session, contact=family.contact, meeting=family.meeting)
        db.session.commit()
    manager: PortalClient = app.test_client()  # type: ignore[assignment]
    manager.sign_in(family.manager, PASSWORD)
    assert manager.get(f"/staff/young-people/{family.young_person.id}").status_code == 200
    assert NEW_FROM_FAMILY.findall(manager.get("/staff/").get_data(as_text=True)) == ["6"]

    client.sign_in(family.keyworker, PASSWORD)
    assert NEW_FROM_FAMILY.findall(client.get("/staff/").get_data(as_text=True)) == ["6"]
    assert client.get(f"/staff/young-people/{family.young_person.id}").status_code == 200
    assert not NEW_FROM_FAMILY.search(client.get("/staff/").get_data(as_text=True))
    assert not NEW_FROM_FAMILY.search(manager.get("/staff/").get_data(as_text=True))


def test_a_manager_sees_counts_for_the_team_and_not_other_teams(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        add_family_input_of_every_kind(db.session, contact=family.contact, meeting=family.meeting)
        elsewhere = make_family_on_caseload(db.session)
        add_family_input_of_every_kind(
            db.session, contact=elsewhere.contact, meeting=elsewhere.meeting
        )
        db.session.commit()
    client.sign_in(family.manager, PASSWORD)
    html = client.get("/staff/").get_data(as_text=True)
    assert NEW_FROM_FAMILY.findall(html) == ["6"]
    assert "Some words from the family" not in html


def test_the_counts_take_one_query_for_the_whole_caseload(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)

    def add_people(count: int) -> None:
        with app.app_context():
            for _ in range(count):
                person = make_young_person(db.session, team=team, keyworker=keyworker)
                add_family_input_of_every_kind(
                    db.session,
                    contact=make_contact(db.session, young_person=person),
                    meeting=make_meeting(db.session, young_person=person),
                )
            db.session.commit()

    def caseload() -> tuple[int, list[str]]:
        with app.app_context():
            engine = db.engine
        with count_queries(engine) as log:
            html = client.get("/staff/").get_data(as_text=True)
        counting = [s for s in log.statements if "family_input_notices" in s]
        # The caseload's counts, the worklist's open urgent items and its
        # messages no keyworker has opened yet.
        assert len(counting) == 3, counting
        return log.count, NEW_FROM_FAMILY.findall(html)

    add_people(3)
    three, counts = caseload()
    assert counts == ["6"] * 3
    add_people(9)
    twelve, counts = caseload()
    assert counts == ["6"] * 12
    assert twelve == three

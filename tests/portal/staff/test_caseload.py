"""The caseload: keyworkers see their own young people and those they cover;
managers their team."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import event

from portal.extensions import db
from portal.models import MeetingKind, MeetingStatus, RiskRating, StaffRole, utc_now
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.factories import (
    PASSWORD,
    make_cover_grant,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)


def test_a_keyworker_sees_only_their_own_caseload(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        mine = make_staff_user(db.session, team=team)
        theirs = make_staff_user(db.session, team=team)
        person = make_young_person(
            db.session,
            team=team,
            keyworker=mine,
            preferred_name="Mineperson",
            risk_rating=RiskRating.RED,
        )
        make_young_person(db.session, team=team, keyworker=theirs, preferred_name="Otherperson")
        make_meeting(
            db.session,
            young_person=person,
            kind=MeetingKind.CETR,
            starts_at=utc_now() + timedelta(days=3),
        )
        make_meeting(
            db.session,
            young_person=person,
            starts_at=utc_now() + timedelta(days=1),
            status=MeetingStatus.CANCELLED,
        )
        db.session.commit()
    client.sign_in(mine, PASSWORD)
    html = client.get("/staff/").get_data(as_text=True)
    assert "Mineperson" in html
    assert "Otherperson" not in html
    assert "Care, Education and Treatment Review (CETR)" in html
    assert ">Red<" in html


def test_a_manager_sees_their_whole_team_and_not_others(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team, other_team = make_team(db.session), make_team(db.session)
        manager = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        keyworker = make_staff_user(db.session, team=team)
        make_young_person(db.session, team=team, keyworker=keyworker, preferred_name="Teamperson")
        make_young_person(db.session, team=team, keyworker=None, preferred_name="Unallocated")
        make_young_person(db.session, team=other_team, preferred_name="Elsewhere")
        db.session.commit()
    client.sign_in(manager, PASSWORD)
    html = client.get("/staff/").get_data(as_text=True)
    assert "Teamperson" in html and "Unallocated" in html and "Not allocated" in html
    assert "Elsewhere" not in html


def test_the_caseload_takes_the_same_number_of_queries_for_any_size(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)

    def queries_for_caseload() -> int:
        statements: list[str] = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/staff/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    def add_people(count: int) -> None:
        with app.app_context():
            for _ in range(count):
                person = make_young_person(db.session, team=team, keyworker=keyworker)
                make_meeting(db.session, young_person=person)
            db.session.commit()

    add_people(1)
    few = queries_for_caseload()
    add_people(20)
    assert queries_for_caseload() == few
    # Cases covered for colleagues come from the same queries.
    with app.app_context():
        colleague = make_staff_user(db.session, team=team)
        for _ in range(20):
            person = make_young_person(db.session, team=team, keyworker=colleague)
            make_cover_grant(
                db.session,
                young_person=person,
                colleague=keyworker,
                starts_on=london_today(),
                ends_on=london_today() + timedelta(days=3),
            )
        db.session.commit()
    assert queries_for_caseload() == few
    assert client.get("/staff/").get_data(as_text=True).count("Covering until") == 20

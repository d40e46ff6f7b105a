"""The caseload: keyworkers see their own young people and those they cover;
managers their team."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import event, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    MeetingKind,
    MeetingStatus,
    RiskRating,
    StaffRole,
    StaffUser,
    Team,
    utc_now,
)
from portal.services.records.worklist import WORKLIST_VIEWED
from portal.timezones import london_today
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.factories import (
    PASSWORD,
    make_cover_grant,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.worklist_data import add_everything

# The caseload's name links (the worklist names people in plain text), and
# the worklist's urgent lines.
PAGER_NAMES = re.compile(r'<a href="/staff/young-people/\d+">Pager\d+</a>')
URGENT_LINKS = re.compile(r"Urgent: needs you now")


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
    as_manager: PortalClient = app.test_client()  # type: ignore[assignment]
    as_manager.sign_in(manager, PASSWORD)
    html = as_manager.get("/staff/").get_data(as_text=True)
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


def test_the_home_shows_the_worklist_with_links_and_relative_hints(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team, name="Kim Keyworker")
        manager = make_staff_user(db.session, team=team, role=StaffRole.MANAGER)
        person = make_young_person(
            db.session, team=team, keyworker=keyworker, preferred_name="Robin"
        )
        add_everything(db.session, person, keyworker, utc_now())
        person_id = person.id
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    html = client.get("/staff/").get_data(as_text=True)
    worklist = html.split('<h2 id="worklist">')[1].split('<h2 id="caseload">')[0]
    assert "12 things need you" in worklist
    assert "Action overdue: Book the review" in worklist
    assert "2 days late" in worklist
    assert "Action due soon: Send the letter" in worklist
    assert "in 3 days" in worklist
    assert "Turns 16: who may decide changes" in worklist
    assert "Never reviewed" in worklist
    assert f"/staff/young-people/{person_id}/urgent/" in worklist
    assert f"/staff/young-people/{person_id}/risk-rating" in worklist
    # A message to the team links straight to replying to it.
    assert "Sent a message: Contact " in worklist
    assert re.search(rf'href="/staff/young-people/{person_id}/from-the-family/\d+/reply"', worklist)
    # Lines about one action or meeting link straight to it.
    assert re.search(rf'href="/staff/young-people/{person_id}/actions/\d+"', worklist)
    assert re.search(rf'href="/staff/young-people/{person_id}/meetings/\d+"', worklist)
    assert "Kim Keyworker" not in worklist
    caseload = html.split('<h2 id="caseload">')[1]
    assert "Needs you" in caseload

    as_manager: PortalClient = app.test_client()  # type: ignore[assignment]
    as_manager.sign_in(manager, PASSWORD)
    html = as_manager.get("/staff/").get_data(as_text=True)
    assert "Kim Keyworker" in html.split('<h2 id="worklist">')[1].split('<h2 id="caseload">')[0]


def test_the_filter_form_works_with_a_plain_get(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        make_young_person(
            db.session,
            team=team,
            keyworker=keyworker,
            preferred_name="Ruby",
            risk_rating=RiskRating.RED,
        )
        make_young_person(
            db.session, team=team, keyworker=keyworker, preferred_name="Gil", risk_rating=None
        )
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)

    html = client.get("/staff/?risk=red").get_data(as_text=True)
    assert ">Ruby<" in html and ">Gil<" not in html
    assert "1 of 2 young people" in html
    assert 'value="red" selected' in html
    html = client.get("/staff/?risk=not_rated&name=g").get_data(as_text=True)
    assert ">Gil<" in html and ">Ruby<" not in html
    html = client.get("/staff/?name=nobody").get_data(as_text=True)
    assert "Nobody matches what you searched for." in html
    # Nonsense is ignored, not an error.
    assert client.get("/staff/?risk=purple&urgent=yes").status_code == 200


def test_the_home_view_is_audited(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        keyworker = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
        keyworker_id = keyworker.id
    client.sign_in(keyworker, PASSWORD)
    client.get("/staff/?name=a")
    with app.app_context():
        event_row = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == WORKLIST_VIEWED, AuditEvent.actor_staff_id == keyworker_id
            )
        ).one()
        assert event_row.detail == {"shown": 0, "filtered": True}


def test_the_home_refuses_administrators_and_hides_other_cases(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        colleague = make_staff_user(db.session, team=team)
        admin = make_staff_user(db.session, team=team, role=StaffRole.ADMIN)
        person = make_young_person(
            db.session, team=team, keyworker=keyworker, preferred_name="Hiddenperson"
        )
        add_everything(db.session, person, keyworker, utc_now())
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    assert client.get("/staff/").status_code == 403
    as_colleague: PortalClient = app.test_client()  # type: ignore[assignment]
    as_colleague.sign_in(colleague, PASSWORD)
    html = as_colleague.get("/staff/").get_data(as_text=True)
    assert "Hiddenperson" not in html
    assert "Nothing needs you right now." in html


def _team_of(count: int, manager_team: Team, keyworker: StaffUser, now: datetime) -> None:
    for number in range(count):
        person = make_young_person(
            db.session, team=manager_team, keyworker=keyworker, preferred_name=f"Pager{number:03d}"
        )
        add_everything(db.session, person, keyworker, now)
    db.session.commit()


def test_a_large_team_is_shown_a_page_at_a_time_with_plain_links(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        manager = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        keyworker = make_staff_user(db.session, team=team)
        _team_of(60, team, keyworker, utc_now())
    client.sign_in(manager, PASSWORD)
    first = client.get("/staff/").get_data(as_text=True)
    assert len(PAGER_NAMES.findall(first)) == 50
    assert "60 young people (1 to 50, page 1 of 2)" in first
    # Urgent items: 60, cut to 10, with a link to all of them.
    assert len(URGENT_LINKS.findall(first)) == 10
    assert "Show all 60 urgent items" in first
    second = client.get("/staff/?page=2").get_data(as_text=True)
    assert len(PAGER_NAMES.findall(second)) == 10
    assert 'href="/staff/?page=1#caseload"' in second
    everything = client.get("/staff/?page=2&all=urgent").get_data(as_text=True)
    assert len(URGENT_LINKS.findall(everything)) == 60
    assert "Show only the first 10 urgent items" in everything
    assert 'href="/staff/?page=2#worklist"' in everything  # the caseload page is kept
    filtered = client.get("/staff/?risk=amber&page=2").get_data(as_text=True)
    assert 'href="/staff/?risk=amber&amp;page=1#caseload"' in filtered


def test_a_keyworkers_short_list_is_not_cut(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        _team_of(3, team, keyworker, utc_now())
    client.sign_in(keyworker, PASSWORD)
    html = client.get("/staff/").get_data(as_text=True)
    assert len(PAGER_NAMES.findall(html)) == 3
    assert "36 things need you<" in html
    assert "Show all" not in html and "nhsuk-pagination" not in html


def test_the_home_runs_the_same_queries_on_any_page_at_10_and_200(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        manager = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        keyworker = make_staff_user(db.session, team=team)
        db.session.commit()
        engine = db.engine
    client.sign_in(manager, PASSWORD)

    def queries(path: str) -> int:
        with count_queries(engine) as log:
            assert client.get(path).status_code == 200
        return log.count

    with app.app_context():
        _team_of(10, team, keyworker, utc_now())
    ten = queries("/staff/")
    with app.app_context():
        _team_of(190, team, keyworker, utc_now())
    assert queries("/staff/") == ten
    assert queries("/staff/?page=4&all=urgent&all=risk_review") == ten

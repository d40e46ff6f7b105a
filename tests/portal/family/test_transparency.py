"""Who has looked at my information: staff by role, family by relationship,
never a name; newest first, the last 90 days, in a fixed number of queries.
And every family page a signed-in family member opens is audited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditEvent, Contact, Relationship, StaffRole, StaffUser, utc_now
from portal.services.records.audit import record_event, record_family_view
from portal.services.records.transparency import Look, Viewer, who_has_looked
from tests.client import PortalClient
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import sign_in_family

# 11 in the morning in London, summer time: the London date is the UTC date.
NOW = datetime.fromisoformat("2026-07-15T10:00:00+00:00")
TODAY = date(2026, 7, 15)


@dataclass
class People:
    reader: Contact  # the young person, reading the page
    mum: Contact
    dad: Contact
    carer: Contact
    keyworker: StaffUser
    manager: StaffUser


@pytest.fixture
def people(session: Session) -> People:
    team = make_team(session)
    keyworker = make_staff_user(
        session, role=StaffRole.KEYWORKER, team=team, name="Zebedee Uniquename"
    )
    manager = make_staff_user(session, role=StaffRole.MANAGER, team=team, name="Quentin Rarename")
    person = make_young_person(
        session, team=team, keyworker=keyworker, date_of_birth=date(2009, 3, 1)
    )
    result = People(
        reader=make_contact(session, young_person=person, relation=Relationship.SELF),
        mum=make_contact(session, young_person=person, name="Marigold Parentname"),
        dad=make_contact(session, young_person=person, name="Dashiell Parentname"),
        carer=make_contact(session, young_person=person, relation=Relationship.CARER),
        keyworker=keyworker,
        manager=manager,
    )
    session.commit()
    return result


def _at(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def _staff_looked(session: Session, user: StaffUser, young_person_id: int, when: datetime) -> None:
    with _at(when):
        record_event(session, "record.viewed", staff_user=user, young_person_id=young_person_id)
    session.commit()


def _family_looked(session: Session, contact: Contact, when: datetime) -> None:
    with _at(when):
        record_family_view(session, contact, "family.who_has_looked_page")
    session.commit()


def test_staff_are_shown_by_role_and_family_by_relationship(
    session: Session, people: People
) -> None:
    young_person_id = people.reader.young_person_id
    _staff_looked(session, people.keyworker, young_person_id, NOW - timedelta(days=1))
    _staff_looked(session, people.manager, young_person_id, NOW - timedelta(days=2))
    _family_looked(session, people.mum, NOW - timedelta(days=1, hours=1))
    _family_looked(session, people.carer, NOW - timedelta(days=3))

    found = who_has_looked(session, people.reader, now=NOW)

    assert found.looks == [
        Look(TODAY - timedelta(days=1), Viewer.KEYWORKER, 1),
        Look(TODAY - timedelta(days=1), Viewer.PARENT, 1),
        Look(TODAY - timedelta(days=2), Viewer.MANAGER, 1),
        Look(TODAY - timedelta(days=3), Viewer.CARER, 1),
    ]
    assert found.since == TODAY - timedelta(days=90)


def test_looks_are_counted_once_per_person_per_day(session: Session, people: People) -> None:
    for hours in (1, 2, 3):
        _family_looked(session, people.mum, NOW - timedelta(hours=hours))
    _family_looked(session, people.dad, NOW - timedelta(hours=4))
    _staff_looked(session, people.keyworker, people.reader.young_person_id, NOW)
    _staff_looked(session, people.keyworker, people.reader.young_person_id, NOW)

    found = who_has_looked(session, people.reader, now=NOW)

    assert found.looks == [Look(TODAY, Viewer.KEYWORKER, 1), Look(TODAY, Viewer.PARENT, 2)]


def test_the_readers_own_looks_are_left_out(session: Session, people: People) -> None:
    _family_looked(session, people.reader, NOW - timedelta(hours=1))
    _family_looked(session, people.mum, NOW - timedelta(hours=2))
    assert who_has_looked(session, people.reader, now=NOW).looks == [Look(TODAY, Viewer.PARENT, 1)]
    assert who_has_looked(session, people.mum, now=NOW).looks == [
        Look(TODAY, Viewer.YOUNG_PERSON, 1)
    ]


def test_only_the_last_90_days_are_shown(session: Session, people: People) -> None:
    young_person_id = people.reader.young_person_id
    _staff_looked(session, people.keyworker, young_person_id, NOW - timedelta(days=89))
    _staff_looked(session, people.keyworker, young_person_id, NOW - timedelta(days=92))
    found = who_has_looked(session, people.reader, now=NOW)
    assert [look.day for look in found.looks] == [TODAY - timedelta(days=89)]


def test_other_young_peoples_records_and_other_actions_are_left_out(
    session: Session, people: People
) -> None:
    someone_else = make_young_person(session, team=make_team(session))
    _staff_looked(session, people.keyworker, someone_else.id, NOW)
    record_event(
        session,
        "staff.signed_in",
        staff_user=people.keyworker,
        young_person_id=people.reader.young_person_id,
    )
    session.commit()
    assert who_has_looked(session, people.reader, now=NOW).looks == []


def test_an_export_of_the_record_is_a_look(session: Session, people: People) -> None:
    """A manager who downloads the whole record has looked at it; an export
    by the command is done by nobody the family knows, and is not shown."""
    young_person_id = people.reader.young_person_id
    with _at(NOW - timedelta(days=1)):
        record_event(
            session,
            "record.exported",
            staff_user=people.manager,
            young_person_id=young_person_id,
            how="page",
        )
        record_event(session, "record.exported", young_person_id=young_person_id, how="command")
    session.commit()
    assert who_has_looked(session, people.reader, now=NOW).looks == [
        Look(TODAY - timedelta(days=1), Viewer.MANAGER, 1)
    ]


def test_days_are_london_days(session: Session, people: People) -> None:
    # 11.30 at night on 14 July in UTC is 12.30 in the morning on 15 July in London.
    _staff_looked(
        session,
        people.keyworker,
        people.reader.young_person_id,
        datetime.fromisoformat("2026-07-14T23:30:00+00:00"),
    )
    assert who_has_looked(session, people.reader, now=NOW).looks[0].day == TODAY


def test_a_busy_record_is_cut_at_a_whole_day(session: Session, people: People) -> None:
    for days in range(5):
        for hour in range(3):
            _staff_looked(
                session,
                people.keyworker,
                people.reader.young_person_id,
                NOW - timedelta(days=days, hours=hour),
            )
    # 7 rows reach back into the third day: that day is incomplete, so it goes.
    found = who_has_looked(session, people.reader, now=NOW, max_events=7)
    assert [look.day for look in found.looks] == [TODAY, TODAY - timedelta(days=1)]
    assert found.since == TODAY - timedelta(days=1)


@contextmanager
def _counting_queries(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_number_of_queries_does_not_grow_with_the_looks(
    session: Session, people: People
) -> None:
    session.refresh(people.reader)
    with _counting_queries(session) as few:
        who_has_looked(session, people.reader, now=NOW)
    for days in range(20):
        _staff_looked(
            session, people.keyworker, people.reader.young_person_id, NOW - timedelta(days)
        )
        _family_looked(session, people.mum, NOW - timedelta(days=days))
        _family_looked(session, people.carer, NOW - timedelta(days=days))
    session.refresh(people.reader)  # saving the looks expired it
    with _counting_queries(session) as many:
        who_has_looked(session, people.reader, now=NOW)
    assert len(many) == len(few) == 1


# The page


def _looked_page(app: Flask, client: PortalClient, contact: Contact, query: str = "") -> str:
    sign_in_family(app, client, contact)
    response = client.get("/who-has-looked" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_says_who_looked_in_easy_read_and_never_names_anyone(
    app: Flask, client: PortalClient, session: Session, people: People
) -> None:
    now = utc_now()
    _staff_looked(session, people.keyworker, people.reader.young_person_id, now)
    _staff_looked(session, people.manager, people.reader.young_person_id, now)
    _family_looked(session, people.mum, now)
    _family_looked(session, people.dad, now)

    html = _looked_page(app, client, people.reader)

    assert "A keyworker looked on " in html
    assert "A manager from the keyworker team looked on " in html
    assert "2 parents looked on " in html
    for name in ("Zebedee", "Uniquename", "Quentin", "Rarename", "Marigold", "Parentname"):
        assert name not in html
    for email in (people.keyworker.email, people.manager.email):
        assert email not in html


def test_the_page_shows_dates_as_words(
    app: Flask, client: PortalClient, session: Session, people: People
) -> None:
    with _at(datetime.fromisoformat("2026-03-04T10:00:00+00:00")):
        _staff_looked(session, people.keyworker, people.reader.young_person_id, utc_now())
        html = _looked_page(app, client, people.reader)
    assert "A keyworker looked on Wednesday 4 March." in html


def test_the_page_says_when_nobody_has_looked(
    app: Flask, client: PortalClient, people: People
) -> None:
    html = _looked_page(app, client, people.reader)
    assert "Nobody else has looked since" in html


def test_a_long_list_is_split_into_pages(
    app: Flask, client: PortalClient, session: Session, people: People
) -> None:
    now = utc_now()
    for days in range(30):
        _staff_looked(
            session, people.keyworker, people.reader.young_person_id, now - timedelta(days)
        )
    first = _looked_page(app, client, people.reader)
    assert first.count("A keyworker looked on") == 25
    assert 'href="/who-has-looked?page=2"' in first
    second = client.get("/who-has-looked?page=2").get_data(as_text=True)
    assert second.count("A keyworker looked on") == 5
    assert 'href="/who-has-looked?page=1"' in second
    assert client.get("/who-has-looked?page=3").status_code == 404
    assert client.get("/who-has-looked?page=0").status_code == 404


def test_the_page_needs_a_family_session(client: PortalClient) -> None:
    response = client.get("/who-has-looked")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# Family page views are audited


def _views(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "family.page.viewed")
                .order_by(AuditEvent.id)
            )
        )


def test_every_family_page_a_family_member_opens_is_audited(
    app: Flask, client: PortalClient, people: People
) -> None:
    sign_in_family(app, client, people.reader)
    client.get("/who-has-looked")
    client.get("/sign-out-on-all-devices")
    views = _views(app)
    assert [view.detail["page"] for view in views] == [
        "family.who_has_looked_page",
        "family.sign_out_everywhere",
    ]
    assert all(view.actor_contact_id == people.reader.id for view in views)
    assert all(view.young_person_id == people.reader.young_person_id for view in views)


def test_public_pages_posts_and_visitors_who_are_not_signed_in_are_not_audited(
    app: Flask, client: PortalClient, people: People
) -> None:
    client.get("/who-has-looked")  # not signed in: sent to the start page
    sign_in_family(app, client, people.reader)
    client.get("/")
    client.get("/words-we-use")
    token = client.csrf_token("/sign-out-on-all-devices")
    client.post("/stay-signed-in", data={"csrf_token": token})
    assert [view.detail["page"] for view in _views(app)] == ["family.sign_out_everywhere"]

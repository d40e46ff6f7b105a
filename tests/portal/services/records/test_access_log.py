"""Who accessed a record, for staff: the events about one young person,
narrowed by person, action and London dates, a page at a time, in four
queries however many events there are."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.models import AuditEvent, StaffUser, YoungPerson
from portal.services.records.access_log import AccessLogFilter, access_log
from portal.services.records.audit import record_event
from tests.query_counter import count_queries
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

# 23:30 on Sunday 28 June 2026 in UTC is 00:30 on Monday 29 June in London.
LATE_SUNDAY_UTC = datetime(2026, 6, 28, 23, 30, tzinfo=UTC)


@pytest.fixture
def person(session: Session) -> YoungPerson:
    team = make_team(session)
    return make_young_person(session, team=team, keyworker=make_staff_user(session, team=team))


def _event(
    session: Session,
    action: str,
    person: YoungPerson,
    at: datetime,
    staff_user: StaffUser | None = None,
) -> AuditEvent:
    event = record_event(session, action, staff_user=staff_user, young_person_id=person.id)
    event.occurred_at = at
    session.flush()
    return event


def test_the_log_is_newest_first_with_names_and_only_this_young_person(
    session: Session, person: YoungPerson
) -> None:
    keyworker = person.keyworker
    assert keyworker is not None
    other = make_young_person(session, team=person.team)
    parent = make_contact(session, young_person=person, name="Robin Parent")
    _event(session, "record.viewed", person, LATE_SUNDAY_UTC, keyworker)
    record_event(session, "family.page.viewed", contact=parent).occurred_at = LATE_SUNDAY_UTC + (
        timedelta(hours=1)
    )
    _event(session, "record.viewed", other, LATE_SUNDAY_UTC, keyworker)
    session.flush()

    log = access_log(session, person.id, AccessLogFilter())

    assert (log.total, log.pages, log.page) == (2, 1, 1)
    assert [(row.action, row.staff_name, row.contact_name) for row in log.rows] == [
        ("family.page.viewed", None, "Robin Parent"),
        ("record.viewed", keyworker.name, None),
    ]
    assert [person.name for person in log.people] == [keyworker.name]
    assert log.actions == ["family.page.viewed", "record.viewed"]


def test_filters_by_person_action_and_london_dates(session: Session, person: YoungPerson) -> None:
    keyworker = person.keyworker
    assert keyworker is not None
    manager = make_staff_user(session, team=person.team)
    _event(session, "record.viewed", person, LATE_SUNDAY_UTC, keyworker)  # Monday in London
    _event(session, "note.added", person, LATE_SUNDAY_UTC - timedelta(hours=1), keyworker)
    _event(session, "record.viewed", person, LATE_SUNDAY_UTC + timedelta(days=1), manager)

    def actions(**wanted: object) -> list[tuple[str, str | None]]:
        log = access_log(session, person.id, AccessLogFilter(**wanted))  # type: ignore[arg-type]
        return [(row.action, row.staff_name) for row in log.rows]

    assert actions(staff_id=manager.id) == [("record.viewed", manager.name)]
    assert actions(action="note.added") == [("note.added", keyworker.name)]
    monday = date(2026, 6, 29)
    assert actions(date_from=monday, date_to=monday) == [("record.viewed", keyworker.name)]
    assert actions(date_to=date(2026, 6, 28)) == [("note.added", keyworker.name)]
    assert actions(date_from=monday, staff_id=keyworker.id) == [("record.viewed", keyworker.name)]
    # The filters offer everyone and every action, whatever is chosen.
    log = access_log(session, person.id, AccessLogFilter(action="note.added"))
    assert {p.name for p in log.people} == {keyworker.name, manager.name}
    assert log.actions == ["note.added", "record.viewed"]


def test_pages_of_50_and_a_page_past_the_end_is_the_last(
    session: Session, person: YoungPerson
) -> None:
    for minute in range(120):
        _event(session, "record.viewed", person, LATE_SUNDAY_UTC + timedelta(minutes=minute))
    first = access_log(session, person.id, AccessLogFilter())
    last = access_log(session, person.id, AccessLogFilter(page=9))
    assert (first.total, first.pages, len(first.rows)) == (120, 3, 50)
    assert first.rows[0].occurred_at == LATE_SUNDAY_UTC + timedelta(minutes=119)
    assert (last.page, len(last.rows)) == (3, 20)
    assert last.rows[-1].occurred_at == LATE_SUNDAY_UTC


@pytest.mark.parametrize("events", [10, 200])
def test_the_log_runs_four_queries_however_many_events(
    session: Session, person: YoungPerson, events: int
) -> None:
    staff = [make_staff_user(session, team=person.team) for _ in range(5)]
    for number in range(events):
        _event(
            session,
            f"action.{number % 7}",
            person,
            LATE_SUNDAY_UTC - timedelta(minutes=number),
            staff[number % 5],
        )
    session.commit()
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with count_queries(engine) as log:
        page = access_log(session, person.id, AccessLogFilter(staff_id=staff[0].id))
    assert page.total == events // 5
    assert log.count == 4

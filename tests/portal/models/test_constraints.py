"""The database itself protects what must be true, not only Python code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from portal.models import (
    ActorRole,
    AppendOnlyError,
    AuditEvent,
    Meeting,
    StaffUser,
    YoungPerson,
    utc_now,
)
from tests.support.factories import make_meeting, make_staff_user, make_team, make_young_person


def test_staff_emails_are_unique_whatever_their_case(session: Session) -> None:
    make_staff_user(session, email="Sam.Keyworker@example.org")
    assert session.scalar(select(StaffUser.email)) == "sam.keyworker@example.org"
    with pytest.raises(IntegrityError):
        make_staff_user(session, email="SAM.KEYWORKER@EXAMPLE.ORG")


def test_mixed_case_email_written_around_the_model_is_refused(session: Session) -> None:
    with pytest.raises(IntegrityError):
        session.execute(
            insert(StaffUser).values(
                name="Bypass",
                email="Mixed@Example.org",
                role="keyworker",
                is_active=True,
                password_hash="x",
                failed_sign_in_count=0,
                created_at=datetime.now(UTC),
            )
        )
        session.flush()


def test_an_unknown_enum_value_is_refused_by_the_database(session: Session) -> None:
    team = make_team(session)
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO young_people (legal_name, preferred_name, date_of_birth,"
                " register_status, team_id, preferred_language, created_at)"
                " VALUES ('A', 'A', '2010-01-01', 'not_a_status', :team, 'en', '2025-01-01')"
            ),
            {"team": team.id},
        )
        session.flush()


def test_foreign_keys_are_enforced(session: Session) -> None:
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO young_people (legal_name, preferred_name, date_of_birth,"
                " register_status, team_id, preferred_language, created_at)"
                " VALUES ('A', 'A', '2010-01-01', 'on_register', 987654, 'en', '2025-01-01')"
            )
        )
        session.flush()


def test_a_meeting_cannot_end_before_it_starts(session: Session) -> None:
    person = make_young_person(session, team=make_team(session))
    with pytest.raises(IntegrityError):
        make_meeting(session, young_person=person, duration=timedelta(hours=-1))


def test_history_rows_cannot_be_changed_or_deleted(session: Session) -> None:
    event = AuditEvent(actor_role=ActorRole.SYSTEM, action="test.event", detail={})
    session.add(event)
    session.commit()
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        session.flush()
    session.rollback()
    session.delete(event)
    with pytest.raises(AppendOnlyError):
        session.flush()


def test_times_without_a_zone_are_refused(session: Session) -> None:
    person = make_young_person(session, team=make_team(session))
    with pytest.raises(StatementError):
        make_meeting(session, young_person=person, starts_at=datetime(2025, 3, 4, 10, 0))  # noqa: DTZ001


def test_meeting_times_survive_the_clock_change(session: Session) -> None:
    london = ZoneInfo("Europe/London")
    person = make_young_person(session, team=make_team(session))
    # British Summer Time starts at 01:00 UTC on Sunday 30 March 2025.
    before = datetime(2025, 3, 29, 10, 0, tzinfo=london)
    after = datetime(2025, 3, 31, 10, 0, tzinfo=london)
    for starts_at in (before, after):
        make_meeting(session, young_person=person, starts_at=starts_at)
    session.commit()
    session.expire_all()
    stored = session.scalars(select(Meeting.starts_at).order_by(Meeting.starts_at)).all()
    assert [moment.astimezone(london).hour for moment in stored] == [10, 10]
    assert [moment.astimezone(UTC).hour for moment in stored] == [10, 9]
    assert all(moment.tzinfo is not None for moment in stored)


def test_age_changes_on_the_birthday(session: Session) -> None:
    person = make_young_person(
        session,
        team=make_team(session),
        date_of_birth=datetime(2009, 11, 23).date(),  # noqa: DTZ001
    )
    assert person.age_on(datetime(2025, 11, 22).date()) == 15  # noqa: DTZ001
    assert person.age_on(datetime(2025, 11, 23).date()) == 16  # noqa: DTZ001


def test_risk_rating_needs_the_date_it_changed(session: Session) -> None:
    team = make_team(session)
    person = make_young_person(session, team=team)
    person.risk_rating_changed_at = None
    with pytest.raises(IntegrityError):
        session.flush()


def test_now_is_timezone_aware() -> None:
    assert utc_now().tzinfo is not None


def test_young_person_needs_a_team(session: Session) -> None:
    session.add(
        YoungPerson(
            legal_name="No Team",
            preferred_name="No Team",
            date_of_birth=datetime(2010, 1, 1).date(),  # noqa: DTZ001
            register_status="on_register",
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        return
    pragmas = {
        name: session.execute(text(f"PRAGMA {name}")).scalar()
        for name in ("foreign_keys", "journal_mode", "busy_timeout")
    }
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 15000}

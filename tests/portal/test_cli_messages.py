"""`flask run-due` and `flask remind --meeting ID`, and the worker's run-due job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import select

from portal.cli_worker import _Every
from portal.extensions import db
from portal.models import Message, YoungPerson, utc_now
from tests.support.factories import make_contact, make_meeting, make_team, make_young_person


def _meeting_in(app: Flask, ahead: timedelta) -> int:
    with app.app_context():
        person: YoungPerson = make_young_person(db.session, team=make_team(db.session))
        # 12 or 13 on the day, so their parent may see the portal.
        person.date_of_birth = person.date_of_birth.replace(year=utc_now().year - 13)
        make_contact(db.session, young_person=person)
        make_contact(db.session, young_person=person, portal_access_enabled=False)
        meeting = make_meeting(db.session, young_person=person, starts_at=utc_now() + ahead)
        db.session.commit()
        return meeting.id


def _reminders(app: Flask) -> list[Message]:
    with app.app_context():
        return list(
            db.session.scalars(select(Message).where(Message.purpose == "meeting_reminder"))
        )


def test_run_due_queues_what_is_due_once(app: Flask) -> None:
    _meeting_in(app, timedelta(days=3))
    _meeting_in(app, timedelta(days=30))  # not due yet
    runner = app.test_cli_runner()

    first = runner.invoke(args=["run-due"])
    second = runner.invoke(args=["run-due"])

    assert first.exit_code == 0, first.output
    assert "Meeting reminders: 1 queued, 0 queued before, 1 not sent" in first.output
    assert "Meeting reminders: 0 queued, 1 queued before, 1 not sent" in second.output
    assert len(_reminders(app)) == 1


def test_the_worker_queues_what_is_due_too(app: Flask) -> None:
    _meeting_in(app, timedelta(days=3))
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Meeting reminders: 1 queued" in result.output
    assert len(_reminders(app)) == 1


def test_remind_sends_a_meetings_reminder_now(app: Flask) -> None:
    meeting_id = _meeting_in(app, timedelta(days=20))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["remind", "--meeting", str(meeting_id)])
    assert result.exit_code == 0, result.output
    assert "queued by sms" in result.output and "not sent (no_portal_access)" in result.output
    assert "Reminder queued for 1 of 2 contact(s)." in result.output
    [message] = _reminders(app)
    assert not message.automatic

    missing = runner.invoke(args=["remind", "--meeting", "999999"])
    assert missing.exit_code != 0 and "There is no meeting 999999." in missing.output


def test_remind_refuses_a_meeting_that_has_started(app: Flask) -> None:
    meeting_id = _meeting_in(app, -timedelta(minutes=10))
    result = app.test_cli_runner().invoke(args=["remind", "--meeting", str(meeting_id)])
    assert result.exit_code != 0 and "No reminder sent (started)" in result.output
    assert _reminders(app) == []


def test_the_worker_job_runs_at_most_every_interval() -> None:
    runs: list[datetime] = []
    job = _Every(timedelta(minutes=5), runs.append)
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    for minutes in (0, 1, 4, 5, 6, 11):
        job(start + timedelta(minutes=minutes))
    assert runs == [start, start + timedelta(minutes=5), start + timedelta(minutes=11)]

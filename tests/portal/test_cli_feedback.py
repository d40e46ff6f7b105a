"""`flask request-feedback --contact ID [--meeting ID]`, and feedback requests in `run-due`."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import FeedbackRequest, MeetingStatus, Message, YoungPerson, utc_now
from tests.support.factories import make_contact, make_meeting, make_team, make_young_person


def _family(app: Flask) -> tuple[int, int, int]:
    """A parent who may be asked, one whose access is off, and a held meeting."""
    with app.app_context():
        person: YoungPerson = make_young_person(db.session, team=make_team(db.session))
        person.date_of_birth = person.date_of_birth.replace(year=utc_now().year - 13)
        parent = make_contact(db.session, young_person=person, mobile="+447700900401")
        off = make_contact(db.session, young_person=person, portal_access_enabled=False)
        meeting = make_meeting(
            db.session,
            young_person=person,
            starts_at=utc_now() - timedelta(hours=3),
            status=MeetingStatus.HELD,
        )
        db.session.commit()
        return parent.id, off.id, meeting.id


def _requests(app: Flask) -> list[FeedbackRequest]:
    with app.app_context():
        return list(db.session.scalars(select(FeedbackRequest).order_by(FeedbackRequest.id)))


def test_request_feedback_asks_and_says_how(app: Flask) -> None:
    parent_id, _, meeting_id = _family(app)
    runner = app.test_cli_runner()

    general = runner.invoke(args=["request-feedback", "--contact", str(parent_id)])
    about = runner.invoke(
        args=["request-feedback", "--contact", str(parent_id), "--meeting", str(meeting_id)]
    )

    assert general.exit_code == 0, general.output
    assert f"Contact {parent_id} asked about keyworker support by sms" in general.output
    assert f"asked about meeting {meeting_id} by sms" in about.output
    first, second = _requests(app)
    assert not first.automatic and (second.meeting_id, second.channel) == (meeting_id, "sms")
    with app.app_context():
        message = db.session.get(Message, first.message_id)
        assert message is not None and message.send_after <= utc_now()


def test_request_feedback_says_why_not_and_fails(app: Flask) -> None:
    parent_id, off_id, _ = _family(app)
    runner = app.test_cli_runner()
    runner.invoke(args=["request-feedback", "--contact", str(parent_id)])

    again = runner.invoke(args=["request-feedback", "--contact", str(parent_id)])
    off = runner.invoke(args=["request-feedback", "--contact", str(off_id)])
    missing = runner.invoke(args=["request-feedback", "--contact", "999999"])

    assert again.exit_code != 0 and "already_open" in again.output
    assert off.exit_code != 0 and "they cannot use the portal" in off.output
    assert missing.exit_code != 0 and "There is no contact 999999" in missing.output
    assert len(_requests(app)) == 1


def test_a_meeting_not_held_is_refused(app: Flask) -> None:
    parent_id, _, _ = _family(app)
    with app.app_context():
        contact_person = db.session.scalars(select(YoungPerson)).first()
        assert contact_person is not None
        planned = make_meeting(db.session, young_person=contact_person)
        db.session.commit()
        planned_id = planned.id
    result = app.test_cli_runner().invoke(
        args=["request-feedback", "--contact", str(parent_id), "--meeting", str(planned_id)]
    )
    assert result.exit_code != 0 and "must be held" in result.output
    assert _requests(app) == []


def test_run_due_asks_about_a_held_meeting_once(app: Flask) -> None:
    _, _, meeting_id = _family(app)
    with app.app_context():
        from portal.models import Meeting

        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.updated_at = utc_now() - timedelta(hours=25)
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["run-due"])
    second = runner.invoke(args=["run-due"])
    assert "Feedback requests: 1 queued, 0 open already" in first.output, first.output
    assert "Feedback requests: 0 queued" in second.output
    assert [r.meeting_id for r in _requests(app)] == [meeting_id]


def test_recount_feedback_rebuilds_the_day_counts_and_db_upgrade_fills_missing_ones(
    app: Flask,
) -> None:
    from sqlalchemy import delete, func

    from portal.models import FeedbackChannel, FeedbackDayCount, FeedbackResponse, FftAnswer

    with app.app_context():
        person = make_young_person(db.session, team=make_team(db.session))
        db.session.add(
            FeedbackResponse(
                young_person_id=person.id,
                channel=FeedbackChannel.PAPER,
                fft_answer=FftAnswer.GOOD,
                received_at=utc_now(),
            )
        )
        db.session.commit()
        # As a database from before the counts, or rows imported with SQL.
        db.session.execute(delete(FeedbackDayCount))
        db.session.commit()
    runner = app.test_cli_runner()

    upgraded = runner.invoke(args=["db-upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "The feedback counts are filled in (1 month counted)." in upgraded.output
    again = runner.invoke(args=["db-upgrade"])
    assert "feedback counts" not in again.output

    rebuilt = runner.invoke(args=["recount-feedback"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "The feedback counts are rebuilt (1 month counted)." in rebuilt.output
    with app.app_context():
        assert db.session.scalar(select(func.sum(FeedbackDayCount.responses))) == 1

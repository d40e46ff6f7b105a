"""`flask --app portal run-due` and `remind --meeting ID`: queue the
messages to families that are due, or a meeting's reminder now.

`run-due` is for cron; the worker runs the same on its own schedule
(`portal.cli_worker`). Running it twice queues nothing the second time:
every message it queues has a once-only key.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.unit_of_work import unit_of_work


def queue_due_messages(now: datetime) -> str:
    """Queue everything due at `now` (meeting reminders, feedback requests),
    in one unit of work; a line saying what."""
    from portal.i18n import translator_for
    from portal.services.feedback.requests import FeedbackRequestSettings
    from portal.services.feedback.schedule import due_feedback_requests
    from portal.services.meetings.meeting_messages import MeetingMessageSettings
    from portal.services.meetings.reminders import queue_due_reminders

    settings = MeetingMessageSettings.from_config(current_app.config, translator_for)
    feedback_settings = FeedbackRequestSettings.from_config(current_app.config, translator_for)
    try:
        with unit_of_work(db.session) as session:
            reminders = queue_due_reminders(session, now, settings)
            feedback = due_feedback_requests(session, now, feedback_settings)
    finally:
        db.session.close()
    not_sent = sum(reminders.not_sent.values())
    not_asked = sum(feedback.not_asked.values())
    return (
        f"Meeting reminders: {reminders.queued} queued, {reminders.already_sent} queued before,"
        f" {not_sent} not sent (see the meeting pages)."
        f" Feedback requests: {feedback.asked} queued, {feedback.already_open} open already,"
        f" {not_asked} could not be sent (no portal access, said no to messages,"
        " or no checked address)."
    )


@click.command("run-due")
@with_appcontext
def run_due() -> None:
    """Queue the messages to families that are due now, such as meeting reminders."""
    click.echo(queue_due_messages(datetime.now(UTC)))


@click.command("remind")
@click.option("--meeting", "meeting_id", required=True, type=int, help="The meeting's id.")
@with_appcontext
def remind(meeting_id: int) -> None:
    """Send a meeting's reminder to the family now, as "Send a reminder now" does."""
    from portal.i18n import translator_for
    from portal.models import Meeting
    from portal.services.meetings.meeting_messages import MeetingMessageSettings
    from portal.services.meetings.reminders import ReminderRefused, remind_now

    settings = MeetingMessageSettings.from_config(current_app.config, translator_for)
    with unit_of_work(db.session) as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise click.ClickException(f"There is no meeting {meeting_id}.")
        try:
            outcomes = remind_now(session, meeting, datetime.now(UTC), settings)
        except ReminderRefused as refused:
            raise click.ClickException(
                f"No reminder sent ({refused.reason}): the meeting must be planned and not started."
            ) from None
    for outcome in outcomes:
        what = (
            f"queued by {outcome.channel.value}"
            if outcome.channel
            else f"not sent ({outcome.unreachable})"
        )
        click.echo(f"Contact {outcome.contact_id}: {what}")
    sent = sum(outcome.sent for outcome in outcomes)
    click.echo(f"Reminder queued for {sent} of {len(outcomes)} contact(s).")

"""The message worker's command, and the jobs it runs besides sending: requests
for a sign-in link left waiting, text messages that arrived but could not be
handled at once, urgent items nobody acknowledged in time, and, every few
minutes, the messages to families that are due (`run-due`)."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.unit_of_work import unit_of_work


@contextmanager
def _worker_unit() -> Iterator[Session]:
    """One of the worker's units of work, on the app's session. The session is
    closed after each, so no connection is held while a provider answers."""
    try:
        with unit_of_work(db.session) as session:
            yield session
    finally:
        db.session.close()


@contextmanager
def _the_only_worker_on_sqlite() -> Iterator[None]:
    """With SQLite, refuse to start while another worker runs on the same
    database file: it has no row locks, so one worker is supported. The lock
    is on a file beside the database, and ends with the process, however it
    ends. PostgreSQL runs any number of workers."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield
        return
    with Path(f"{url.database}.worker-lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise click.ClickException(
                "Another worker is running on this SQLite database. With SQLite run "
                "one worker only (several need PostgreSQL)."
            ) from None
        yield


def _waiting_link_requests(now: datetime) -> None:
    """The worker's other job: requests for a sign-in link that the web
    process did not handle after answering them."""
    from portal.i18n import translator_for
    from portal.services.access.link_requests import process_waiting_link_requests
    from portal.services.access.links import LinkSettings
    from portal.timezones import london_today

    handled = process_waiting_link_requests(
        _worker_unit,
        now,
        london_today(),
        LinkSettings.from_config(current_app.config),
        translator_for=translator_for,
    )
    if handled:
        click.echo(f"Handled {handled} waiting request(s) for a sign-in link.")


# How often the worker queues what is due (meeting reminders); `run-due`
# does the same from cron. Every message it queues has a once-only key.
RUN_DUE_EVERY = timedelta(minutes=5)


class _Every:
    """Runs `job` at most once every `interval` (the first time at once)."""

    def __init__(self, interval: timedelta, job: Callable[[datetime], object]) -> None:
        self.interval, self.job = interval, job
        self.last: datetime | None = None

    def __call__(self, now: datetime) -> None:
        if self.last is not None and now - self.last < self.interval:
            return
        self.last = now
        self.job(now)


def _due_messages(now: datetime) -> None:
    from portal.cli_messages import queue_due_messages

    line = queue_due_messages(now)
    # Said only when something was queued (reminders or feedback requests).
    if any(count != "0" for count in re.findall(r"(\d+) queued,", line)):
        click.echo(line)


def _unprocessed_inbound_messages(now: datetime) -> None:
    """Text messages that arrived but could not be handled at once: handle
    them again, answering by a queued text message, up to MAX_ATTEMPTS tries."""
    from portal.i18n import translator_for
    from portal.services.conversations.inbound import process_inbound
    from portal.services.conversations.inbound_messages import retry_unprocessed
    from portal.services.conversations.inbound_replies import InboundSettings
    from portal.timezones import london_today

    settings = InboundSettings.from_config(current_app.config, translator_for)
    today = london_today()
    handled = retry_unprocessed(
        _worker_unit,
        now,
        lambda session, message_id: process_inbound(
            session, message_id, now, today, settings, answered_now=False
        ),
    )
    if handled:
        click.echo(f"Handled {handled} text message(s) that arrived earlier.")


def _overdue_urgent_items(now: datetime) -> int:
    """Urgent items nobody acknowledged in time: email the team's managers, once."""
    from portal.services.records.urgent_alerts import UrgentSettings, escalate_overdue

    escalated = escalate_overdue(_worker_unit, now, UrgentSettings.from_config(current_app.config))
    if escalated:
        click.echo(f"Escalated {escalated} urgent item(s) to the team's managers.")
    return escalated


@click.command("escalate-urgent")
@with_appcontext
def escalate_urgent() -> None:
    """Escalate urgent items not acknowledged within URGENT_ESCALATION_WORKING_HOURS."""
    if not _overdue_urgent_items(datetime.now(UTC)):
        click.echo("No urgent item is waiting to be escalated.")


def _status_callback_url() -> str | None:
    """Where Twilio reports what happened to each text message it was given."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if current_app.config["SMS_BACKEND"] != "twilio" or not base:
        return None
    return base + "/webhooks/twilio/status"


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option(
    "--interval",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait when nothing is due.",
)
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(min=1),
    help="Messages to send in one pass, at most.",
)
@with_appcontext
def worker(once: bool, interval: float, limit: int) -> None:
    """Send the text messages and emails that are due, from the outbox.

    With PostgreSQL several workers may run at once: no two send the same
    message. With SQLite run one only (docs/operations.md)."""
    from portal.clients.factory import email_client_for, sms_client_for
    from portal.services.messaging import worker as messaging

    config = current_app.config
    for channel, backend in (("Text messages", "SMS_BACKEND"), ("Emails", "EMAIL_BACKEND")):
        if config[backend] == "outbox":
            click.echo(f"{channel} stay in the outbox and are not sent ({backend}=outbox).")
    settings = messaging.WorkerSettings(
        once=once,
        interval=interval,
        limit=limit,
        max_attempts=config["MESSAGE_MAX_ATTEMPTS"],
        status_callback_url=_status_callback_url(),
    )
    sms, email = sms_client_for(current_app), email_client_for(current_app)
    # Also attaches Flask's log handler, so the worker's own log lines show.
    current_app.logger.info("Message worker started")
    try:
        with (
            _the_only_worker_on_sqlite(),
            messaging.stopping_on_signals(messaging.StopFlag()) as stop,
        ):
            messaging.run_worker(
                _worker_unit,
                sms,
                email,
                settings,
                stop=stop,
                report=lambda summary: click.echo(summary.describe()),
                jobs=[
                    _waiting_link_requests,
                    _unprocessed_inbound_messages,
                    _overdue_urgent_items,
                    _Every(RUN_DUE_EVERY, _due_messages),
                ],
            )
        if once:
            return
    except KeyboardInterrupt:
        pass  # stopped at once: the unit of work in hand has rolled back
    click.echo("Worker stopped.")

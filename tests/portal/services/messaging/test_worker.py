"""The worker's loop: one pass with `once` (the edge's other jobs first), at
once again after a busy pass, a wait when idle, a database error tried
again, and stopping cleanly on the first request (or a signal) and at once
on the second."""

from __future__ import annotations

import logging
import os
import signal
import threading
from datetime import datetime

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.clients import OutboxEmailClient, SentMessage
from portal.models import Contact, MessageStatus, utc_now
from portal.services.messaging.sending import SendSummary, Units
from portal.services.messaging.worker import (
    StopFlag,
    WorkerSettings,
    run_worker,
    stopping_on_signals,
)
from portal.unit_of_work import unit_of_work
from tests.portal.services.messaging.outbox_data import (
    ScriptedSms,
    queued,
    reload,
    units_on,
)


class CountedStop(StopFlag):
    """Records each wait instead of sleeping, and asks to stop at the last one."""

    def __init__(self, waits_before_stopping: int = 1) -> None:
        super().__init__()
        self.waits: list[float] = []
        self._waits_before_stopping = waits_before_stopping

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        if len(self.waits) >= self._waits_before_stopping:
            self.request_stop()


def _run(
    units: Units,
    sms: object,
    stop: StopFlag,
    *,
    now: datetime | None = None,
    **settings: object,
) -> list[SendSummary]:
    reports: list[SendSummary] = []
    run_worker(
        units,
        sms,  # type: ignore[arg-type]
        OutboxEmailClient(),
        WorkerSettings(**settings),  # type: ignore[arg-type]
        stop=stop,
        report=reports.append,
        clock=lambda: now or utc_now(),
    )
    return reports


def test_once_sends_what_is_due_reports_and_stops(session: Session, contact: Contact) -> None:
    ids = queued(session, contact, count=2)
    sms = ScriptedSms()
    stop = CountedStop()

    reports = _run(units_on(session), sms, stop, once=True)

    assert [summary.sent for summary in reports] == [2]
    assert {reload(session, i).status for i in ids} == {MessageStatus.SENT}
    assert stop.waits == [] and not stop.is_set()


def test_once_reports_a_pass_that_found_nothing(session: Session) -> None:
    reports = _run(units_on(session), ScriptedSms(), CountedStop(), once=True)
    assert reports == [SendSummary()]


def test_each_pass_runs_the_edges_jobs_before_sending(session: Session, contact: Contact) -> None:
    """A job's messages (a waiting request for a sign-in link, say) go in the same pass."""
    seen: list[datetime] = []

    def job(at: datetime) -> None:
        seen.append(at)
        queued(session, contact)

    reports: list[SendSummary] = []
    run_worker(
        units_on(session),
        ScriptedSms(),  # type: ignore[arg-type]
        OutboxEmailClient(),
        WorkerSettings(once=True),
        stop=CountedStop(),
        report=reports.append,
        jobs=[job],
    )
    assert len(seen) == 1
    assert [summary.sent for summary in reports] == [1]


def test_after_a_busy_pass_it_looks_again_at_once_and_waits_when_idle(
    session: Session, contact: Contact
) -> None:
    queued(session, contact, count=2)
    stop = CountedStop(waits_before_stopping=2)

    reports = _run(units_on(session), ScriptedSms(), stop, limit=1, interval=7.5)

    # Two busy passes, one message each, reported; then idle passes, not reported.
    assert [summary.sent for summary in reports] == [1, 1]
    assert stop.waits == [7.5, 7.5]


def test_a_database_error_is_logged_and_tried_again_after_the_interval(
    session: Session, contact: Contact, caplog: pytest.LogCaptureFixture
) -> None:
    [message_id] = queued(session, contact)
    failures = [1]

    def units() -> object:
        if failures:
            failures.pop()
            raise OperationalError("SELECT", None, Exception("the database is restarting"))
        return unit_of_work(session)

    stop = CountedStop(waits_before_stopping=2)
    with caplog.at_level(logging.ERROR, logger="portal.messaging"):
        reports = _run(units, ScriptedSms(), stop, interval=3.0)  # type: ignore[arg-type]

    assert "database error; trying again soon" in caplog.text
    assert stop.waits == [3.0, 3.0]  # after the error, then when idle
    assert [summary.sent for summary in reports] == [1]
    assert reload(session, message_id).status is MessageStatus.SENT


def test_with_once_a_database_error_is_raised(session: Session) -> None:
    def units() -> object:
        raise OperationalError("SELECT", None, Exception("the database is down"))

    with pytest.raises(OperationalError):
        _run(units, ScriptedSms(), CountedStop(), once=True)  # type: ignore[arg-type]


def test_a_stop_requested_while_sending_finishes_the_message_in_hand(
    session: Session, contact: Contact
) -> None:
    first, second = queued(session, contact, count=2)
    stop = CountedStop()

    def sent_then_asked_to_stop() -> SentMessage:
        stop.request_stop()  # Ctrl+C while a message is in hand
        return SentMessage(provider_id="SM" + "1" * 32, status=MessageStatus.SENT)

    reports = _run(units_on(session), ScriptedSms(outcomes=[sent_then_asked_to_stop]), stop)

    assert [summary.sent for summary in reports] == [1]
    assert (reload(session, first).status, reload(session, second).status) == (
        MessageStatus.SENT,
        MessageStatus.QUEUED,
    )
    assert stop.waits == []


def test_a_second_stop_request_stops_at_once_and_the_message_stays_to_check(
    session: Session, contact: Contact
) -> None:
    [message_id] = queued(session, contact)
    stop = StopFlag()

    def asked_twice() -> SentMessage:
        stop.request_stop()
        stop.request_stop()
        raise AssertionError("the second request stops at once")

    with pytest.raises(KeyboardInterrupt):
        _run(units_on(session), ScriptedSms(outcomes=[asked_twice]), stop)

    # The claim was committed before sending: never sent again by itself.
    message = reload(session, message_id)
    assert (message.status, message.attempts) == (MessageStatus.SENDING, 1)


def test_a_signal_requests_a_stop_and_the_handlers_are_put_back() -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with stopping_on_signals(StopFlag()) as stop:
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.is_set()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)  # a second one: at once
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_outside_the_main_thread_no_signal_handler_is_installed() -> None:
    before = signal.getsignal(signal.SIGINT)
    seen: list[object] = []

    def in_a_thread() -> None:
        with stopping_on_signals(StopFlag()) as stop:
            seen.append(signal.getsignal(signal.SIGINT))
            seen.append(stop.is_set())

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(timeout=10)
    assert seen == [before, False]

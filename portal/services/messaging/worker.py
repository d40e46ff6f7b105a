"""The message worker: pass after pass over the outbox until asked to stop.

`flask --app portal worker` (portal.cli) is the edge: it builds the clients,
the settings and the units of work, and prints each summary. Everything else
is here, so it runs without Flask:

- Each pass first runs the edge's `jobs`: other queued work whose results
  may be messages (requests for a sign-in link left waiting, see
  `portal.services.access.link_requests`), then sends what is due.
- After a pass that sent something, look again at once; otherwise wait
  `interval` seconds.
- A database error is logged, and the worker tries again after `interval`
  (the database may be restarting). With `once`, it is raised.
- The first Ctrl+C or SIGTERM sets the `StopFlag`: the message in hand is
  finished and recorded, then the worker stops. A second stops it at once
  (KeyboardInterrupt); the unit of work in hand rolls back, and a message
  whose claim was committed stays "sending" for a person to check.

How many workers: with PostgreSQL, as many as you like; claims use
`FOR UPDATE SKIP LOCKED` and a conditional update, so no message is handed
to the provider twice. With SQLite, one: it has no row locks, and two
workers would queue behind each other's writes. The `worker` command
refuses to start a second one on the same SQLite file.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from types import FrameType

from sqlalchemy.exc import SQLAlchemyError

from portal.clients.email import EmailClient
from portal.clients.sms import SmsClient
from portal.models import utc_now
from portal.services.messaging.sending import SendSummary, Units, send_due_messages

logger = logging.getLogger("portal.messaging")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopFlag:
    """Whether the worker has been asked to stop, and a wait that ends early
    when it is."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def request_stop(self) -> None:
        """The first request lets the message in hand finish; a second one,
        while the worker is still finishing, stops it at once."""
        if self._event.is_set():
            raise KeyboardInterrupt
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> None:
        """Sleep for `seconds`, or until a stop is requested."""
        self._event.wait(seconds)


@contextmanager
def stopping_on_signals(flag: StopFlag) -> Iterator[StopFlag]:
    """While the block runs, Ctrl+C (SIGINT) and SIGTERM request a stop from
    `flag`; the previous handlers are put back after it. Python handles
    signals only in the main thread: elsewhere nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def _handle(_signum: int, _frame: FrameType | None) -> None:
        flag.request_stop()

    previous = {number: signal.signal(number, _handle) for number in STOP_SIGNALS}
    try:
        yield flag
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass(frozen=True)
class WorkerSettings:
    # One pass, then stop.
    once: bool = False
    # Seconds to wait when nothing is due, and after a database error.
    interval: float = 5.0
    # Messages per pass, and tries per message.
    limit: int = 50
    max_attempts: int = 5
    status_callback_url: str | None = None


def run_worker(
    units: Units,
    sms: SmsClient,
    email: EmailClient,
    settings: WorkerSettings,
    *,
    stop: StopFlag,
    report: Callable[[SendSummary], None],
    clock: Callable[[], datetime] = utc_now,
    jobs: Sequence[Callable[[datetime], object]] = (),
) -> None:
    """Send what is due, pass after pass, until `stop` is set (after one pass
    with `settings.once`). `units` makes the edge's units of work, one per
    claim and one per outcome. `report` is given the summary of each pass
    that did something, and of the one pass with `once`. Each of `jobs` is
    called with the time at the start of each pass, before sending."""
    while not stop.is_set():
        try:
            for job in jobs:
                job(clock())
            summary = send_due_messages(
                units,
                sms,
                email,
                clock(),
                limit=settings.limit,
                max_attempts=settings.max_attempts,
                status_callback_url=settings.status_callback_url,
                should_stop=stop.is_set,
            )
        except SQLAlchemyError:
            if settings.once:
                raise
            logger.exception("Worker: database error; trying again soon")
            stop.wait(settings.interval)
            continue
        if settings.once or summary.handled:
            report(summary)
        if settings.once:
            return
        if not summary.handled:
            stop.wait(settings.interval)

"""The same work in many threads at the same moment, as requests from several
sessions arrive together: every thread waits at a barrier, then all run.

Use it for limits that must hold under concurrent requests (a code accepted
once, at most 5 wrong tries judged). Those tests run on SQLite and on
PostgreSQL, like every database test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.unit_of_work import unit_of_work

T = TypeVar("T")

# How many requests a test sends at once.
AT_ONCE = 20
# Long enough for 20 requests that take turns on one row (or on SQLite's one
# write lock) on a slow, shared machine.
WAIT_SECONDS = 120


def at_once(work: Callable[[int], T], count: int = AT_ONCE) -> list[T]:
    """work(0) ... work(count - 1), each in its own thread, all released at
    the same moment by a barrier. The results come back in that order; an
    error in any thread is raised here."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T:
        barrier.wait(timeout=WAIT_SECONDS)
        return work(index)

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="at-once") as pool:
        futures = [pool.submit(run, index) for index in range(count)]
        return [future.result(timeout=WAIT_SECONDS) for future in futures]


def at_once_in_transactions(
    engine: Engine, work: Callable[[Session, int], T], count: int = AT_ONCE
) -> list[T]:
    """As `at_once`, each call with a database session of its own that
    commits when the call returns (as a request's unit of work does) and
    rolls back if it raises."""

    def in_own_transaction(index: int) -> T:
        with Session(engine, expire_on_commit=False) as own, unit_of_work(own):
            return work(own, index)

    return at_once(in_own_transaction, count)

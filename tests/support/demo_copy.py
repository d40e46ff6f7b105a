"""The demo data for tests, seeded once and copied in after that.

`seed_demo_data` adds some hundreds of rows through the ORM, one flush after
another: about a second a test on SQLite and on PostgreSQL, and more than a
quarter of the time of the test files that start from the demo. `add_demo_data`
gives the same rows, with the same ids, by inserting a copy of them in one
statement a table.

The copy is taken from a real seed into an empty database, and only ever
copied into an empty database, so the ids and every row are what the seed
would have made. The seed dates its rows from the clock (`utc_now`,
`london_today`), so a copy older than `FRESH_FOR` or from another London day
is thrown away and the demo seeded again: a test sees rows at most a few
seconds older than a seed at the start of the test would have made, as it
already did while a slow seed ran.

The tests of the seed itself (tests/portal/demo/) call `seed_demo_data`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.demo.seed import seed_demo_data
from portal.models import Base
from portal.timezones import london_today

FRESH_FOR = 20.0  # seconds


@dataclass(frozen=True)
class _Copy:
    taken_at: float
    day: date
    rows: dict[str, list[dict[str, Any]]]


_copies: dict[str, _Copy] = {}


def add_demo_data(session: Session) -> None:
    """Add the demo data to an empty database, as `seed_demo_data(session,
    fast_hashing=True)` does. Commits nothing; flushes."""
    if not _is_empty(session):
        seed_demo_data(session, fast_hashing=True)
        return
    key = str(session.get_bind().engine.url)
    copy = _copies.get(key)
    if copy is None or time.monotonic() - copy.taken_at > FRESH_FOR or copy.day != london_today():
        taken_at, day = time.monotonic(), london_today()
        seed_demo_data(session, fast_hashing=True)
        _copies[key] = _Copy(taken_at, day, _rows(session))
        return
    for table in Base.metadata.sorted_tables:
        rows = copy.rows.get(table.name)
        if rows:
            session.execute(table.insert(), rows)
    if session.get_bind().dialect.name == "postgresql":
        _move_sequences_on(session)
    session.flush()


def _is_empty(session: Session) -> bool:
    session.flush()
    return all(
        session.scalar(select(func.count()).select_from(table)) == 0
        for table in Base.metadata.sorted_tables
    )


def _rows(session: Session) -> dict[str, list[dict[str, Any]]]:
    session.flush()
    return {
        table.name: [dict(row) for row in session.execute(select(table)).mappings()]
        for table in Base.metadata.sorted_tables
    }


def _move_sequences_on(session: Session) -> None:
    """Rows copied in with their ids leave the id sequences where they were:
    move each past the largest id, as the seed's own inserts would have."""
    for table in Base.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.autoincrement or not column.primary_key:
            continue
        session.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(f'"{table.name}"', "id"),
                    select(func.max(column)).scalar_subquery(),
                )
            )
        )

"""How fast the collated feedback view is at 1,000,000 responses.

Builds the volume data (`portal.demo.volume`: 1,000 young people and
1,000,000 responses over two years, with requests, parts, tags and notices)
once on a temporary SQLite file and once on PostgreSQL, then times the
service-wide view and a team's view for the last 12 months, as the page
builds them: the service for an administrator (the figures, from the day
counts kept as answers arrive; administrators never see comments), a team
for its manager (the figures counted from the rows, and the first page of
comments). Prints how long generating took (the day counts included), the
median and 95th percentile of 5 runs after a warm-up, and the number of
queries.

PostgreSQL is the database in BENCH_DATABASE_URL (by default
postgresql+psycopg://postgres@127.0.0.1:5432/bench_collation), dropped and
created again for the run; when it cannot be reached it is skipped with a
note. Exits with status 1 if a service-wide median is over 500 ms.

    .venv/bin/python bench/feedback_collation.py [--responses N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.demo.volume import VolumeShape, generate_volume
from portal.migrations import upgrade
from portal.services.feedback.collation import collate
from portal.services.feedback.collation_comments import CommentFilter, comments_page
from portal.services.feedback.collation_scope import Scope, ScopeKind
from portal.services.feedback.periods import twelve_months_to
from tests.query_counter import count_queries

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_collation"
TARGET_MS = 500.0
RUNS = 5
TODAY = date(2026, 12, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1_000_000)
    arguments = parser.parse_args()
    medians = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = create_engine(f"sqlite:///{folder}/bench.sqlite3")
        medians.append(bench("SQLite", sqlite, arguments.responses))
        sqlite.dispose()
    postgres = _fresh_postgres(os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES))
    if postgres is not None:
        medians.append(bench("PostgreSQL", postgres, arguments.responses))
        postgres.dispose()
    over = [median for median in medians if median > TARGET_MS]
    if over:
        print(f"Over the {TARGET_MS:.0f} ms target for the service-wide view.")
    return 1 if over else 0


def _fresh_postgres(url: str) -> Engine | None:
    """An engine on a newly created database `url`, or None (with a note)."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        print(f"PostgreSQL skipped: {url} cannot be reached ({type(error.orig).__name__}).")
        return None
    finally:
        admin.dispose()
    return create_engine(url)


def bench(name: str, engine: Engine, responses: int) -> float:
    """Build the data on `engine`, time the views; the service-wide median."""
    upgrade(engine)
    with engine.begin() as connection:
        shape = VolumeShape(
            responses_per_person=responses // 1_000,
            audit_events_per_person=0,
            messages_per_person=0,
        )
        summary = generate_volume(connection, shape, today=TODAY)
    rows = summary.responses + summary.parts + summary.requests + summary.tags + summary.notices
    print(
        f"{name}: generated {summary.responses:,} responses ({summary.parts:,} more parts), "
        f"{summary.requests:,} requests, {summary.tags:,} tags, {summary.notices:,} notices "
        f"({rows:,} rows) in {summary.seconds:.1f} s"
    )
    _analyse(engine)
    period = twelve_months_to(TODAY)
    service = _time_view(engine, period, Scope(ScopeKind.SERVICE), comments=False)
    team = _time_view(engine, period, Scope(ScopeKind.TEAM, team_id=1), comments=True)
    for label, (median, p95, queries, counted) in (("service", service), ("team 1", team)):
        print(
            f"  {label} view, 12 months ({counted:,} responses): median {median:.0f} ms, "
            f"p95 {p95:.0f} ms, {queries} queries"
        )
    return service[0]


def _analyse(engine: Engine) -> None:
    """Fresh statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would give."""
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def _time_view(
    engine: Engine, period: object, scope: Scope, *, comments: bool
) -> tuple[float, float, int, int]:
    def view(session: Session) -> int:
        figures = collate(session, period, scope)  # type: ignore[arg-type]
        if comments:
            comments_page(session, period, scope, CommentFilter())  # type: ignore[arg-type]
        return figures.responses

    with Session(engine) as session:
        view(session)  # warm-up
        timings = [_timed(lambda: view(session)) for _ in range(RUNS)]
        with count_queries(engine) as log:
            counted = view(session)
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, log.count, counted


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    sys.exit(main())

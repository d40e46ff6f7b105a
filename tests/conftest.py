"""Fixtures shared by every test: the database, the app and a checking client;
and the hooks that share the tests out between `make test`'s two runs.

The database is SQLite in a temporary folder by default, or a fresh PostgreSQL
database when DATABASE_URL points at a PostgreSQL server. Either way the schema
is built by running the migrations, so the migrations are tested too. Every
table is emptied after each test that used the database.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from portal.database import engine_for
from portal.extensions import db
from portal.migrations import upgrade
from portal.models import Base
from tests import run_groups
from tests.client import PortalClient
from tests.shared_app import AppLender, build_test_app

__all__ = ["build_test_app"]


def pytest_addoption(parser: pytest.Parser) -> None:
    run_groups.add_option(parser)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_groups.keep_chosen_groups(config, items)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    database = "PostgreSQL" if _server_url().startswith("postgresql") else "SQLite"
    line = run_groups.summary_line(terminalreporter.config, database)
    if line:
        terminalreporter.write_line(line)
    lender = terminalreporter.config.stash.get(_LENDER_KEY, None)
    if lender is not None:
        terminalreporter.write_line(
            f"apps lent to tests: {lender.loans}, built for them: {lender.apps_built}"
        )


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def _create_postgresql_database(server_url: str) -> str:
    """A new, empty database on the server `server_url` names; returns its URL."""
    name = f"portal_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _drop_postgresql_database(server_url: str, database_url: str) -> None:
    engine_for(database_url).dispose()
    name = make_url(database_url).database
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def database_server_url() -> str:
    """The PostgreSQL server DATABASE_URL names, or "" for SQLite. A test that
    makes a database of its own reads this, never the environment, so that it
    counts as a database test and runs on both databases."""
    server_url = _server_url()
    return server_url if server_url.startswith("postgresql") else ""


@pytest.fixture(scope="session")
def database_url(
    database_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if database_server_url:
        url = _create_postgresql_database(database_server_url)
        yield url
        _drop_postgresql_database(database_server_url, url)
    else:
        path: Path = tmp_path_factory.mktemp("database") / "portal.sqlite3"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Engine:
    engine = engine_for(database_url)
    upgrade(engine)
    if engine.dialect.name == "postgresql":
        _keep_rows_in_the_order_they_were_added(engine)
    return engine


def _keep_rows_in_the_order_they_were_added(engine: Engine) -> None:
    """Stop autovacuum on the test database's tables. Between tests the rows
    are deleted (see `_empty_every_table`); a vacuum would hand the space they
    took to the next rows added, so a query without ORDER BY would read them
    out of the order they were added in, as it never did on new tables."""
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            connection.execute(text(f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = false)'))


def _empty_every_table(engine: Engine) -> None:
    """Delete every row, and start every id again from 1, as a new database
    would. On PostgreSQL, DELETE and resetting the sequences takes a few
    milliseconds where TRUNCATE took almost half a second (it makes new files
    for every table and index); on SQLite ids restart by themselves once a
    table is empty.

    On PostgreSQL the history tables refuse DELETE (migration
    0006_append_only). `session_replication_role = replica` turns their
    triggers off for this transaction only. Only a superuser may set it, as
    the test server's `postgres` user is (the portal's own login should not
    be). It turns off the foreign key checks too, which is safe here because
    every table ends up empty."""
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # One round trip for the lot: a third of the time of one per
            # table. The names are the models' own, not input.
            statements = [
                "SET LOCAL session_replication_role = replica",
                *(f'DELETE FROM "{table.name}"' for table in tables),  # noqa: S608
                "SELECT setval(seqrelid, seqstart, false) FROM pg_catalog.pg_sequence",
            ]
            connection.exec_driver_sql(";".join(statements))
        else:
            for table in tables:
                connection.execute(table.delete())


_LENDER_KEY = pytest.StashKey[AppLender]()


@pytest.fixture(scope="session")
def app_lender(
    database_url: str, migrated_engine: Engine, pytestconfig: pytest.Config
) -> AppLender:
    lender = AppLender(database_url)
    pytestconfig.stash[_LENDER_KEY] = lender
    return lender


@pytest.fixture
def app(app_lender: AppLender, migrated_engine: Engine) -> Iterator[Flask]:
    """The Test app on this run's database, lent for this test (see
    tests/shared_app.py: what a test changes does not outlive it)."""
    app = app_lender.lend()
    try:
        yield app
    finally:
        _empty_every_table(migrated_engine)
        app_lender.take_back(app)


@pytest.fixture
def client(app: Flask) -> PortalClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The database session of an app context, for factories and assertions."""
    with app.app_context():
        yield db.session

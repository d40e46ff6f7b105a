"""Fixtures shared by every test: the database, the app and a checking client.

The database is SQLite in a temporary folder by default, or a fresh PostgreSQL
database when DATABASE_URL points at a PostgreSQL server. Either way the schema
is built by running the migrations, so the migrations are tested too.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from portal import create_app
from portal.config import Test
from portal.database import engine_for
from portal.extensions import db
from portal.migrations import upgrade
from portal.models import Base
from tests.client import PortalClient


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
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server_url = os.environ.get("DATABASE_URL", "")
    if server_url.startswith("postgresql"):
        url = _create_postgresql_database(server_url)
        yield url
        _drop_postgresql_database(server_url, url)
    else:
        path: Path = tmp_path_factory.mktemp("database") / "portal.sqlite3"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Engine:
    engine = engine_for(database_url)
    upgrade(engine)
    return engine


def _empty_every_table(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole run. Every test builds
    its own app, and so its own Jinja environment; without this each one would
    compile the layout and the NHS.UK macros again, which was most of the time
    a page test took. Jinja checks each template's source checksum, so a
    changed template is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _SharedBytecodeCache()


def build_test_app(database_url: str, **overrides: object) -> Flask:
    """The app as tests use it: Test config, this run's database, checking client."""
    app = create_app(Test, overrides={"DATABASE_URL": database_url, **overrides})
    app.test_client_class = PortalClient
    app.jinja_env.bytecode_cache = _TEMPLATE_CACHE
    return app


@pytest.fixture
def app(database_url: str, migrated_engine: Engine) -> Iterator[Flask]:
    app = build_test_app(database_url)
    yield app
    _empty_every_table(migrated_engine)


@pytest.fixture
def client(app: Flask) -> PortalClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The database session of an app context, for factories and assertions."""
    with app.app_context():
        yield db.session

"""The database: one engine per URL, and a session per application context."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

_engines: dict[str, Engine] = {}


def engine_for(url: str) -> Engine:
    """A shared engine for `url`, with SQLite set up safely for a web server."""
    if url not in _engines:
        options: dict[str, Any] = {"pool_pre_ping": True}
        if url.startswith("sqlite"):
            options = {"connect_args": {"timeout": 15}}
        engine = create_engine(url, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _configure_sqlite_connection)
        _engines[url] = engine
    return _engines[url]


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked; WAL lets readers work while one
    # request writes; the busy timeout makes a second writer wait, not fail.
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 15000")
    cursor.close()


def _current_app_context_id() -> int:
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]


class Database:
    """Attach with `init_app`; use `db.session` inside an app context."""

    def init_app(self, app: Flask) -> None:
        engine = engine_for(app.config["DATABASE_URL"])
        factory = sessionmaker(bind=engine, expire_on_commit=False)
        sessions = scoped_session(factory, scopefunc=_current_app_context_id)
        app.extensions["database"] = {"engine": engine, "sessions": sessions}

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            sessions.remove()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database"]["engine"]

    @property
    def session(self) -> Session:
        return current_app.extensions["database"]["sessions"]()

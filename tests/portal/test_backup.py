"""`flask --app portal backup`: a copy of the SQLite database taken while
someone is writing holds every committed row and nothing uncommitted, passes
SQLite's integrity check, and restores into a fresh database with every row.

These tests make their own SQLite databases, so they run once, whatever
database the rest of the run uses."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from portal.backup import BackupNotSupported, back_up_sqlite, row_counts
from portal.extensions import db
from portal.migrations import upgrade
from portal.models import AuditEvent, YoungPerson
from tests.shared_app import build_test_app
from tests.support.demo_copy import add_demo_data

WRITTEN_DURING_THE_BACKUP = "A team saved while the backup ran"


@pytest.fixture
def portal_database(tmp_path: Path) -> Engine:
    """A SQLite database in WAL mode, as the portal runs it, with the demo data."""
    url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    upgrade(engine)
    app = build_test_app(url)
    with app.app_context():
        add_demo_data(db.session)
        db.session.commit()
        db.engine.dispose()
    return engine


def every_row(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order."""
    with sqlite3.connect(path) as connection:
        return {
            table: sorted(
                connection.execute(f'SELECT * FROM "{table}"').fetchall(),  # noqa: S608
                key=repr,
            )
            for table in row_counts(connection)
        }


def test_a_backup_taken_while_someone_writes_restores_every_committed_row(
    portal_database: Engine, tmp_path: Path
) -> None:
    source = Path(str(portal_database.url.database))
    committed = every_row(source)
    writer = portal_database.connect()
    writing = writer.begin()
    writer.exec_driver_sql(
        "INSERT INTO teams (name, created_at) VALUES (?, '2026-12-04 20:00:00')",
        (WRITTEN_DURING_THE_BACKUP,),
    )

    made = back_up_sqlite(portal_database, tmp_path / "backup.sqlite3")

    writing.commit()
    writer.close()
    assert made.rows == {table: len(rows) for table, rows in committed.items()}
    assert made.total_rows > 500
    # Restored into a fresh database: every row, and nothing uncommitted.
    fresh = tmp_path / "restored.sqlite3"
    with sqlite3.connect(made.path) as backup, sqlite3.connect(fresh) as restored:
        backup.backup(restored)
    assert every_row(fresh) == committed
    restored_engine = create_engine(f"sqlite:///{fresh}")
    upgrade(restored_engine)  # at the newest revision already: changes nothing
    with Session(restored_engine) as session:
        assert session.scalar(select(func.count()).select_from(YoungPerson))
        assert session.scalar(select(func.count()).select_from(AuditEvent))
    assert every_row(fresh) == committed
    # The source has the row the writer committed afterwards.
    assert len(every_row(source)["teams"]) == len(committed["teams"]) + 1


def test_the_command_writes_a_checked_copy_and_says_so(
    portal_database: Engine, tmp_path: Path
) -> None:
    app = build_test_app(str(portal_database.url))
    out = tmp_path / "nightly.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "(integrity check: ok)" in result.output
    assert "keep it as safe as the database" in result.output
    assert every_row(out) == every_row(Path(str(portal_database.url.database)))
    assert not out.with_name(out.name + ".partial").exists()


def test_a_file_that_cannot_be_written_is_a_clear_error(
    portal_database: Engine, tmp_path: Path
) -> None:
    app: Flask = build_test_app(str(portal_database.url))
    out = tmp_path / "no-such-folder" / "backup.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 1
    assert "Could not write" in result.output
    assert not out.exists()


def test_postgresql_is_backed_up_with_its_own_tools() -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(BackupNotSupported) as refused:
        back_up_sqlite(engine, Path("unused.sqlite3"))
    assert refused.value.dialect == "postgresql"

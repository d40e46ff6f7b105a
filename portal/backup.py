"""A consistent copy of the SQLite database, taken while the portal runs.

SQLite's online backup API (`sqlite3.Connection.backup`) copies the database
under one read transaction, so the copy is the database as it was at one
moment, with every committed row and nothing half-written, while other
processes go on writing (the portal runs SQLite in WAL mode). A file copy
of a database in WAL mode can miss the latest commits, which still sit in
the `-wal` file, or catch a page mid-write.

The copy is written beside `out` first, checked (`PRAGMA integrity_check`),
then renamed, so a backup file that exists is a whole one. PostgreSQL has
its own tools: docs/operations.md, "Backups".
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine


class BackupNotSupported(Exception):
    """The database is not SQLite; `dialect` names what it is."""

    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        self.dialect = dialect


class BackupFailed(Exception):
    """The copy did not pass SQLite's integrity check; nothing was written."""


@dataclass(frozen=True)
class Backup:
    path: Path
    # Rows in each table of the copy, by table name.
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def back_up_sqlite(engine: Engine, out: Path) -> Backup:
    """Copy the SQLite database behind `engine` to `out`, consistently, while
    others may be writing. Raises BackupNotSupported for another database,
    BackupFailed when the copy is not sound, OSError when `out` cannot be
    written. An existing `out` is replaced only by a whole, checked copy."""
    if engine.dialect.name != "sqlite":
        raise BackupNotSupported(engine.dialect.name)
    if not out.parent.is_dir():
        # sqlite3 would say only "unable to open database file".
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(out.parent))
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = engine.raw_connection()
        try:
            target = sqlite3.connect(partial)
            try:
                source.driver_connection.backup(target)  # type: ignore[union-attr]
                (verdict,) = target.execute("PRAGMA integrity_check").fetchone()
                if verdict != "ok":
                    raise BackupFailed(verdict)
                rows = row_counts(target)
            finally:
                target.close()
        finally:
            source.close()
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=out, rows=rows)


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows in each of the database's own tables (not SQLite's)."""
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # The names come from the database's own catalogue, quoted as identifiers.
    return {
        name: connection.execute(
            'SELECT count(*) FROM "{}"'.format(name.replace('"', '""'))  # noqa: S608
        ).fetchone()[0]
        for name in names
    }

"""After a test that loads rows with PostgreSQL's COPY (portal.demo.volume).

COPY extends a table several pages at a time and records the pages it did
not fill in the free space map. Deleting the rows afterwards (as every test
does, tests/conftest.py) leaves that map behind, so a later test's rows can
land on an earlier page and a query without ORDER BY reads them out of the
order they were added. TRUNCATE gives every table new, empty files and no
map: the next test starts as on a new database."""

from __future__ import annotations

from sqlalchemy import Engine

from portal.models import Base


def start_every_table_afresh(engine: Engine) -> None:
    """On PostgreSQL, TRUNCATE every table (with the history tables' refusal
    switched off for this transaction, as tests/conftest.py does for DELETE);
    on SQLite nothing: its tables keep no such map."""
    if engine.dialect.name != "postgresql":
        return
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY")

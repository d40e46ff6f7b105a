"""What the volume generator's parts share: the ids to count on from, and
rows sent to the database a batch at a time."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Enum, Table, insert
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from portal.models.base import UtcDateTime

BATCH = 10_000
# Mobiles 07700 900300 to 900999: the demo families have the ones below.
FIRST_MOBILE = 300
MOBILES = 700


@dataclass(frozen=True)
class VolumeIds:
    """The largest id of each table before the generator added anything."""

    team: int
    staff: int
    person: int
    contact: int
    meeting: int
    request: int
    response: int

    def person_id(self, number: int) -> int:
        """The young person numbered `number` (from 1) of those added."""
        return self.person + number

    def contact_id(self, number: int) -> int:
        """The parent of young person `number`: one contact each."""
        return self.contact + number

    def meeting_id(self, number: int, index: int, per_person: int) -> int:
        """Meeting `index` (from 0, earliest first) of young person `number`."""
        return self.meeting + (number - 1) * per_person + index + 1


def volume_mobile(number: int) -> str:
    """The mobile of the parent of young person `number`: 700 numbers in
    turn, so some parents share one, as a parent of two would."""
    return f"+447700900{FIRST_MOBILE + number % MOBILES:03d}"


class Batches:
    """Rows for one or more tables, sent a batch at a time: when one table
    has a batch, every table's rows go, in the order given, so a row never
    arrives before the row it points at."""

    def __init__(self, connection: Connection, *tables: Any) -> None:
        self.connection = connection
        self.rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in tables}
        self.counts: dict[Any, int] = dict.fromkeys(self.rows, 0)

    def add(self, table: Any, row: dict[str, Any]) -> None:
        rows = self.rows[table]
        rows.append(row)
        self.counts[table] += 1
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                fast_insert(self.connection, table, rows)
                rows.clear()


def bulk(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for batch in _batches(rows):
        connection.execute(insert(table), batch)


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for begin in range(0, len(rows), BATCH):
        yield rows[begin : begin + BATCH]


def fast_insert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) as the ORM would store them,
    without its per-value work: SQLite's executemany, PostgreSQL's COPY.
    Columns left out get their Python default, or the database's."""
    given = list(rows[0])
    defaults = _python_defaults(table, given)
    names = given + list(defaults)
    postgres = connection.dialect.name == "postgresql"
    changes = [
        (index, change)
        for index, name in enumerate(names)
        if (change := _converter(table.c[name], postgres=postgres)) is not None
    ]
    tuples: list[tuple[Any, ...]] = []
    for row in rows:
        listed = [*row.values(), *defaults.values()]
        for index, change in changes:
            listed[index] = change(listed[index])
        tuples.append(tuple(listed))
    columns = ", ".join(names)
    if postgres:
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor().copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            for values in tuples:
                copy.write_row(values)
        return
    marks = ", ".join("?" * len(names))
    # The names are the models' own, never input.
    statement = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"  # noqa: S608
    connection.exec_driver_sql(statement, tuples)


def _python_defaults(table: Table, given: list[str]) -> dict[str, Any]:
    """The value of each column's Python-side default that `given` leaves out."""
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.default is None:
            continue
        default = column.default
        if isinstance(default, CallableColumnDefault):
            defaults[column.name] = default.arg(None)  # type: ignore[arg-type]
        elif isinstance(default, ScalarElementColumnDefault):
            defaults[column.name] = default.arg
    return defaults


def _converter(column: Column[Any], *, postgres: bool) -> Callable[[Any], Any] | None:
    """How a value of `column` is stored, or None when as it is: UTC times
    without a zone, enums by value, JSON as text, and on SQLite times and
    dates as ISO text."""
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return _utc_naive if postgres else _utc_text
    if isinstance(kind, JSON):
        return _json_text
    if isinstance(kind, Enum):
        return _enum_value
    if isinstance(kind, Date) and not postgres:
        return _date_text
    if isinstance(kind, Boolean) and not postgres:
        return _as_int
    return None


def _utc_naive(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _utc_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def _json_text(value: object) -> str | None:
    return None if value is None else json.dumps(value)


def _date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _as_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _enum_value(value: enum.Enum | str | None) -> str | None:
    return value.value if isinstance(value, enum.Enum) else value

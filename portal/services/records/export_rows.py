"""Rows of the record as plain data: each column by name, values as JSON
(`plain_value`), sign-in link secrets removed, secret columns left out."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from portal.services.records.export_tables import SECRET_COLUMNS
from portal.timezones import LONDON

Row = dict[str, Any]

# A sign-in link's secret, wherever it appears in stored text.
_LINK_SECRET = re.compile(r"/l/[A-Za-z0-9_-]+")
LINK_REDACTED = "/l/[removed]"


def redact_links(text: str) -> str:
    return _LINK_SECRET.sub(LINK_REDACTED, text)


def plain_value(value: Any) -> Any:
    """A stored value as JSON: instants in ISO 8601 with their Europe/London
    offset, days as YYYY-MM-DD, enums as their stored value, and sign-in link
    secrets removed from text."""
    if isinstance(value, datetime):
        return value.astimezone(LONDON).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str):
        return redact_links(value)
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain_value(item) for key, item in value.items()}
    return value


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def rows_of(
    session: Session, model: type[Any], where: ColumnElement[bool], *order: Any
) -> list[Row]:
    """Every row of `model` matching `where`, each column by name: one query."""
    table = _table(model)
    hidden = SECRET_COLUMNS.get(table.name, frozenset())
    columns = [column for column in table.columns if column.name not in hidden]
    query = select(*columns).where(where).order_by(*order, table.c.id)
    return [
        {name: plain_value(value) for name, value in row._mapping.items()}
        for row in session.execute(query)
    ]


def grouped(rows: Iterable[Row], key: str) -> dict[Any, list[Row]]:
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def nest(parents: list[Row], children: Mapping[str, list[Row]], key: str) -> None:
    """Put each child row list (by name) under its parent (`key` is the child's link)."""
    groups = {name: grouped(rows, key) for name, rows in children.items()}
    for parent in parents:
        for name, by_parent in groups.items():
            parent[name] = by_parent.get(parent["id"], [])

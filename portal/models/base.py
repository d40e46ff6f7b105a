"""The declarative base, shared column types and the append-only guard."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapper
from sqlalchemy.types import TypeDecorator

# Named constraints make migrations reviewable and portable between databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, stored as UTC and always returned timezone-aware.

    SQLite has no time zone support, so values are stored as naive UTC on every
    database and made aware again on the way out. Naive values are refused: a
    time without a zone is a bug waiting for the clocks to change.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enum: stored as its value in a VARCHAR with a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a row that is history."""


class AppendOnly:
    """Mixin for history tables: rows can be added, never changed or deleted.
    The listeners below refuse what the ORM flushes; on PostgreSQL, triggers
    (migration 0006_append_only) refuse any UPDATE, DELETE or TRUNCATE."""


@event.listens_for(Mapper, "before_update")
def _refuse_update(mapper: Mapper[Any], connection: Any, target: Any) -> None:
    if isinstance(target, AppendOnly):
        raise AppendOnlyError(f"{type(target).__name__} rows are history and cannot be changed")


@event.listens_for(Mapper, "before_delete")
def _refuse_delete(mapper: Mapper[Any], connection: Any, target: Any) -> None:
    if isinstance(target, AppendOnly):
        raise AppendOnlyError(f"{type(target).__name__} rows are history and cannot be deleted")

"""Alembic environment. The connection (or URL) comes from the caller: the
`flask db-upgrade` command and the tests pass one in `config.attributes`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from portal.models import Base
from portal.models.base import UtcDateTime
from portal.models.encrypted import EncryptedString

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations stay independent of model code: UtcDateTime is a plain DATETIME
    # in the database.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    # EncryptedString is a plain VARCHAR holding the token.
    if type_ == "type" and isinstance(obj, EncryptedString):
        return f"sa.String(length={obj.impl_instance.length})"
    return False


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_item=_render_item,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No database given: use `flask --app portal db-upgrade`")
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)

"""Running the Alembic migrations from the app and the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, Engine

from portal.config import PROJECT_ROOT
from portal.secrets_at_rest import KeyRing


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = engine.url.render_as_string(hide_password=False)
    return config


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """One transaction for the migrations. On SQLite, foreign keys are off
    meanwhile, as SQLite's own steps for changing a table ask: a migration
    that rebuilds a table other rows point at (batch mode) would otherwise be
    refused as soon as those rows exist. The keys are checked before the end."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        # Only takes effect outside a transaction, so before it begins.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.commit()
        try:
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()


def upgrade(engine: Engine, revision: str = "head", *, key_ring: KeyRing | None = None) -> None:
    """Run the migrations up to `revision`. A migration that encrypts or
    decrypts stored secrets uses `key_ring`, and refuses to run on rows
    without one."""
    with _migration_connection(engine) as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        config.attributes["key_ring"] = key_ring
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base", *, key_ring: KeyRing | None = None) -> None:
    with _migration_connection(engine) as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        config.attributes["key_ring"] = key_ring
        command.downgrade(config, revision)

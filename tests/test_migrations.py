"""The migrations build exactly the schema the models describe, and can be
undone and redone on an empty database; `db-upgrade` also gives a new
database the consent items."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect, text

from portal.extensions import db
from portal.migrations import alembic_config, downgrade, upgrade
from portal.models import Base, StaffUser
from portal.secrets_at_rest import KeyRing, new_key
from portal.services.consent.registry import CONSENT_ITEM_TYPES
from tests.conftest import (
    _create_postgresql_database,
    _drop_postgresql_database,
    build_test_app,
)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


@pytest.fixture
def empty_engine(tmp_path: Path, database_server_url: str) -> Iterator[Engine]:
    """A brand-new empty database of the kind this run tests."""
    server_url = database_server_url
    if server_url:
        url = _create_postgresql_database(server_url)
        engine = create_engine(url)
        yield engine
        engine.dispose()
        _drop_postgresql_database(server_url, url)
    else:
        engine = create_engine(f"sqlite:///{tmp_path / f'{secrets.token_hex(4)}.sqlite3'}")
        yield engine
        engine.dispose()


def test_models_and_migrations_agree(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "target_metadata": Base.metadata}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"write a migration for these model changes: {differences}"


def test_downgrade_to_empty_and_upgrade_again(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert "young_people" in inspect(empty_engine).get_table_names()
    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == ScriptDirectory.from_config(alembic_config(empty_engine)).get_current_head()


def test_history_triggers_go_with_a_downgrade_and_come_back(empty_engine: Engine) -> None:
    """On PostgreSQL 0008_append_only adds the function and triggers that keep
    history (two triggers on each of its 13 tables; 0009_urgent adds two on
    urgent_acknowledgements), and the downgrades take them away; on SQLite
    there are none (the ORM guard stops changes there)."""
    guarded = (1, 28) if empty_engine.dialect.name == "postgresql" else (0, 0)
    upgrade(empty_engine)
    assert _history_guards(empty_engine) == guarded
    downgrade(empty_engine, "0007_verified")
    assert _history_guards(empty_engine) == (0, 0)
    upgrade(empty_engine)
    assert _history_guards(empty_engine) == guarded


def _history_guards(engine: Engine) -> tuple[int, int]:
    """How many functions named refuse_history_change, and triggers of any kind."""
    if engine.dialect.name == "sqlite":
        queries = (
            "SELECT 0",
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
        )
    else:
        queries = (
            "SELECT count(*) FROM pg_proc WHERE proname = 'refuse_history_change'",
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal",
        )
    with engine.connect() as connection:
        functions, triggers = (int(connection.execute(text(q)).scalar_one()) for q in queries)
    return functions, triggers


def test_there_is_one_head(empty_engine: Engine) -> None:
    heads = ScriptDirectory.from_config(alembic_config(empty_engine)).get_heads()
    assert len(heads) == 1, f"merge the migration heads: {heads}"


def test_migration_files_are_numbered() -> None:
    names = sorted(path.name for path in MIGRATIONS.glob("*.py"))
    assert names, "no migrations found"
    for number, name in enumerate(names, start=1):
        assert name.startswith(f"{number:04d}_"), f"{name} should start with {number:04d}_"


def test_db_upgrade_gives_a_new_database_every_consent_item_once(empty_engine: Engine) -> None:
    """A production-style start: a new, empty database, no demo data and no
    factories. The command builds the schema and adds the registry's items;
    running it again changes nothing."""
    url = empty_engine.url.render_as_string(hide_password=False)
    runner = build_test_app(url).test_cli_runner()

    first = runner.invoke(args=["db-upgrade"])
    assert first.exit_code == 0, first.output
    assert f"({len(CONSENT_ITEM_TYPES)} added, changed or removed)" in first.output
    rows = _consent_item_rows(empty_engine)
    assert {code: row[1:] for code, row in rows.items()} == {
        kind.code: (kind.title, kind.description, kind.agency, kind.display_order)
        for kind in CONSENT_ITEM_TYPES
    }

    again = runner.invoke(args=["db-upgrade"])
    assert again.exit_code == 0, again.output
    assert "(0 added, changed or removed)" in again.output
    assert _consent_item_rows(empty_engine) == rows


def _consent_item_rows(engine: Engine) -> dict[str, tuple[object, ...]]:
    with engine.connect() as connection:
        result = connection.execute(
            text("SELECT code, id, title, description, agency, display_order FROM consent_items")
        )
        return {row[0]: tuple(row[1:]) for row in result}


# The migration that encrypts the staff authenticator keys (0006_secrets).
BEFORE_ENCRYPTION = "0005"
PLAIN_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _add_staff_user_with_a_plain_secret(engine: Engine) -> None:
    """A staff user as the schema before encryption held them, with a session
    row pointing at it (so SQLite must rebuild a table other rows point at)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff_users (id, name, email, role, is_active, password_hash,"
                " totp_secret, failed_sign_in_count, created_at) VALUES (1, 'Test Keyworker',"
                " 'keyworker@example.org', 'keyworker', true, 'x', :secret, 0, :now)"
            ),
            {"secret": PLAIN_SECRET, "now": "2026-12-01 09:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO web_sessions (id_hash, staff_user_id, data, created_at, last_seen_at)"
                " VALUES (:hash, 1, '{}', :now, :now)"
            ),
            {"hash": "a" * 64, "now": "2026-12-01 09:00:00"},
        )


def _stored_secret(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT totp_secret FROM staff_users")).scalar_one()


def _version(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_the_secrets_migration_encrypts_stored_totp_keys_and_can_undo_it(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine, BEFORE_ENCRYPTION)
    _add_staff_user_with_a_plain_secret(empty_engine)
    key_ring = KeyRing([new_key()])

    upgrade(empty_engine, "0006_secrets", key_ring=key_ring)
    stored = _stored_secret(empty_engine)
    assert PLAIN_SECRET not in stored
    assert key_ring.decrypt(stored) == PLAIN_SECRET

    downgrade(empty_engine, BEFORE_ENCRYPTION, key_ring=key_ring)
    assert _stored_secret(empty_engine) == PLAIN_SECRET


def test_the_secrets_migration_stops_without_the_key_ring(empty_engine: Engine) -> None:
    upgrade(empty_engine, BEFORE_ENCRYPTION)
    _add_staff_user_with_a_plain_secret(empty_engine)
    with pytest.raises(RuntimeError, match="TOTP_ENCRYPTION_KEYS"):
        upgrade(empty_engine, "0006_secrets")
    assert _version(empty_engine) == BEFORE_ENCRYPTION
    assert _stored_secret(empty_engine) == PLAIN_SECRET


def test_db_upgrade_encrypts_the_stored_keys_with_the_apps_key_ring(empty_engine: Engine) -> None:
    upgrade(empty_engine, BEFORE_ENCRYPTION)
    _add_staff_user_with_a_plain_secret(empty_engine)
    url = empty_engine.url.render_as_string(hide_password=False)
    app = build_test_app(url)
    result = app.test_cli_runner().invoke(args=["db-upgrade"])
    assert result.exit_code == 0, result.output
    assert KeyRing(app.config["TOTP_ENCRYPTION_KEYS"]).decrypt(_stored_secret(empty_engine)) == (
        PLAIN_SECRET
    )
    with app.app_context():
        assert db.session.get(StaffUser, 1).totp_secret == PLAIN_SECRET

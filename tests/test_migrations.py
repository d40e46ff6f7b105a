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
from portal.models.base import AppendOnly
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
    """On PostgreSQL 0008_append_only and later migrations add the function and
    triggers that keep history (two triggers on each history table, the models
    with the AppendOnly mixin), and 0008's downgrade takes them away; on SQLite
    there are none (the ORM guard stops changes there)."""
    tables = {
        m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, AppendOnly)
    }
    guarded = (1, 2 * len(tables)) if empty_engine.dialect.name == "postgresql" else (0, 0)
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


# Before and after the actions got their own table (0016_actions).
BEFORE_ACTIONS = "0015_consent"
AT = "2026-12-01 09:00:00"


def _add_plan_and_meeting_actions(engine: Engine) -> None:
    """A young person whose plan has two versions (each with its copy of the
    actions, one cancelled in the latest), and a held meeting with one action."""
    statements = [
        "INSERT INTO teams (id, name, created_at) VALUES (1, 'Team', :at)",
        "INSERT INTO staff_users (id, name, email, role, is_active, password_hash,"
        " failed_sign_in_count, created_at) VALUES (1, 'Test Keyworker',"
        " 'keyworker@example.org', 'keyworker', true, 'x', 0, :at)",
        "INSERT INTO young_people (id, legal_name, preferred_name, date_of_birth,"
        " register_status, team_id, preferred_language, created_at)"
        " VALUES (1, 'Sam Example', 'Sam', '2012-01-01', 'on_register', 1, 'en', :at)",
        "INSERT INTO plans (id, young_person_id, created_at) VALUES (1, 1, :at)",
        "INSERT INTO plan_versions (id, plan_id, number, change_note, created_by_id, created_at)"
        " VALUES (1, 1, 1, 'First.', 1, :at), (2, 1, 2, 'Second.', 1, :at)",
        "INSERT INTO plan_actions (id, version_id, action_key, what, who, due_on, status,"
        " visible_to_family) VALUES"
        " (1, 1, 'k1', 'Book it', 'GP', '2026-12-09', 'not_started', true),"
        " (2, 1, 'k2', 'Old copy', 'School', NULL, 'not_started', true),"
        " (3, 2, 'k1', 'Book it', 'GP', '2026-12-09', 'in_progress', true),"
        " (4, 2, 'k2', 'Call school', 'School', NULL, 'cancelled', false)",
        "INSERT INTO meetings (id, young_person_id, kind, starts_at, ends_at, place, status,"
        " created_at, updated_at, sequence) VALUES"
        " (1, 1, 'mdt', '2026-11-20 10:00:00', '2026-11-20 11:00:00', 'Room 1', 'held',"
        " :at, :at, 2)",
        "INSERT INTO meeting_actions (id, meeting_id, what, who, due_on)"
        " VALUES (1, 1, 'Find a club', 'Keyworker', '2026-12-20')",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), {"at": AT})


def test_the_actions_migration_copies_the_latest_plan_and_meeting_actions_and_back(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine, BEFORE_ACTIONS)
    _add_plan_and_meeting_actions(empty_engine)

    upgrade(empty_engine, "0016_actions")
    with empty_engine.connect() as connection:
        actions = connection.execute(
            text(
                "SELECT what, who, meeting_id, status, cannot_be_done_reason, visible_to_family,"
                " created_by_id FROM actions ORDER BY id"
            )
        ).all()
        changes = connection.execute(
            text("SELECT action_id, sequence, status FROM action_changes ORDER BY action_id")
        ).all()
    assert [(a[0], a[1], a[2], a[3]) for a in actions] == [
        ("Book it", "GP", None, "in_progress"),
        ("Call school", "School", None, "cannot_be_done"),
        ("Find a club", "Keyworker", 1, "not_started"),
    ]
    assert actions[1][4] and not actions[1][5] and actions[0][6] == 1
    assert [(c[1], c[2]) for c in changes] == [
        (1, "in_progress"),
        (1, "cannot_be_done"),
        (1, "not_started"),
    ]

    downgrade(empty_engine, BEFORE_ACTIONS)
    with empty_engine.connect() as connection:
        plan_actions = connection.execute(
            text("SELECT version_id, what, status FROM plan_actions ORDER BY id")
        ).all()
        meeting_actions = connection.execute(
            text("SELECT meeting_id, what FROM meeting_actions ORDER BY id")
        ).all()
    assert plan_actions == [(2, "Book it", "in_progress"), (2, "Call school", "cancelled")]
    assert meeting_actions == [(1, "Find a club")]

"""Operator commands."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import StaffRole, StaffUser


def test_create_staff(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "create-staff",
            "--email",
            "New.Admin@example.org",
            "--name",
            "New Admin",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account for new.admin@example.org" in result.output
    with app.app_context():
        user = db.session.scalar(select(StaffUser))
        assert user.role is StaffRole.ADMIN and user.is_active


def test_create_staff_explains_a_weak_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "create-staff",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "keyworker",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert result.exit_code != 0
    assert "Password must be 12 characters or more" in result.output
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_seed_demo_twice_adds_the_data_once_and_prints_how_to_sign_in(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "Demo data added." in first.output
    assert "Demo data is already there." in second.output
    assert "priya.keyworker@example.org" in second.output
    assert "security code now:" in second.output
    with app.app_context():
        assert len(db.session.scalars(select(StaffUser)).all()) == 5


def test_demo_data_is_refused_in_production(app: Flask) -> None:
    app.config.update(TESTING=False, DEMO_DATA_ALLOWED=False)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "Demo data can only be added in development or tests." in result.output
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_db_revision_finds_nothing_to_change(app: Flask, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Write into a copy of the migrations so the real folder is untouched.
    import shutil

    from portal import migrations as migrations_module

    copy = tmp_path / "migrations"
    shutil.copytree(migrations_module.PROJECT_ROOT / "migrations", copy)
    original = migrations_module.alembic_config

    def config_for_copy(engine):  # type: ignore[no-untyped-def]
        config = original(engine)
        config.set_main_option("script_location", str(copy))
        return config

    monkeypatch.setattr(migrations_module, "alembic_config", config_for_copy)
    result = app.test_cli_runner().invoke(args=["db-revision", "-m", "nothing"])
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (copy / "versions").glob("*.py"))
    assert written[-1] == "0002_nothing.py"
    body = (copy / "versions" / "0002_nothing.py").read_text()
    assert "op.create_table" not in body and "op.add_column" not in body

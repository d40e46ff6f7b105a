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

"""`flask seed-demo` is the edge: it adds all of the demo data or none of it,
and what it prints is enough to sign in."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Team
from tests.client import PortalClient


def test_seeding_that_fails_adds_nothing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_the_team_then_fail(session: Session, **_: object) -> None:
        session.add(Team(name="Demo Keyworker Team (fictional)"))
        session.flush()
        raise RuntimeError("the demo broke halfway")

    monkeypatch.setattr("portal.demo.seed.add_demo_staff", add_the_team_then_fail)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Team)) == 0
    # Nothing half-added stops the next try from adding it all.
    monkeypatch.undo()
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "Demo data added." in again.output


def test_the_printed_details_sign_the_keyworker_in(app: Flask, client: PortalClient) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    found = re.search(
        r"keyworker\s+(?P<email>\S+)\s+password: (?P<password>\S+)\s+"
        r"security code now: (?P<code>\d{6})",
        result.output,
    )
    assert found, result.output
    assert found["email"] == "priya.keyworker@example.org"
    assert client.get("/staff/").status_code != 200
    response = client.post_form(
        "/staff/sign-in", {"email": found["email"], "password": found["password"]}
    )
    assert response.status_code == 303 and response.location.endswith("/staff/sign-in/code")
    response = client.post_form("/staff/sign-in/code", {"code": found["code"]})
    assert response.status_code == 303 and "sign-in" not in response.location
    assert client.get("/staff/").status_code == 200

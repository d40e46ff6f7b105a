"""The edge owns the transaction: a request commits once when it answers below
500 and rolls back otherwise; a command's block commits or rolls back whole."""

from __future__ import annotations

import pytest
from flask import Flask, abort, session
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.access import public
from portal.extensions import db
from portal.models import Team, WebSession
from portal.unit_of_work import unit_of_work
from tests.conftest import build_test_app


@pytest.fixture
def edge_app(app: Flask, database_url: str) -> Flask:
    """An app with routes that add a team and then answer in different ways.
    (`app` is asked for so that the tables are emptied afterwards.)"""
    edge = build_test_app(database_url, PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False)
    # These routes answer with plain words, not pages: no HTML checks.
    edge.test_client_class = FlaskClient

    def add_team(name: str) -> None:
        db.session.add(Team(name=name))
        db.session.flush()

    @edge.route("/answers/<int:status>", methods=["POST"])
    @public
    def answers(status: int) -> tuple[str, int]:
        add_team(f"answered {status}")
        return "done", status

    @edge.route("/aborts", methods=["POST"])
    @public
    def aborts() -> str:
        add_team("aborted")
        abort(404)

    @edge.route("/fails", methods=["POST"])
    @public
    def fails() -> str:
        add_team("failed")
        session["said"] = "this happened"
        raise RuntimeError("a bug")

    @edge.route("/commit-fails", methods=["POST"])
    @public
    def commit_fails() -> str:
        add_team("duplicate")
        # Not flushed: the clash shows only when the request commits.
        db.session.add(Team(name="duplicate"))
        session["said"] = "this happened"
        return "looked fine"

    return edge


def _teams(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Team.name)))


@pytest.mark.parametrize("status", [200, 303, 400, 409])
def test_a_request_that_answers_below_500_commits(edge_app: Flask, status: int) -> None:
    response = edge_app.test_client().post(f"/answers/{status}")
    assert response.status_code == status
    assert _teams(edge_app) == [f"answered {status}"]


def test_a_refusal_by_an_http_error_still_commits_what_it_counted(edge_app: Flask) -> None:
    assert edge_app.test_client().post("/aborts").status_code == 404
    assert _teams(edge_app) == ["aborted"]


def test_a_request_that_answers_500_rolls_back(edge_app: Flask) -> None:
    assert edge_app.test_client().post("/answers/500").status_code == 500
    assert _teams(edge_app) == []


def test_an_exception_rolls_back_and_keeps_the_session_as_it_was(edge_app: Flask) -> None:
    response = edge_app.test_client().post("/fails")
    assert response.status_code == 500
    assert _teams(edge_app) == []
    with edge_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 0


def test_a_commit_that_fails_shows_the_error_page_and_keeps_nothing(edge_app: Flask) -> None:
    response = edge_app.test_client().post("/commit-fails")
    assert response.status_code == 500
    assert "looked fine" not in response.get_data(as_text=True)
    assert _teams(edge_app) == []
    with edge_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 0


def test_a_block_commits_when_it_ends_and_rolls_back_when_it_raises(edge_app: Flask) -> None:
    with edge_app.app_context():
        with unit_of_work(db.session):
            db.session.add(Team(name="kept"))
        with pytest.raises(IntegrityError), unit_of_work(db.session):
            db.session.add(Team(name="lost"))
            db.session.add(Team(name="kept"))
            db.session.flush()
    assert _teams(edge_app) == ["kept"]

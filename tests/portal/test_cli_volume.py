"""`flask --app portal generate-data`: adds fictional volume after what is
there, all of it or none, and never on a real service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select

from portal.extensions import db
from portal.models import AuditEvent, FeedbackResponse, Meeting, Message, Team, YoungPerson
from tests.support.bulk_loads import start_every_table_afresh


@pytest.fixture(autouse=True)
def _every_table_afresh_afterwards(app: Flask, migrated_engine: Engine) -> Iterator[None]:
    yield
    start_every_table_afresh(migrated_engine)


SMALL = [
    "generate-data",
    "--young-people",
    "3",
    "--meetings-each",
    "2",
    "--responses-each",
    "10",
    "--audit-events-each",
    "4",
    "--messages-each",
    "2",
]


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_it_adds_what_it_says_after_the_demo_data(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        demo_people = _count(YoungPerson)
    result = runner.invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    assert "Added 3 young people, 6 meetings, 30 feedback responses" in result.output
    assert "12 audit events and 6 text messages" in result.output
    with app.app_context():
        assert _count(YoungPerson) == demo_people + 3
        volume = select(YoungPerson.id).where(YoungPerson.legal_name.like("Volume Person %"))
        assert len(db.session.scalars(volume).all()) == 3
        assert (
            db.session.scalar(
                select(func.count(Meeting.id)).where(Meeting.young_person_id.in_(volume))
            )
            == 6
        )
        assert (
            db.session.scalar(
                select(func.count(FeedbackResponse.id)).where(
                    FeedbackResponse.young_person_id.in_(volume),
                    FeedbackResponse.part_of_id.is_(None),
                )
            )
            == 30
        )
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.young_person_id.in_(volume))
            )
            == 12
        )
        assert (
            db.session.scalar(
                select(func.count(Message.id)).where(Message.young_person_id.in_(volume))
            )
            == 6
        )


def test_a_failure_halfway_adds_nothing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise RuntimeError("the generator broke halfway")

    monkeypatch.setattr("portal.demo.volume.add_audit_events", fail)
    result = app.test_cli_runner().invoke(args=SMALL)
    assert isinstance(result.exception, RuntimeError)
    with app.app_context():
        assert _count(Team) == _count(YoungPerson) == _count(FeedbackResponse) == 0


def test_generated_data_is_refused_in_production(app: Flask) -> None:
    app.config.update(TESTING=False, DEMO_DATA_ALLOWED=False)
    result = app.test_cli_runner().invoke(args=SMALL)
    assert result.exit_code != 0
    assert "Generated data can only be added in development or tests." in result.output
    with app.app_context():
        assert _count(YoungPerson) == 0


def test_nonsense_sizes_are_refused_before_anything_is_added(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["generate-data", "--young-people", "0"])
    assert result.exit_code == 2
    assert "--young-people" in result.output
    with app.app_context():
        assert _count(YoungPerson) == 0

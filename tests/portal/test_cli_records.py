"""`flask export-record`: the zip on disk, audited, and clear refusals."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from portal.services.records.export import RECORD_EXPORTED
from tests.support.export_data import make_full_record


def _exports(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(select(AuditEvent).where(AuditEvent.action == RECORD_EXPORTED))
        )


def test_export_record_writes_the_zip_and_audits_it(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        young_person_id = make_full_record(db.session).young_person.id
        db.session.commit()
    out = tmp_path / "record.zip"
    result = app.test_cli_runner().invoke(
        args=["export-record", "--young-person", str(young_person_id), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote the record of young person {young_person_id} to {out}." in result.output
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["record.html", "record.json"]
        record = json.loads(archive.read("record.json"))
    assert record["young_person"]["id"] == young_person_id
    assert list(tmp_path.iterdir()) == [out]
    [event] = _exports(app)
    assert event.young_person_id == young_person_id
    assert event.detail["how"] == "command" and event.detail["operator"]


def test_export_record_refuses_an_unknown_young_person(app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "record.zip"
    result = app.test_cli_runner().invoke(
        args=["export-record", "--young-person", "999", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "There is no young person 999." in result.output
    assert not out.exists() and _exports(app) == []


def test_a_file_that_cannot_be_written_is_not_audited(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        young_person_id = make_full_record(db.session).young_person.id
        db.session.commit()
    out = tmp_path / "missing-folder" / "record.zip"
    result = app.test_cli_runner().invoke(
        args=["export-record", "--young-person", str(young_person_id), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert f"Could not write {out}" in result.output
    assert _exports(app) == []

"""The export zip, who may make it, and its audit event."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, StaffRole
from portal.services.access.staff import NotVisible
from portal.services.records.export import (
    RECORD_EXPORTED,
    export_for_operator,
    export_for_staff,
    may_export,
)
from portal.services.wording import PlainTranslator
from tests.support.export_data import make_full_record
from tests.support.factories import make_staff_user, make_team

NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def _translator_for(language: str) -> PlainTranslator:
    return PlainTranslator(language)


def _exported(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == RECORD_EXPORTED)))


def test_a_manager_of_the_team_gets_a_zip_of_json_and_html(session: Session) -> None:
    full = make_full_record(session)
    export = export_for_staff(
        session, full.manager, full.young_person, NOW, _translator_for, ip_address="192.0.2.1"
    )
    assert export.filename == f"record-{full.young_person.id}-2026-07-01.zip"
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        assert archive.namelist() == ["record.json", "record.html"]
        record = json.loads(archive.read("record.json"))
        html = archive.read("record.html").decode("utf-8")
    assert record["young_person"]["id"] == full.young_person.id
    assert "<h1>The record of Robin</h1>" in html
    [event] = _exported(session)
    assert (event.actor_staff_id, event.young_person_id, event.ip_address) == (
        full.manager.id,
        full.young_person.id,
        "192.0.2.1",
    )
    assert event.detail == {"how": "page"}


@pytest.mark.parametrize("who", ["keyworker", "other team's manager", "admin", "turned off"])
def test_nobody_else_may_export_from_the_page(session: Session, who: str) -> None:
    full = make_full_record(session)
    if who == "keyworker":
        user = full.keyworker
    elif who == "other team's manager":
        user = make_staff_user(session, role=StaffRole.MANAGER, team=make_team(session))
    elif who == "admin":
        user = make_staff_user(session, role=StaffRole.ADMIN, team=full.manager.team)
    else:
        user = full.manager
        user.is_active = False
    assert not may_export(user, full.young_person)
    with pytest.raises(NotVisible):
        export_for_staff(session, user, full.young_person, NOW, _translator_for, ip_address=None)
    assert _exported(session) == []


def test_the_command_is_audited_with_who_ran_it(session: Session) -> None:
    full = make_full_record(session)
    export = export_for_operator(
        session, full.young_person.id, NOW, _translator_for, operator="opsuser"
    )
    assert export.content.startswith(b"PK")
    [event] = _exported(session)
    assert event.actor_role.value == "system" and event.actor_staff_id is None
    assert event.detail == {"how": "command", "operator": "opsuser"}


def test_the_command_refuses_a_young_person_who_does_not_exist(session: Session) -> None:
    with pytest.raises(NotVisible):
        export_for_operator(session, 999, NOW, _translator_for, operator="opsuser")
    assert _exported(session) == []

"""The "Download the record" button: only a manager of the young person's
team, by POST with a CSRF token, answered as a download nobody keeps."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, StaffRole, StaffUser
from portal.services.records.export import RECORD_EXPORTED
from tests.client import PortalClient
from tests.support.export_data import FullRecord, make_full_record
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import make_family


@pytest.fixture
def full(app: Flask) -> FullRecord:
    with app.app_context():
        record = make_full_record(db.session)
        db.session.commit()
        return record


def _path(full: FullRecord) -> str:
    return f"/staff/young-people/{full.young_person.id}/export"


def _record(full: FullRecord) -> str:
    return f"/staff/young-people/{full.young_person.id}"


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def test_a_manager_of_the_team_downloads_the_record(
    app: Flask, client: PortalClient, full: FullRecord
) -> None:
    client.sign_in(full.manager, PASSWORD)
    page = client.get(_record(full)).get_data(as_text=True)
    assert 'id="export"' in page and f'action="{_path(full)}"' in page

    response = client.post_form(_path(full), token_page=_record(full))
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert re.fullmatch(
        rf'attachment; filename="record-{full.young_person.id}-\d{{4}}-\d{{2}}-\d{{2}}\.zip"',
        response.headers["Content-Disposition"],
    )
    assert response.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        record = json.loads(archive.read("record.json"))
    assert record["young_person"]["preferred_name"] == "Robin"
    [event] = _events(app, RECORD_EXPORTED)
    assert (event.actor_staff_id, event.young_person_id) == (full.manager.id, full.young_person.id)
    assert event.detail == {"how": "page"} and event.ip_address is not None


def test_without_a_csrf_token_nothing_is_exported(
    app: Flask, client: PortalClient, full: FullRecord
) -> None:
    client.sign_in(full.manager, PASSWORD)
    assert client.post(_path(full)).status_code == 400
    assert client.get(_path(full)).status_code == 405
    assert _events(app, RECORD_EXPORTED) == []


def test_a_keyworker_sees_no_button(client: PortalClient, full: FullRecord) -> None:
    client.sign_in(full.keyworker, PASSWORD)
    page = client.get(_record(full)).get_data(as_text=True)
    assert 'id="export"' not in page and _path(full) not in page


def _staff(app: Flask, full: FullRecord, who: str) -> StaffUser:
    with app.app_context():
        if who == "keyworker of the case":
            return full.keyworker
        team = full.manager.team if who == "administrator" else make_team(db.session)
        role = {
            "keyworker of another case": StaffRole.KEYWORKER,
            "manager of another team": StaffRole.MANAGER,
            "administrator": StaffRole.ADMIN,
        }[who]
        user = make_staff_user(db.session, role=role, team=team)
        db.session.commit()
        return user


@pytest.mark.parametrize(
    ("who", "status", "token_page"),
    [
        ("keyworker of the case", 403, "/staff/"),
        ("keyworker of another case", 403, "/staff/"),
        ("manager of another team", 404, "/staff/"),
        ("administrator", 403, "/staff/admin/staff"),
    ],
)
def test_no_other_member_of_staff_may_export(
    app: Flask, client: PortalClient, full: FullRecord, who: str, status: int, token_page: str
) -> None:
    client.sign_in(_staff(app, full, who), PASSWORD)
    response = client.post_form(_path(full), token_page=token_page)
    assert response.status_code == status
    assert "zip" not in response.mimetype
    assert _events(app, RECORD_EXPORTED) == []
    [refused] = _events(app, "access.refused")
    assert refused.detail["endpoint"] == "staff.export_record"


def test_a_family_member_may_not_export(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    sign_in_family(app, client, family.contact)
    path = f"/staff/young-people/{family.young_person_id}/export"
    response = client.post_form(path, token_page="/settings")
    assert response.status_code == 403
    assert _events(app, RECORD_EXPORTED) == []
    [refused] = _events(app, "access.refused")
    assert refused.detail["reason"] == "wrong_audience"


def test_someone_not_signed_in_is_sent_to_sign_in(
    app: Flask, client: PortalClient, full: FullRecord
) -> None:
    response = client.post_form(_path(full), token_page="/staff/sign-in")
    assert response.status_code in {302, 303}
    assert "/staff/sign-in" in response.headers["Location"]
    assert _events(app, RECORD_EXPORTED) == []

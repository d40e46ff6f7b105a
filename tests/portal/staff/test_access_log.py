"""Who accessed this record: for the keyworker and managers who may see the
record, filtered with a GET form, paged, audited, and as many queries at 200
events as at 10."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, StaffRole, StaffUser, utc_now
from portal.services.records.audit import record_event
from portal.timezones import london_today
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _path(family: Family, query: str = "") -> str:
    return f"/staff/young-people/{family.young_person_id}/access-log{query}"


def _add_events(app: Flask, family: Family, count: int, user: StaffUser) -> None:
    with app.app_context():
        staff_user = db.session.get(StaffUser, user.id)
        for number in range(count):
            event = record_event(
                db.session,
                "note.added" if number % 2 else "record.viewed",
                staff_user=staff_user,
                young_person_id=family.young_person_id,
            )
            event.occurred_at = utc_now() - timedelta(days=3, minutes=number)
        db.session.commit()


def test_the_keyworker_sees_who_looked_and_filters_it(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    _add_events(app, family, 3, family.manager)
    client.sign_in(family.keyworker, PASSWORD)
    page = client.get(_path(family)).get_data(as_text=True)
    assert family.manager.name in page and "Added a note" in page and "Opened the record" in page
    assert f'<option value="{family.manager.id}">{family.manager.name}</option>' in page

    only_notes = client.get(_path(family, "?action=note.added")).get_data(as_text=True)
    assert "1 event" in only_notes
    today = london_today().isoformat()
    today_only = client.get(_path(family, f"?date_from={today}")).get_data(as_text=True)
    # Only the keyworker's own looks at this page happened today.
    assert family.manager.name not in today_only.split("<tbody")[1]

    bad = client.get(_path(family, "?date_from=31-02-2026")).get_data(as_text=True)
    assert "There is a problem" in bad and "Enter a real date" in bad
    with app.app_context():
        looks = db.session.scalar(
            select(func.count()).where(
                AuditEvent.action == "record.viewed",
                AuditEvent.actor_staff_id == family.keyworker.id,
            )
        )
    assert looks == 4


def test_the_log_comes_in_pages_that_keep_the_filters(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    _add_events(app, family, 120, family.manager)
    client.sign_in(family.manager, PASSWORD)
    first = client.get(_path(family, f"?person={family.manager.id}")).get_data(as_text=True)
    assert "(page 1 of 3)" in first
    assert "page=2" in first and f"person={family.manager.id}" in first
    last = client.get(_path(family, f"?person={family.manager.id}&page=3")).get_data(as_text=True)
    assert "(page 3 of 3)" in last


@pytest.mark.parametrize(
    ("who", "status"), [("other keyworker", 404), ("other team's manager", 404), ("admin", 403)]
)
def test_staff_who_may_not_see_the_record_get_nothing(
    app: Flask, client: PortalClient, who: str, status: int
) -> None:
    family = make_family(app)
    with app.app_context():
        team = make_team(db.session)
        role = {"other keyworker": StaffRole.KEYWORKER, "admin": StaffRole.ADMIN}.get(
            who, StaffRole.MANAGER
        )
        user = make_staff_user(db.session, role=role, team=team)
        db.session.commit()
    client.sign_in(user, PASSWORD)
    assert client.get(_path(family)).status_code == status


def test_family_and_anonymous_visitors_cannot_see_the_log(app: Flask) -> None:
    family = make_family(app)
    anonymous: PortalClient = app.test_client()  # type: ignore[assignment]
    assert anonymous.get(_path(family)).status_code == 302
    signed_in: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, signed_in, family.contact)
    assert signed_in.get(_path(family)).status_code == 403


def test_the_page_runs_as_many_queries_at_200_events_as_at_10(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    counts = []
    for events in (10, 190):
        _add_events(app, family, events, family.manager)
        with app.app_context(), count_queries(db.engine) as log:
            assert client.get(_path(family, "?page=2")).status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]

"""The collated feedback page and its CSV file on known data
(tests/support/feedback_collation_data.py): the figures in the HTML, the
scopes each role may choose, another team's manager refused, the comments
audited, and the CSV file safe for a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, StaffRole
from portal.services.feedback.collated_view import RESPONSES_EXPORTED
from tests.client import PortalClient
from tests.support.factories import make_staff_user, make_team
from tests.support.feedback_collation_data import HYPERLINK, CollationWorld, build_collation_world
from tests.support.staff_sessions import sign_in_staff

PERIOD = "from=2026-09-01&to=2026-11-30"


@pytest.fixture
def world(app: Flask) -> Iterator[CollationWorld]:
    with app.app_context():
        built = build_collation_world(db.session)
        db.session.commit()
        yield built


def _page(client: PortalClient, query: str = "") -> str:
    response = client.get(f"/staff/feedback?{PERIOD}{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_manager_sees_their_team_figures_in_the_page(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.manager_a)
    page = _page(client)
    text = _text(page)

    assert "Responses 17" in text
    assert '63% (10 of 16 responses with an answer, "don\'t know" included)' in text.replace(
        "&#34;", '"'
    ).replace("&#39;", "'")
    assert "19% (3 of 16" in text
    assert "75% (3 of 4 requests sent in the period were answered)" in text
    for answer, count in (
        ("Very good", 6),
        ("Good", 4),
        ("Neither good nor poor", 2),
        ("Poor", 2),
        ("Very poor", 1),
    ):
        assert f"Answer {answer} Responses {count} " in text
    assert "Answer Don&#39;t know Responses 1 " in text or "Answer Don't know Responses 1 " in text
    assert "Month September 2026 Responses 5 " in text
    assert "Month October 2026 Responses 5 " in text
    assert "Month November 2026 Responses 7 " in text
    assert "The most: On the web, 12 of 17 responses." in text
    assert "Theme Talking to us Responses 2 " in text
    # Their team's comments, linked to each record; not team B's.
    assert "I am scared at home" in page and "Too long a wait" in page
    assert "I feel unsafe at home" not in page
    assert f"/staff/young-people/{world.people['P1'].id}" in page
    # The scopes a manager may choose, and their team's keyworkers.
    assert 'value="team"' in page and 'value="keyworker"' in page and 'value="service"' not in page
    assert "Keyworker One" in page and "Keyworker Three" not in page


def test_a_keyworker_sees_their_caseload_only(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.keyworker_one)
    text = _text(_page(client))
    assert "Responses 11" in text and "70% (7 of 10" in text
    assert 'value="team"' not in _page(client)
    assert client.get(f"/staff/feedback?{PERIOD}&scope=team").status_code == 404
    other = f"/staff/feedback?{PERIOD}&scope=keyworker&keyworker={world.keyworker_two.id}"
    assert client.get(other).status_code == 404


def test_another_teams_manager_sees_neither_the_figures_nor_the_comments(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.manager_b)
    text = _text(_page(client))
    assert "Responses 4" in text and "50% (2 of 4" in text
    for query in (
        f"&scope=team&team={world.team_a.id}",
        f"&scope=keyworker&keyworker={world.keyworker_one.id}",
        "&scope=service",
    ):
        assert client.get(f"/staff/feedback?{PERIOD}{query}").status_code == 404, query
        csv_path = f"/staff/feedback/responses.csv?{PERIOD}{query}"
        assert client.get(csv_path).status_code == 404, query


def test_a_manager_chooses_a_keyworker_and_filters_the_comments(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.manager_a)
    two = _page(client, f"&scope=keyworker&keyworker={world.keyworker_two.id}")
    assert "Responses 6" in _text(two) and "Robin" not in two.split('id="comments"')[1]
    flagged = _page(client, "&flagged=1").split('id="comments"')[1]
    assert "I am scared at home" in flagged and "Too long a wait" not in flagged
    unread = _page(client, "&unread=1").split('id="comments"')[1]
    assert "HYPERLINK" in unread and "Answer the phone" not in unread
    poor_web = _page(client, "&answer=poor&channel=web").split('id="comments"')[1]
    assert "Answer the phone" in poor_web and "HYPERLINK" not in poor_web


def test_an_administrator_sees_the_service_figures_and_no_comments(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN, team=make_team(db.session))
        db.session.commit()
    sign_in_staff(app, client, admin)
    page = _page(client)
    text = _text(page)
    assert "Responses 21" in text and "60% (12 of 20" in text and "20% (4 of 20" in text
    assert "67% (4 of 6 requests" in text
    assert "Too long a wait" not in page and 'id="comments"' not in page
    team_b = _text(_page(client, f"&scope=team&team={world.team_b.id}"))
    assert "Responses 4" in team_b
    assert client.get(f"/staff/feedback/responses.csv?{PERIOD}").status_code == 403


def test_reading_comments_is_audited_as_a_look_at_each_record(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.manager_b)
    _page(client)
    with app.app_context():
        looks = db.session.execute(
            select(AuditEvent.young_person_id, AuditEvent.detail).where(
                AuditEvent.action == "record.viewed",
                AuditEvent.actor_staff_id == world.manager_b.id,
            )
        ).all()
    assert [(person, detail["page"]) for person, detail in looks] == [
        (world.people["P3"].id, "feedback")
    ]


def test_the_csv_file_is_safe_audited_and_not_cached(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.keyworker_one)
    response = client.get(f"/staff/feedback/responses.csv?{PERIOD}&answer=poor")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Response id",
        "Received (London time)",
        "Young person's record id",
        "Answer",
    ]
    assert [row[0] for row in rows[1:]] == [
        str(world.responses[9].id),
        str(world.responses[8].id),
    ]
    eighth = rows[2]
    assert eighth[10] == "'" + HYPERLINK
    assert eighth[2] == str(world.people["P1"].id) and "Robin" not in response.get_data(
        as_text=True
    )
    assert eighth[3:10] == [
        "Poor",
        "By text message",
        "A parent or carer",
        "About support in general",
        "Talking to us",
        "No",
        "No",
    ]
    assert rows[1][11] == "Answer the phone" and rows[1][9] == "Yes"
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == RESPONSES_EXPORTED)
        ).one()
    assert event.actor_staff_id == world.keyworker_one.id
    assert event.detail["rows"] == 2 and event.detail["filters"] == {"answer": "poor"}
    assert event.detail["scope"] == "caseload"


def test_a_date_that_is_not_real_is_said_and_the_default_period_used(
    app: Flask, client: PortalClient, world: CollationWorld
) -> None:
    sign_in_staff(app, client, world.manager_a)
    response = client.get("/staff/feedback?from=2026-02-31")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter a real date, like 2026-11-27" in page
    assert "<title>Error:" in page
    backwards = client.get("/staff/feedback?from=2026-11-01&to=2026-10-01").get_data(as_text=True)
    assert "The end of the period must be on or after its start" in backwards

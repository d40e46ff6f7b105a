"""The feedback report pages: figures after disclosure control, quotes only
with permission and without names, a CSV a spreadsheet cannot run, and each
report made is audited. Who may see it is in test_every_route_every_role.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    ConsentChoice,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FftAnswer,
    StaffRole,
    utc_now,
)
from portal.services.consent.registry import FEEDBACK_IN_REPORTS
from portal.services.feedback.report_periods import report_periods
from portal.staff.feedback_report import REPORT_MADE
from portal.timezones import LONDON
from tests.client import PortalClient
from tests.support.factories import (
    make_consent_decision,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.staff_sessions import sign_in_staff


@pytest.fixture
def manager(app: Flask, client: PortalClient) -> int:
    """A manager signed in, and answers from this quarter: one allowed in
    reports, one not, and one flagged."""
    with app.app_context():
        session = db.session
        team = make_team(session, name="Northfield")
        manager = make_staff_user(session, team=team, role=StaffRole.MANAGER, name="Helen Ward")
        person = make_young_person(
            session, team=team, preferred_name="Sam", legal_name="Sam Okafor"
        )
        mum = make_contact(session, young_person=person, name="Grace Okafor")
        dad = make_contact(session, young_person=person, name="Tunde Okafor")
        make_consent_decision(
            session,
            young_person=person,
            item_code=FEEDBACK_IN_REPORTS.code,
            choice=ConsentChoice.YES,
            decided_by_contact=mum,
            about_contact=mum,
        )
        now = utc_now()
        session.add(FeedbackTheme(code="paperwork", name='=HYPERLINK("http://example.org")'))
        for contact, comment, flagged in (
            (mum, "Helen and the team listened to Sam.", False),
            (dad, "Good support for Sam.", False),
            (mum, "I do not feel safe at home.", True),
        ):
            session.add(
                FeedbackResponse(
                    young_person_id=person.id,
                    contact_id=contact.id,
                    channel=FeedbackChannel.WEB,
                    fft_answer=FftAnswer.VERY_GOOD,
                    comment=comment,
                    flagged=flagged,
                    received_at=now - timedelta(minutes=5),
                )
            )
        session.commit()
        sign_in_staff(app, client, manager)
        return manager.id


def _this_quarter() -> str:
    return report_periods(datetime.now(UTC).astimezone(LONDON).date())[0].value


def test_the_report_shows_protected_figures_and_allowed_quotes(
    client: PortalClient, manager: int
) -> None:
    page = client.get(f"/staff/reports/feedback?period={_this_quarter()}").get_data(as_text=True)

    assert "Feedback report" in page
    # 3 answers, all Very good: a small count, hidden.
    assert 'aria-label="hidden">*</span>' in page
    assert "[name] and the team listened to [name]." in page
    assert "Good support" not in page  # the dad did not allow it
    assert "safe at home" not in page  # flagged answers are never quoted
    assert "Okafor" not in page


def test_each_report_made_is_audited(app: Flask, client: PortalClient, manager: int) -> None:
    client.get("/staff/reports/feedback?period=2025-26")
    client.get("/staff/reports/feedback.csv?period=2025-26")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == REPORT_MADE)
        ).all()
        made = sorted((e.actor_staff_id, e.detail["format"], e.detail["period"]) for e in events)
        assert made == [(manager, "csv", "2025-26"), (manager, "html", "2025-26")]


def test_the_csv_is_a_download_nobody_keeps_and_cannot_run(
    client: PortalClient, manager: int
) -> None:
    response = client.get(f"/staff/reports/feedback.csv?period={_this_quarter()}")

    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    # Figures only: no words from families in the file.
    assert "listened" not in text


def test_an_unknown_period_shows_the_last_whole_quarter(client: PortalClient, manager: int) -> None:
    page = client.get("/staff/reports/feedback?period=1999-q9").get_data(as_text=True)
    today = datetime.now(UTC).astimezone(LONDON).date()
    assert "selected" in page
    assert str(today.year) in page or str(today.year - 1) in page

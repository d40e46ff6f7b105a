"""The read-only record: only for those who may see it, and every view audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    ConsentChoice,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Meeting,
    MeetingStatus,
    Note,
    StaffRole,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.services.records.record import RECORD_SHOWS_LATEST
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import (
    PASSWORD,
    make_consent_decision,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)


def test_viewing_a_record_is_audited(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        person = make_young_person(db.session, team=team, keyworker=keyworker)
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    response = client.get(f"/staff/young-people/{person.id}")
    assert response.status_code == 200
    assert person.preferred_name in response.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "record.viewed")
        ).one()
    assert (event.actor_staff_id, event.young_person_id) == (keyworker.id, person.id)
    assert (event.actor_role.value, event.ip_address) == ("keyworker", "127.0.0.1")


def test_another_keyworkers_young_person_is_not_found(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        other = make_young_person(db.session, team=team, keyworker=make_staff_user(db.session))
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    assert client.get(f"/staff/young-people/{other.id}").status_code == 404
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "record.viewed")
        ).all()


def test_a_manager_sees_records_in_their_team_only(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team, other_team = make_team(db.session), make_team(db.session)
        manager = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        in_team = make_young_person(db.session, team=team)
        elsewhere = make_young_person(db.session, team=other_team)
        db.session.commit()
    client.sign_in(manager, PASSWORD)
    assert client.get(f"/staff/young-people/{in_team.id}").status_code == 200
    assert client.get(f"/staff/young-people/{elsewhere.id}").status_code == 404


def test_a_full_demo_record_shows_every_part(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        add_demo_data(db.session)
        niamh = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Niamh"))
        keyworker = niamh.keyworker
        db.session.commit()
    client.sign_in(keyworker, "demo-password-not-for-real-use")
    html = client.get(f"/staff/young-people/{niamh.id}").get_data(as_text=True)
    for expected in [
        "Niamh Pretendale",
        "Best-interests decision by Helen Manager-Demo",
        "lacks capacity",
        "Robin Pretendale",
        "07700 9001",
        "What changed:",
        "Find a volunteering place for one day a week.",
        "days late",
        "Coming up",
        "On the Dynamic Support Register (DSR)",
        "Phoned the family",
    ]:
        assert expected in html, expected


def test_agreements_about_each_contact_show_separately(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        keyworker = sam.keyworker
        db.session.commit()
    client.sign_in(keyworker, "demo-password-not-for-real-use")
    html = client.get(f"/staff/young-people/{sam.id}").get_data(as_text=True)
    assert "Alex Testfield" in html
    # One line for each item decided about Alex: seeing the portal, and
    # quoting Alex's own feedback.
    assert html.count(": Alex Testfield</dt>") == 2
    assert html.count("Contact may see the portal (plan and meetings): Alex Testfield</dt>") == 1
    assert html.count("Use feedback, anonymously, in reports: Alex Testfield</dt>") == 1


def test_the_consent_section_shows_the_decision_that_stands(
    app: Flask, client: PortalClient
) -> None:
    """The latest decision for each item, whatever order they were recorded
    in; of two at the same moment, the one recorded last."""
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        person = make_young_person(db.session, team=team, keyworker=keyworker)
        morning = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        for code, choice, at in (
            ("share_gp", ConsentChoice.NO, morning + timedelta(days=1)),
            ("share_gp", ConsentChoice.YES, morning),
            ("register", ConsentChoice.NO, morning),
            ("register", ConsentChoice.YES, morning),
        ):
            make_consent_decision(
                db.session, young_person=person, item_code=code, choice=choice, decided_at=at
            )
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    html = client.get(f"/staff/young-people/{person.id}").get_data(as_text=True)
    assert _consent_answer(html, "Share information with GP") == "No"
    assert _consent_answer(html, "On the Dynamic Support Register (DSR)") == "Yes"
    assert _consent_answer(html, "Share information with school") == "Not asked yet"
    assert "All consent decisions (4)" in html
    # Staff read the standard wording, never the family's easy read.
    assert "your GP" not in html and "Sharing information with" not in html


def test_the_record_names_the_preferred_language(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        ids = []
        for code in ("en", "pl", "cy", "zz-unknown"):
            person = make_young_person(db.session, team=team, keyworker=keyworker)
            person.preferred_language = code
            ids.append(person.id)
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)

    shown = [
        _row_value(
            client.get(f"/staff/young-people/{id_}").get_data(as_text=True), "Preferred language"
        )
        for id_ in ids
    ]

    assert shown == ["English", "Polish", "Welsh", "zz-unknown"]


def _row_value(html: str, key: str) -> str:
    found = re.search(
        rf'<dt class="nhsuk-summary-list__key">\s*{re.escape(key)}\s*</dt>\s*'
        r'<dd class="nhsuk-summary-list__value">\s*(.*?)\s*</dd>',
        html,
        re.S,
    )
    assert found is not None, key
    return found[1]


def _demo_keyworker_signed_in_with_sam(app: Flask, client: PortalClient) -> tuple[StaffUser, int]:
    """The demo data, and Sam's keyworker signed in: the keyworker and Sam's id."""
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        keyworker, sam_id = sam.keyworker, sam.id
        db.session.commit()
    client.sign_in(keyworker, "demo-password-not-for-real-use")
    return keyworker, sam_id


def test_the_record_runs_as_many_queries_however_long_the_consent_history(
    app: Flask, client: PortalClient
) -> None:
    _keyworker, sam_id = _demo_keyworker_signed_in_with_sam(app, client)

    def add_decisions(rounds: int) -> None:
        """Older decisions by staff on three items, one about Sam's Mum."""
        with app.app_context():
            person = db.session.get(YoungPerson, sam_id)
            assert person is not None
            mum = next(c for c in person.contacts if c.relationship_detail == "Mum")
            for number in range(rounds):
                for code in ("share_gp", "register", "family_sees_portal"):
                    make_consent_decision(
                        db.session,
                        young_person=person,
                        item_code=code,
                        about_contact=mum if code == "family_sees_portal" else None,
                        decided_at=utc_now() - timedelta(days=90, minutes=number),
                    )
            db.session.commit()

    def queries() -> int:
        with app.app_context():
            engine = db.engine
        with count_queries(engine) as log:
            assert client.get(f"/staff/young-people/{sam_id}").status_code == 200
        return log.count

    add_decisions(1)
    queries()  # warm up: the first request of a session writes more
    few = queries()
    add_decisions(30)
    assert queries() == few


def _consent_answer(html: str, title: str) -> str:
    """The answer beside `title` in the record's consent list."""
    row = html.split(f'nhsuk-summary-list__key">{title}</dt>')[1]
    value = row.split('nhsuk-summary-list__value">')[1].split("</dd>")[0]
    return " ".join(re.sub(r"<[^>]+>|\([^)]*\)", " ", value).split())


def _add_history(app: Flask, sam_id: int, keyworker_id: int, rounds: int) -> None:
    """`rounds` more past meetings, feedback answers and notes for Sam."""
    with app.app_context():
        person = db.session.get(YoungPerson, sam_id)
        assert person is not None
        long_ago = utc_now() - timedelta(days=400)
        for number in range(rounds):
            at = long_ago - timedelta(days=number)
            make_meeting(db.session, young_person=person, starts_at=at, status=MeetingStatus.HELD)
            db.session.add(
                FeedbackResponse(
                    young_person_id=sam_id,
                    channel=FeedbackChannel.WEB,
                    fft_answer=FftAnswer.GOOD,
                    comment=f"Old answer {number}",
                    received_at=at,
                )
            )
            db.session.add(
                Note(
                    young_person_id=sam_id,
                    author_id=keyworker_id,
                    summary="Old note",
                    body=f"Old note {number}",
                    event_at=at,
                    created_at=at,
                )
            )
        db.session.commit()


def test_the_record_shows_the_latest_history_and_reads_no_more_as_it_grows(
    app: Flask, client: PortalClient
) -> None:
    keyworker, sam_id = _demo_keyworker_signed_in_with_sam(app, client)
    page = f"/staff/young-people/{sam_id}"

    def rows_read() -> tuple[int, int]:
        with app.app_context():
            engine = db.engine
        with count_queries(engine) as log:
            assert client.get(page).status_code == 200
        return log.count, client.get(page).get_data(as_text=True).count("Old ")

    _add_history(app, sam_id, keyworker.id, RECORD_SHOWS_LATEST + 2)
    rows_read()  # warm up: the first request of a session writes more
    few = rows_read()
    _add_history(app, sam_id, keyworker.id, 20)
    assert rows_read() == few
    html = client.get(page).get_data(as_text=True)
    with app.app_context():
        meetings = db.session.scalar(
            select(func.count(Meeting.id)).where(
                Meeting.young_person_id == sam_id, Meeting.ends_at < utc_now()
            )
        )
    assert f"These are the 10 most recent of {meetings} past meetings." in html
    assert "Old answer 19" not in html and "Old note 19" not in html
    assert re.search(r"The \d+ most recent of \d+ answers\.", html)
    assert re.search(r"The 10 most recent of \d+ notes\.", html)
    every = client.get(f"{page}?past-meetings=all").get_data(as_text=True)
    assert "These are the" not in every
    assert every.count("(Held)") >= meetings

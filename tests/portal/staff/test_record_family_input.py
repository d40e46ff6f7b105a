"""The record shows what the family sent, new until the keyworker opens it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    FamilyInputKind,
    FamilyInputNotice,
    MeetingAnswer,
    MeetingReply,
    MeetingSupport,
    MeetingSupportRequest,
    StaffRole,
)
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.factories import PASSWORD, make_contact, make_staff_user, make_team
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)

NEW_TAG = re.compile(r'nhsuk-tag--blue">\s*New\s*</strong>')
URGENT_TAG = re.compile(r'nhsuk-tag--red">\s*Urgent\s*</strong>')


def _family_with_input(app: Flask, text: str = "Some words from the family.") -> FamilyOnCaseload:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        add_family_input_of_every_kind(
            db.session, contact=family.contact, meeting=family.meeting, text=text
        )
        db.session.commit()
    return family


def _record(client: PortalClient, family: FamilyOnCaseload) -> str:
    response = client.get(f"/staff/young-people/{family.young_person.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _from_the_family(html: str) -> str:
    """The "From the family" section of the record."""
    start = html.index('id="from-the-family"')
    return html[start : html.index("About this young person", start)]


def test_every_kind_shows_with_what_the_family_sent(app: Flask, client: PortalClient) -> None:
    family = _family_with_input(app)
    with app.app_context():
        reply = db.session.scalars(
            select(FamilyInputNotice).where(FamilyInputNotice.kind == FamilyInputKind.MEETING_REPLY)
        ).one()
        # 09:30 UTC in summer is 10:30 in London.
        reply.created_at = datetime(2025, 7, 1, 9, 30, tzinfo=UTC)
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    section = _from_the_family(_record(client, family))
    for expected in [
        "Reply to a meeting",
        "Can you come? <strong>Yes, can come</strong>",
        "From Alex Testmore (Parent) on Tuesday 1 July 2025, 10:30.",
        "Meeting: Team meeting (MDT) on",
        "What helps at a meeting",
        "A quiet room",
        "An interpreter (Polish)",
        "Other help: Some words from the family.",
        "Views before a meeting",
        "Going well: Some words from the family.",
        "Not going well: Some words from the family.",
        "Talk about: Some words from the family.",
        "Who there: Some words from the family.",
        "Not in front: Some words from the family.",
        "May go to the review panel",
        "decided by Alex Testmore",
        "Consent changed in the portal",
        "On the Dynamic Support Register (DSR):",
        "<strong>No</strong>",
        "Asks to change a choice",
        "Request: Some words from the family.",
        "Feedback",
        "<strong>Poor</strong>",
        "Feedback: Some words from the family.",
    ]:
        assert expected in section, expected


def test_new_shows_once_then_not_after_the_keyworkers_next_visit(
    app: Flask, client: PortalClient
) -> None:
    family = _family_with_input(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert len(NEW_TAG.findall(_from_the_family(_record(client, family)))) == 6
    second = _from_the_family(_record(client, family))
    assert not NEW_TAG.findall(second)
    assert "Reply to a meeting" in second
    with app.app_context():
        notices = db.session.scalars(select(FamilyInputNotice)).all()
    assert {(n.seen_by_id, n.seen_at is not None) for n in notices} == {(family.keyworker.id, True)}


def test_a_managers_visit_leaves_everything_new_for_the_keyworker(
    app: Flask, client: PortalClient
) -> None:
    family = _family_with_input(app)
    client.sign_in(family.manager, PASSWORD)
    for _ in range(2):
        assert len(NEW_TAG.findall(_from_the_family(_record(client, family)))) == 6
    with app.app_context():
        assert (
            db.session.scalars(
                select(FamilyInputNotice).where(FamilyInputNotice.seen_at.is_not(None))
            ).all()
            == []
        )
    keyworker_client: PortalClient = app.test_client()  # type: ignore[assignment]
    keyworker_client.sign_in(family.keyworker, PASSWORD)
    assert len(NEW_TAG.findall(_from_the_family(_record(keyworker_client, family)))) == 6
    assert not NEW_TAG.findall(_from_the_family(_record(keyworker_client, family)))


def test_urgent_input_comes_first(app: Flask, client: PortalClient) -> None:
    family = _family_with_input(app)
    client.sign_in(family.keyworker, PASSWORD)
    section = _from_the_family(_record(client, family))
    items = section.split('<li class="app-family-input__item')[1:]
    assert len(items) == 6
    assert [bool(URGENT_TAG.search(item)) for item in items] == [True] * 2 + [False] * 4
    assert {"Consent changed in the portal", "Feedback"} == {
        next(h for h in ("Consent changed in the portal", "Feedback") if h in item)
        for item in items[:2]
    }


def test_the_meeting_shows_each_contacts_latest_reply_and_what_helps(
    app: Flask, client: PortalClient
) -> None:
    family = _family_with_input(app)
    with app.app_context():
        other = make_contact(db.session, young_person=family.young_person, name="Chris Testmore")
        db.session.add_all(
            [
                MeetingReply(
                    meeting_id=family.meeting.id,
                    contact_id=family.contact.id,
                    answer=MeetingAnswer.NOT_SURE,
                ),
                MeetingReply(
                    meeting_id=family.meeting.id, contact_id=other.id, answer=MeetingAnswer.NO
                ),
                MeetingSupportRequest(
                    meeting_id=family.meeting.id,
                    contact_id=other.id,
                    supports=[MeetingSupport.BSL_INTERPRETER.value],
                ),
            ]
        )
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    html = _record(client, family)
    meetings = html[html.index(">Meetings</h2>") :]
    assert "Can you come? Latest answers" in meetings
    assert "Alex Testmore (Parent): Not sure" in meetings
    assert "Chris Testmore (Parent): No, cannot come" in meetings
    assert "Yes, can come" not in meetings
    assert "Things that help at the meeting" in meetings
    assert "A British Sign Language interpreter" in meetings
    assert "Other help: Some words from the family." in meetings


def test_nothing_sent_yet(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        family = make_family_on_caseload(db.session)
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    html = _record(client, family)
    assert "Nothing from the family yet." in _from_the_family(html)
    assert "No reply from the family yet." in html


def test_what_the_family_wrote_is_escaped(app: Flask, client: PortalClient) -> None:
    family = _family_with_input(app, text="<script>alert('hi')</script> & <b>bold</b>")
    client.sign_in(family.keyworker, PASSWORD)
    html = _record(client, family)
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert "Request: &lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html


def test_staff_who_may_not_see_the_record_see_nothing_and_mark_nothing(
    app: Flask, client: PortalClient
) -> None:
    family = _family_with_input(app)
    with app.app_context():
        same_team = make_staff_user(db.session, team=family.keyworker.team)
        other_team = make_team(db.session)
        others = [
            make_staff_user(db.session, team=other_team),
            make_staff_user(db.session, role=StaffRole.MANAGER, team=other_team),
            same_team,
        ]
        db.session.commit()
    for staff_user in others:
        other_client: PortalClient = app.test_client()  # type: ignore[assignment]
        other_client.sign_in(staff_user, PASSWORD)
        response = other_client.get(f"/staff/young-people/{family.young_person.id}")
        assert response.status_code == 404
        assert "Some words from the family" not in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalars(
                select(FamilyInputNotice).where(FamilyInputNotice.seen_at.is_not(None))
            ).all()
            == []
        )


def test_the_record_takes_the_same_queries_however_much_the_family_sent(
    app: Flask, client: PortalClient
) -> None:
    family = _family_with_input(app)
    client.sign_in(family.keyworker, PASSWORD)

    def queries_for_record() -> int:
        with app.app_context():
            engine = db.engine
        with count_queries(engine) as log:
            _record(client, family)
        return log.count

    few = queries_for_record()
    with app.app_context():
        # 102 more notices, of every kind, all new.
        for number in range(17):
            add_family_input_of_every_kind(
                db.session,
                contact=family.contact,
                meeting=family.meeting,
                text=f"Round {number}.",
            )
        db.session.commit()
    assert queries_for_record() == few
    assert "Showing 20 of 108, new ones first." in _record(client, family)

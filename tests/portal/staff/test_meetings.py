"""The staff meeting pages: schedule, change or move, cancel, mark held and
record the outcome; confirm an adjustment back to the family; a save from an
older form is refused with both versions shown; the family's meeting page
shows the outcome and the confirmation; every change is audited; nobody else
gets in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Action,
    AuditEvent,
    Meeting,
    MeetingStatus,
    MeetingSupportRequest,
    StaffRole,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.timezones import LONDON
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_meeting, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family

FAMILY_OUTCOME = "We made a plan. You will go to a new club. Mum will help you."


def _meetings(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/meetings"


def _meeting_form(**changes: Any) -> dict[str, Any]:
    day = (utc_now() + timedelta(days=10)).astimezone(LONDON)
    data: dict[str, Any] = {
        "sequence": "",
        "kind": "cetr",
        "day": str(day.day),
        "month": str(day.month),
        "year": str(day.year),
        "starts": "10:00",
        "ends": "11:30",
        "place": "Room 2, Test Clinic",
        "video_link": "",
        "attendees": "Keyworker\nSocial worker\n",
    }
    return data | changes


def _outcome_form(sequence: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "sequence": str(sequence),
        "outcome": "Agreed a referral to the youth club; review in 6 weeks.",
        "family_outcome": FAMILY_OUTCOME,
        "actions-0-what": "Find a club near home",
        "actions-0-who": "Keyworker",
        "actions-0-due": "15/01/2027",
    }
    return data | changes


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def _meeting(app: Flask, meeting_id: int | None = None) -> Meeting:
    with app.app_context():
        query = select(Meeting).order_by(Meeting.id.desc())
        if meeting_id is not None:
            query = query.where(Meeting.id == meeting_id)
        meeting = db.session.scalars(query).first()
        assert meeting is not None
        meeting.attendees  # noqa: B018 (loaded while the session is open)
        return meeting


def _meeting_actions(app: Flask, meeting_id: int) -> list[Action]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Action).where(Action.meeting_id == meeting_id).order_by(Action.id)
            )
        )


def _started_meeting(app: Flask, family: Family) -> int:
    with app.app_context():
        person = db.session.get(YoungPerson, family.young_person_id)
        meeting = make_meeting(
            db.session, young_person=person, starts_at=utc_now() - timedelta(hours=2)
        )
        db.session.commit()
        return meeting.id


def test_a_keyworker_schedules_changes_and_cancels_a_meeting(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert "Schedule a meeting" in client.get(_meetings(family) + "/new").get_data(as_text=True)
    done = client.post_form(_meetings(family) + "/new", _meeting_form())
    assert done.status_code == 303
    meeting = _meeting(app)
    assert done.headers["Location"] == f"{_meetings(family)}/{meeting.id}"
    assert [a.role for a in meeting.attendees] == ["Keyworker", "Social worker"]
    assert meeting.starts_at.astimezone(LONDON).hour == 10 and meeting.sequence == 1
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Meeting scheduled." in page and "No reply from the family yet." in page

    path = f"{_meetings(family)}/{meeting.id}"
    moved = client.post_form(
        path + "/edit", _meeting_form(sequence="1", starts="14:00", ends="15:00")
    )
    assert moved.status_code == 303
    meeting = _meeting(app, meeting.id)
    assert meeting.starts_at.astimezone(LONDON).hour == 14 and meeting.sequence == 2
    [changed] = _events(app, "meeting.changed")
    assert changed.detail["moved"] is True and changed.detail["sequence"] == 2

    refused = client.post_form(path + "/cancel", {"sequence": "2", "reason": ""})
    assert "Enter why the meeting is cancelled" in refused.get_data(as_text=True)
    assert (
        client.post_form(path + "/cancel", {"sequence": "2", "reason": "Chair ill"}).status_code
        == 303
    )
    meeting = _meeting(app, meeting.id)
    assert meeting.status is MeetingStatus.CANCELLED and meeting.cancel_reason == "Chair ill"
    assert meeting.sequence == 3
    assert (
        len(_events(app, "meeting.scheduled")) == 1 and len(_events(app, "meeting.cancelled")) == 1
    )


def test_problems_are_shown_and_what_was_typed_is_kept(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    response = client.post_form(
        _meetings(family) + "/new",
        _meeting_form(
            place="", video_link="http://insecure.example.org", ends="09:00", day="31", month="2"
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter a real date" in html
    response = client.post_form(
        _meetings(family) + "/new",
        _meeting_form(place="", video_link="http://x.example.org", ends="09:00"),
    )
    html = response.get_data(as_text=True)
    assert "The end time must be after the start time" in html
    assert "Enter a video link that starts with https://" in html
    assert 'value="http://x.example.org"' in html
    assert _events(app, "meeting.scheduled") == []


def test_a_change_from_an_older_form_is_refused_with_both_versions(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    client.post_form(_meetings(family) + "/new", _meeting_form())
    meeting = _meeting(app)
    path = f"{_meetings(family)}/{meeting.id}/edit"
    assert client.post_form(path, _meeting_form(sequence="1", place="Room 9")).status_code == 303
    response = client.post_form(path, _meeting_form(sequence="1", place="Room 5"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed this meeting" in html
    assert "Room 9" in html and "Room 5" in html
    assert 'name="sequence" type="hidden" value="2"' in html or 'value="2"' in html
    assert _meeting(app, meeting.id).place == "Room 9"
    assert len(_events(app, "meeting.change_refused")) == 1


def test_outcome_needs_easy_read_and_the_family_then_sees_it(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    meeting_id = _started_meeting(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    path = f"{_meetings(family)}/{meeting_id}"
    assert "Mark as held" in client.get(path).get_data(as_text=True)
    assert client.post_form(path + "/held", {"sequence": "1"}, token_page=path).status_code == 303
    assert _meeting(app, meeting_id).status is MeetingStatus.HELD

    hard = (
        "Following the multidisciplinary deliberation, stakeholders determined that "
        "community-based occupational engagement opportunities should be facilitated "
        "notwithstanding previous contraindications identified."
    )
    refused = client.post_form(path + "/outcome", _outcome_form(2, family_outcome=hard))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Make this easier to read" in html and "family_outcome-easy-read" in html
    assert _meeting(app, meeting_id).family_outcome is None
    assert _events(app, "meeting.outcome_recorded") == []

    saved = client.post_form(path + "/outcome", _outcome_form(2))
    assert saved.status_code == 303
    meeting = _meeting(app, meeting_id)
    assert meeting.family_outcome == FAMILY_OUTCOME and meeting.sequence == 3
    assert [(a.what, a.who, str(a.due_on)) for a in _meeting_actions(app, meeting_id)] == [
        ("Find a club near home", "Keyworker", "2027-01-15")
    ]
    assert len(_events(app, "meeting.outcome_recorded")) == 1

    family_client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, family_client, family.contact)
    page = family_client.get(f"/my-meetings/{meeting_id}").get_data(as_text=True)
    assert "What we decided" in page and FAMILY_OUTCOME in page
    assert "Who will do what, by when" in page and "Find a club near home" in page
    assert "By Friday 15 January" in page and "Not started yet." in page

    # Saving the outcome again lists the saved action, with its Change link, and keeps it.
    [agreed] = _meeting_actions(app, meeting_id)
    form = client.get(path + "/outcome").get_data(as_text=True)
    assert "Actions saved already" in form and f"/actions/{agreed.id}" in form
    no_new = {"actions-0-what": "", "actions-0-who": "", "actions-0-due": ""}
    again = client.post_form(path + "/outcome", _outcome_form(3, **no_new))
    assert again.status_code == 303
    assert [a.id for a in _meeting_actions(app, meeting_id)] == [agreed.id]
    done = {
        "what": agreed.what,
        "who": agreed.who,
        "status": "done",
        "sequence": "1",
        "visible_to_family": "y",
    }
    change = f"/staff/young-people/{family.young_person_id}/actions/{agreed.id}"
    assert client.post_form(change, done).status_code == 303
    assert "Done." in family_client.get(f"/my-meetings/{meeting_id}").get_data(as_text=True)
    assert "Done" in client.get(path).get_data(as_text=True)


def test_an_adjustment_is_confirmed_back_to_the_family(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        meeting = make_meeting(
            db.session, young_person=db.session.get(YoungPerson, family.young_person_id)
        )
        request = MeetingSupportRequest(
            meeting_id=meeting.id, contact_id=family.contact.id, supports=["quiet_room"]
        )
        db.session.add(request)
        db.session.commit()
        meeting_id, request_id = meeting.id, request.id
    client.sign_in(family.keyworker, PASSWORD)
    path = f"{_meetings(family)}/{meeting_id}"
    page = client.get(path).get_data(as_text=True)
    assert "Not confirmed yet" in page and "A quiet room" in page
    confirm = f"{path}/confirm?request={request_id}"
    assert client.get(confirm).status_code == 200
    assert client.get(f"{path}/confirm?request=999999").status_code == 404
    done = client.post_form(confirm, {"text": "Quiet room booked."})
    assert done.status_code == 303
    assert "Quiet room booked." in client.get(path).get_data(as_text=True)
    assert len(_events(app, "meeting.support_confirmed")) == 1

    family_client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, family_client, family.contact)
    family_page = family_client.get(f"/my-meetings/{meeting_id}").get_data(as_text=True)
    assert "We have done this:" in family_page and "Quiet room booked." in family_page


def _other_users(app: Flask) -> dict[str, StaffUser]:
    with app.app_context():
        team = make_team(db.session)
        users = {
            "other keyworker": make_staff_user(db.session, team=team),
            "other team's manager": make_staff_user(db.session, role=StaffRole.MANAGER, team=team),
            "admin": make_staff_user(db.session, role=StaffRole.ADMIN),
        }
        db.session.commit()
        return users


@pytest.mark.parametrize(
    ("who", "status"), [("other keyworker", 404), ("other team's manager", 404), ("admin", 403)]
)
def test_staff_who_may_not_see_the_record_get_nothing(
    app: Flask, client: PortalClient, who: str, status: int
) -> None:
    family = make_family(app)
    meeting_id = _started_meeting(app, family)
    client.sign_in(_other_users(app)[who], PASSWORD)
    token_page = "/staff/admin/staff" if who == "admin" else "/staff/"
    path = f"{_meetings(family)}/{meeting_id}"
    for page in (
        _meetings(family) + "/new",
        path,
        path + "/edit",
        path + "/cancel",
        path + "/outcome",
    ):
        assert client.get(page).status_code == status
    for page in (path + "/edit", path + "/cancel", path + "/held", path + "/outcome"):
        data = _meeting_form(sequence="1", reason="x")
        assert client.post_form(page, data, token_page=token_page).status_code == status
    meeting = _meeting(app, meeting_id)
    assert meeting.sequence == 1 and meeting.status is MeetingStatus.PLANNED


def test_a_meeting_of_another_young_person_is_not_found(app: Flask, client: PortalClient) -> None:
    family, other = make_family(app), make_family(app)
    meeting_id = _started_meeting(app, other)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.get(f"{_meetings(family)}/{meeting_id}").status_code == 404
    assert client.get(f"{_meetings(other)}/{meeting_id}").status_code == 404


def test_family_cannot_use_the_staff_meeting_pages(app: Flask) -> None:
    family = make_family(app)
    meeting_id = _started_meeting(app, family)
    signed_in: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, signed_in, family.contact)
    token = signed_in.csrf_token("/home")
    path = f"{_meetings(family)}/{meeting_id}"
    assert signed_in.get(path).status_code == 403
    assert (
        signed_in.post(path + "/held", data={"sequence": "1", "csrf_token": token}).status_code
        == 403
    )
    assert _meeting(app, meeting_id).status is MeetingStatus.PLANNED


def test_an_outcome_waits_until_the_meeting_is_held(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    meeting_id = _started_meeting(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(f"/staff/young-people/{family.young_person_id}").get_data(as_text=True)
    assert f"{_meetings(family)}/{meeting_id}" in record and f"{_meetings(family)}/new" in record
    response = client.post_form(f"{_meetings(family)}/{meeting_id}/outcome", _outcome_form(1))
    assert response.status_code == 200
    assert "Mark the meeting as held first" in response.get_data(as_text=True)
    assert _meeting(app, meeting_id).outcome is None
    assert _events(app, "meeting.outcome_recorded") == []

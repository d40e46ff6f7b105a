"""The notes pages: the list with authors, times and late marks, a new note
(errors shown, what was typed kept), an amendment linked both ways, and
only for the staff who may see the record, with a CSRF token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Note, StaffRole, StaffUser, utc_now
from portal.services.records.notes import NOTES_PAGE_SIZE
from portal.timezones import LONDON
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _notes(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}/notes"


def _typed(hours_ago: float = 2, **changes: str) -> dict[str, str]:
    at = (utc_now() - timedelta(hours=hours_ago)).astimezone(LONDON)
    values = {
        "summary": "Phoned Mum",
        "day": str(at.day),
        "month": str(at.month),
        "year": str(at.year),
        "time": at.strftime("%H:%M"),
        "body": "We talked about the next meeting.",
    }
    values.update(changes)
    return values


def _saved(app: Flask) -> list[Note]:
    with app.app_context():
        return list(db.session.scalars(select(Note).order_by(Note.id)))


def _actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_keyworker_adds_a_note_and_it_is_listed(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(f"/staff/young-people/{family.young_person_id}").get_data(as_text=True)
    assert _notes(family) in record
    assert f"/staff/young-people/{family.young_person_id}/access-log" in record

    done = client.post_form(_notes(family) + "/new", _typed(hours_ago=30))
    assert done.status_code == 303
    assert done.headers["Location"] == _notes(family)
    [note] = _saved(app)
    assert (note.summary, note.author_id) == ("Phoned Mum", family.keyworker.id)
    assert "note.added" in _actions(app)

    page = client.get(_notes(family)).get_data(as_text=True)
    assert "Note added." in page
    assert "Phoned Mum" in page and family.keyworker.name in page
    assert "Written late" in page
    assert "We talked about the next meeting." in page
    day_name = note.event_at.astimezone(LONDON).strftime("%A")
    assert day_name in page


def test_a_note_within_24_hours_is_not_marked_late(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    client.post_form(_notes(family) + "/new", _typed(hours_ago=23))
    assert "Written late" not in client.get(_notes(family)).get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        ({"summary": "", "body": ""}, ["Enter what happened", "Enter the note"]),
        (
            {"day": "31", "month": "2", "time": ""},
            ["Enter a real date, like 27 11 2026", "Enter the time it happened, like 14:30"],
        ),
        ({"day": ""}, ["Enter the day, the month and the year"]),
        ({"time": "25:00"}, ["Enter the time it happened, like 14:30"]),
        ({"year": "2999"}, ["The date it happened must be today or in the past"]),
    ],
)
def test_a_note_with_problems_shows_them_and_keeps_what_was_typed(
    app: Flask, client: PortalClient, changes: dict[str, str], messages: list[str]
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    typed = _typed(**changes)
    response = client.post_form(_notes(family) + "/new", typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    for message in messages:
        assert message in page
    for value in typed.values():
        if value:
            assert value in page
    assert _saved(app) == []


def test_a_time_later_today_is_refused_by_the_rule(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    at = (utc_now() + timedelta(minutes=10)).astimezone(LONDON)
    if at.date() != utc_now().astimezone(LONDON).date():
        pytest.skip("ten minutes from now is tomorrow")
    response = client.post_form(_notes(family) + "/new", _typed(hours_ago=-10 / 60))
    assert "The time it happened must be now or in the past" in response.get_data(as_text=True)
    assert _saved(app) == []


def test_an_amendment_is_a_new_note_linked_both_ways(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    client.post_form(_notes(family) + "/new", _typed())
    [original] = _saved(app)
    amend_path = f"{_notes(family)}/{original.id}/amend"
    form = client.get(amend_path).get_data(as_text=True)
    assert "The note you are amending" in form
    assert 'value="Phoned Mum"' in form

    done = client.post_form(amend_path, _typed(summary="Phoned Dad"))
    assert done.status_code == 303
    first, amendment = _saved(app)
    assert (first.summary, amendment.summary, amendment.amends_note_id) == (
        "Phoned Mum",
        "Phoned Dad",
        first.id,
    )
    page = client.get(_notes(family)).get_data(as_text=True)
    assert "Amended on" in page and f'href="#note-{amendment.id}"' in page
    assert "This amends the note written on" in page and f'href="#note-{first.id}"' in page
    assert page.count("Amend this note") == 1
    assert "note.amended" in _actions(app)


def test_a_second_amendment_of_the_same_note_shows_both_versions(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    client.post_form(_notes(family) + "/new", _typed())
    [original] = _saved(app)
    amend_path = f"{_notes(family)}/{original.id}/amend"
    token = client.csrf_token(amend_path)
    client.post(amend_path, data={**_typed(summary="Their version"), "csrf_token": token})

    mine = _typed(summary="My version", body="What I typed.")
    response = client.post(amend_path, data={**mine, "csrf_token": token})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Someone amended this note while you were writing" in page
    assert "Their version" in page and "My version" in page and "What I typed." in page
    their = _saved(app)[1]
    assert f'action="{_notes(family)}/{their.id}/amend"' in page
    assert len(_saved(app)) == 2


def _other_users(app: Flask, family: Family) -> dict[str, StaffUser]:
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
    with app.app_context():
        note = Note(
            young_person_id=family.young_person_id,
            author_id=family.keyworker.id,
            summary="Secret",
            body="Not for them.",
            event_at=utc_now(),
        )
        db.session.add(note)
        db.session.commit()
    user = _other_users(app, family)[who]
    client.sign_in(user, PASSWORD)
    token_page = "/staff/admin/staff" if who == "admin" else "/staff/"
    for path in (_notes(family), _notes(family) + "/new", f"{_notes(family)}/{note.id}/amend"):
        assert client.get(path).status_code == status
    for path in (_notes(family) + "/new", f"{_notes(family)}/{note.id}/amend"):
        assert client.post_form(path, _typed(), token_page=token_page).status_code == status
    assert len(_saved(app)) == 1


def test_a_note_of_another_young_person_is_not_found(app: Flask, client: PortalClient) -> None:
    family, other = make_family(app), make_family(app)
    other_client: PortalClient = app.test_client()  # type: ignore[assignment]
    other_client.sign_in(other.keyworker, PASSWORD)
    other_client.post_form(_notes(other) + "/new", _typed())
    [note] = _saved(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.get(f"{_notes(family)}/{note.id}/amend").status_code == 404


def test_family_and_anonymous_visitors_cannot_use_the_notes(app: Flask) -> None:
    family = make_family(app)
    anonymous: PortalClient = app.test_client()  # type: ignore[assignment]
    response = anonymous.get(_notes(family))
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
    signed_in: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, signed_in, family.contact)
    token = signed_in.csrf_token("/home")
    assert signed_in.get(_notes(family)).status_code == 403
    response = signed_in.post(_notes(family) + "/new", data={**_typed(), "csrf_token": token})
    assert response.status_code == 403
    assert _saved(app) == []


def test_adding_a_note_needs_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post(_notes(family) + "/new", data=_typed()).status_code == 400
    assert _saved(app) == []


def test_a_long_record_shows_its_notes_a_page_at_a_time_linked_across_pages(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    now = utc_now()
    with app.app_context():
        author_id = family.keyworker.id
        first = Note(
            young_person_id=family.young_person_id,
            author_id=author_id,
            summary="The first note",
            body="Met Sam.",
            event_at=now - timedelta(days=40),
            created_at=now - timedelta(days=40),
        )
        db.session.add(first)
        db.session.flush()
        db.session.add_all(
            Note(
                young_person_id=family.young_person_id,
                author_id=author_id,
                summary=f"Note {n}",
                body="Phoned.",
                event_at=now - timedelta(days=30 - n),
                created_at=now - timedelta(days=30 - n),
            )
            for n in range(NOTES_PAGE_SIZE)
        )
        fix = Note(
            young_person_id=family.young_person_id,
            author_id=author_id,
            summary="The first note, corrected",
            body="Met Sam and Mum.",
            amends_note_id=first.id,
            event_at=now - timedelta(days=40),
            created_at=now,
        )
        db.session.add(fix)
        db.session.commit()
        fix_id, first_id = fix.id, first.id
    client.sign_in(family.keyworker, PASSWORD)
    newest = client.get(_notes(family)).get_data(as_text=True)
    assert "Notes 1 to 20 of 22, newest first (page 1 of 2)." in newest
    assert newest.count('class="nhsuk-card"') == NOTES_PAGE_SIZE
    assert f'href="{_notes(family)}?page=2"' in newest
    # The note the correction amends is on page 2: the link goes there.
    assert f'href="{_notes(family)}?note={first_id}#note-{first_id}"' in newest
    oldest = client.get(f"{_notes(family)}?note={first_id}").get_data(as_text=True)
    assert "(page 2 of 2)" in oldest and "The first note" in oldest
    assert f'href="{_notes(family)}?note={fix_id}#note-{fix_id}"' in oldest

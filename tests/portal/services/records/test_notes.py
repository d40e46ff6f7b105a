"""Notes are append-only: an amendment is a new note linked to the one it
corrects, each note is amended at most once (also when 20 try at once), a note
written more than 24 hours after its event is late, and every note is audited."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Note, StaffRole, StaffUser, YoungPerson
from portal.services.access.staff import NotVisible
from portal.services.records.notes import (
    AlreadyAmended,
    NoteDraft,
    NoteProblem,
    NoteRefused,
    add_note,
    amend_note,
    is_written_late,
    note_entries,
)
from tests.query_counter import count_queries
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def keyworker(session: Session) -> StaffUser:
    return make_staff_user(session, team=make_team(session))


@pytest.fixture
def person(session: Session, keyworker: StaffUser) -> YoungPerson:
    return make_young_person(session, team=keyworker.team, keyworker=keyworker)  # type: ignore[arg-type]


def _draft(summary: str = "Phoned Mum", *, hours_ago: float = 1, body: str = "Hi.") -> NoteDraft:
    return NoteDraft(summary=summary, event_at=NOW - timedelta(hours=hours_ago), body=body)


@pytest.mark.parametrize(
    ("gap", "late"),
    [
        (timedelta(hours=24), False),
        (timedelta(hours=24, seconds=1), True),
        (timedelta(hours=23, minutes=59), False),
        (timedelta(0), False),
    ],
)
def test_a_note_is_late_only_more_than_24_hours_after_its_event(gap: timedelta, late: bool) -> None:
    assert is_written_late(NOW - gap, NOW) is late


def test_a_note_is_added_with_its_event_time_and_audited(
    session: Session, keyworker: StaffUser, person: YoungPerson
) -> None:
    note = add_note(
        session, keyworker, person.id, _draft("  Phoned Mum  ", hours_ago=25), NOW, ip_address="::1"
    )
    assert (note.summary, note.event_at, note.created_at) == (
        "Phoned Mum",
        NOW - timedelta(hours=25),
        NOW,
    )
    [entry] = note_entries(session, person.id).entries
    assert entry.written_late and entry.amends is None and entry.amended_by is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "note.added")).one()
    assert (event.actor_staff_id, event.young_person_id, event.detail) == (
        keyworker.id,
        person.id,
        {"note_id": note.id},
    )


def test_a_note_that_cannot_be_saved_says_every_problem(
    session: Session, keyworker: StaffUser, person: YoungPerson
) -> None:
    draft = NoteDraft(summary=" ", event_at=NOW + timedelta(minutes=1), body="")
    with pytest.raises(NoteRefused) as refused:
        add_note(session, keyworker, person.id, draft, NOW)
    assert refused.value.problems == (
        NoteProblem.SUMMARY_MISSING,
        NoteProblem.BODY_MISSING,
        NoteProblem.EVENT_IN_FUTURE,
    )
    with pytest.raises(NoteRefused) as too_long:
        add_note(session, keyworker, person.id, _draft("x" * 121, body="y" * 10_001), NOW)
    assert too_long.value.problems == (NoteProblem.SUMMARY_TOO_LONG, NoteProblem.BODY_TOO_LONG)
    assert session.scalars(select(Note)).all() == []


def test_only_staff_who_may_see_the_record_add_or_amend(
    session: Session, keyworker: StaffUser, person: YoungPerson
) -> None:
    note = add_note(session, keyworker, person.id, _draft(), NOW)
    others = [
        make_staff_user(session, team=keyworker.team),
        make_staff_user(session, role=StaffRole.MANAGER, team=make_team(session)),
        make_staff_user(session, role=StaffRole.ADMIN, team=keyworker.team),
    ]
    for other in others:
        with pytest.raises(NotVisible):
            add_note(session, other, person.id, _draft(), NOW)
        with pytest.raises(NotVisible):
            amend_note(session, other, note.id, _draft(), NOW)
    with pytest.raises(NotVisible):
        amend_note(session, keyworker, note.id + 1000, _draft(), NOW)
    manager = make_staff_user(session, role=StaffRole.MANAGER, team=keyworker.team)
    amendment = amend_note(session, manager, note.id, _draft("Phoned Dad"), NOW)
    assert amendment.amends_note_id == note.id


def test_amendments_form_a_line_and_the_originals_stay(
    session: Session, keyworker: StaffUser, person: YoungPerson
) -> None:
    first = add_note(session, keyworker, person.id, _draft("Phoned Mum"), NOW)
    second = amend_note(session, keyworker, first.id, _draft("Phoned Dad"), NOW + timedelta(1))
    third = amend_note(session, keyworker, second.id, _draft("Phoned Gran"), NOW + timedelta(2))

    with pytest.raises(AlreadyAmended) as refused:
        amend_note(session, keyworker, first.id, _draft("Phoned Robin"), NOW + timedelta(3))
    assert refused.value.amendment.id == second.id

    entries = note_entries(session, person.id).entries
    assert [entry.note.summary for entry in entries] == ["Phoned Gran", "Phoned Dad", "Phoned Mum"]
    assert [(e.amends and e.amends.id, e.amended_by and e.amended_by.id) for e in entries] == [
        (second.id, None),
        (first.id, third.id),
        (None, second.id),
    ]
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["note.added", "note.amended", "note.amended"]


def test_notes_come_a_page_at_a_time_with_their_amendments_from_any_page(
    session: Session, keyworker: StaffUser, person: YoungPerson
) -> None:
    first = add_note(session, keyworker, person.id, _draft("Note 0"), NOW)
    for number in range(1, 5):
        add_note(session, keyworker, person.id, _draft(f"Note {number}"), NOW + timedelta(number))
    fix = amend_note(session, keyworker, first.id, _draft("Note 0 fixed"), NOW + timedelta(9))
    session.flush()
    pages, queries = [], []
    for number in (1, 2, 3):
        with count_queries(session.get_bind()) as log:  # type: ignore[arg-type]
            pages.append(note_entries(session, person.id, page=number, size=2))
        queries.append(log.count)
    # The count, the page, the notes either side, their authors: never more.
    assert max(queries) <= 5
    assert [[e.note.summary for e in page.entries] for page in pages] == [
        ["Note 0 fixed", "Note 4"],
        ["Note 3", "Note 2"],
        ["Note 1", "Note 0"],
    ]
    assert [(p.span.page, p.span.pages, p.span.total) for p in pages] == [
        (1, 3, 6),
        (2, 3, 6),
        (3, 3, 6),
    ]
    # The amendment and the note it amends are on pages 1 and 3.
    assert pages[0].entries[0].amends is not None and pages[0].entries[0].amends.id == first.id
    assert pages[2].entries[1].amended_by is not None
    assert pages[2].entries[1].amended_by.id == fix.id
    holding = note_entries(session, person.id, holding=first.id, size=2)
    assert holding.span.page == 3
    # A page past the end is the last; a note on another record, the page asked for.
    assert note_entries(session, person.id, page=99, size=2).span.page == 3
    other = make_young_person(session, team=keyworker.team, keyworker=keyworker)  # type: ignore[arg-type]
    theirs = add_note(session, keyworker, other.id, _draft(), NOW)
    assert note_entries(session, person.id, page=2, holding=theirs.id, size=2).span.page == 2


def test_20_amendments_of_one_note_at_once_save_exactly_one(
    session: Session, keyworker: StaffUser, person: YoungPerson
) -> None:
    original = add_note(session, keyworker, person.id, _draft(), NOW)
    session.commit()

    def amend(own: Session, index: int) -> str:
        user = own.get(StaffUser, keyworker.id)
        assert user is not None
        try:
            amend_note(own, user, original.id, _draft(f"Version {index}"), NOW)
        except AlreadyAmended:
            return "refused"
        return "saved"

    outcomes = at_once_in_transactions(session.get_bind(), amend)

    assert Counter(outcomes) == {"saved": 1, "refused": AT_ONCE - 1}
    session.expire_all()
    assert len(session.scalars(select(Note).where(Note.amends_note_id == original.id)).all()) == 1
    amended = session.scalars(select(AuditEvent).where(AuditEvent.action == "note.amended")).all()
    assert len(amended) == 1

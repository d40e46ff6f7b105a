"""The examples of the notes pages and "Who accessed this record", and the
data they show: the demo note of the world's young person amended (the
amendment written late), and enough audit events for more than one page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, Note, StaffUser, utc_now
from portal.services.records.audit import record_event
from portal.services.records.notes import NoteDraft, amend_note
from tests.support.page_example_types import PageExample


def _notes(young_person_id: int) -> str:
    return f"/staff/young-people/{young_person_id}/notes"


def _access_log(young_person_id: int, query: str = "") -> str:
    return f"/staff/young-people/{young_person_id}/access-log{query}"


EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "notes", "staff.notes", lambda w: _notes(w.young_person_id), signed_in_as="keyworker"
    ),
    PageExample(
        "notes, none yet",
        "staff.notes",
        lambda w: _notes(w.no_notes_young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "new note",
        "staff.new_note",
        lambda w: _notes(w.young_person_id) + "/new",
        signed_in_as="keyworker",
    ),
    PageExample(
        "new note, nothing entered",
        "staff.new_note",
        lambda w: _notes(w.young_person_id) + "/new",
        signed_in_as="keyworker",
        submit={},
    ),
    PageExample(
        "new note, date not real and time missing",
        "staff.new_note",
        lambda w: _notes(w.young_person_id) + "/new",
        signed_in_as="keyworker",
        submit={"summary": "Phoned Mum", "day": "31", "month": "2", "year": "2026", "body": "x"},
    ),
    PageExample(
        "amend a note",
        "staff.amend",
        lambda w: f"{_notes(w.young_person_id)}/{w.amendment_note_id}/amend",
        signed_in_as="manager",
    ),
    PageExample(
        "amend a note amended already",
        "staff.amend",
        lambda w: f"{_notes(w.young_person_id)}/{w.note_id}/amend",
        signed_in_as="keyworker",
    ),
    PageExample(
        "amend a note, time not real",
        "staff.amend",
        lambda w: f"{_notes(w.young_person_id)}/{w.amendment_note_id}/amend",
        signed_in_as="keyworker",
        submit={"time": "25:61"},
    ),
    PageExample(
        "who accessed this record",
        "staff.access_log_page",
        lambda w: _access_log(w.young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "who accessed this record, last page",
        "staff.access_log_page",
        lambda w: _access_log(w.young_person_id, "?page=99"),
        signed_in_as="manager",
    ),
    PageExample(
        "who accessed this record, filtered",
        "staff.access_log_page",
        lambda w: _access_log(
            w.young_person_id, f"?person={w.keyworker_id}&action=note.amended&date_from=2026-01-01"
        ),
        signed_in_as="keyworker",
    ),
    PageExample(
        "who accessed this record, date not real",
        "staff.access_log_page",
        lambda w: _access_log(w.young_person_id, "?date_from=2026-02-31&action=none"),
        signed_in_as="keyworker",
    ),
)


def add_example_notes(
    session: Session, young_person_id: int, keyworker_id: int, empty_contact_id: int
) -> dict[str, int]:
    """Amend the demo note of `young_person_id` (the amendment is written
    late), add 60 looks at the record, and name a young person with no notes
    (the one `empty_contact_id` is a contact of)."""
    keyworker = session.get(StaffUser, keyworker_id)
    empty = session.get(Contact, empty_contact_id)
    assert keyworker is not None and empty is not None
    note = session.scalars(
        select(Note).where(Note.young_person_id == young_person_id).order_by(Note.id)
    ).first()
    assert note is not None
    now = utc_now()
    draft = NoteDraft(
        summary="Phoned the family and Robin's school",
        event_at=note.event_at,
        body="Phoned the family to plan the next meeting.\nThe school will send a teacher.",
    )
    amendment = amend_note(session, keyworker, note.id, draft, now)
    for minutes in range(60):
        event = record_event(
            session, "record.viewed", staff_user=keyworker, young_person_id=young_person_id
        )
        event.occurred_at = now - timedelta(days=1, minutes=minutes)
    session.flush()
    return {
        "note_id": note.id,
        "amendment_note_id": amendment.id,
        "no_notes_young_person_id": empty.young_person_id,
    }

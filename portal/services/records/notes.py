"""Contemporaneous notes on a young person's record.

Notes are append-only: a correction is a new note that amends the original
(`amends_note_id`), and the original stays as written. Each note is amended
at most once, so an entry and its amendments form one line, and only the
latest note of a line can be amended; of two people amending the same note
at once, the second is refused with the amendment that got there first.

A note says when what it is about happened (`event_at`) as well as when it
was written (`created_at`): one written more than `LATE_AFTER` after its
event is marked written late (`is_written_late`, the one place for the rule).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from portal.models import Note, StaffUser
from portal.models.records import SUMMARY_MAX_LENGTH
from portal.services.access.staff import NotVisible, require_visible
from portal.services.paging import PageOf, page_holding, page_of, rows_before
from portal.services.records.audit import record_event

__all__ = [
    "BODY_MAX_LENGTH",
    "LATE_AFTER",
    "NOTES_PAGE_SIZE",
    "NOTE_ADDED",
    "NOTE_AMENDED",
    "SUMMARY_MAX_LENGTH",
    "AlreadyAmended",
    "NoteDraft",
    "NoteEntry",
    "NoteProblem",
    "NoteRefused",
    "NotesPage",
    "add_note",
    "amend_note",
    "amendment_of",
    "is_written_late",
    "note_entries",
]

LATE_AFTER = timedelta(hours=24)
BODY_MAX_LENGTH = 10_000
NOTE_ADDED = "note.added"
NOTE_AMENDED = "note.amended"
# Notes to a page of the notes list.
NOTES_PAGE_SIZE = 20


class NoteProblem(enum.StrEnum):
    SUMMARY_MISSING = "summary_missing"
    SUMMARY_TOO_LONG = "summary_too_long"
    BODY_MISSING = "body_missing"
    BODY_TOO_LONG = "body_too_long"
    EVENT_IN_FUTURE = "event_in_future"


class NoteRefused(ValueError):
    """The note cannot be saved as it is; `problems` says why."""

    def __init__(self, problems: Sequence[NoteProblem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = tuple(problems)


class AlreadyAmended(LookupError):
    """The note was amended already: only the latest note of a line can be."""

    def __init__(self, amendment: Note) -> None:
        super().__init__(amendment.id)
        self.amendment = amendment


@dataclass(frozen=True)
class NoteDraft:
    """What a member of staff typed: what happened, when (aware), and the note."""

    summary: str
    event_at: datetime
    body: str


def is_written_late(event_at: datetime, written_at: datetime) -> bool:
    """More than 24 hours between the event and the writing: exactly 24 is on time."""
    return written_at - event_at > LATE_AFTER


@dataclass(frozen=True)
class NoteEntry:
    """A note as the notes page shows it, with the notes either side of it
    in its line of amendments."""

    note: Note
    amends: Note | None
    amended_by: Note | None

    @property
    def written_late(self) -> bool:
        return is_written_late(self.note.event_at, self.note.created_at)


@dataclass(frozen=True)
class NotesPage:
    """One page of the notes, newest first."""

    entries: Sequence[NoteEntry]
    span: PageOf


def note_entries(
    session: Session,
    young_person_id: int,
    *,
    page: int = 1,
    holding: int | None = None,
    size: int = NOTES_PAGE_SIZE,
) -> NotesPage:
    """Page `page` of the notes on the record, newest first, or with
    `holding` the page that holds that note; each with what it amends and
    what amended it, from whichever page they are on. Four queries, however
    many notes."""
    on_record = Note.young_person_id == young_person_id
    total = session.scalar(select(func.count()).select_from(Note).where(on_record)) or 0
    if holding is not None:
        page = _page_holding(session, young_person_id, holding, size) or page
    span = page_of(total, page, size)
    notes = session.scalars(
        select(Note)
        .where(on_record)
        .order_by(Note.created_at.desc(), Note.id.desc())
        .limit(size)
        .offset(span.offset)
        .options(selectinload(Note.author))
    ).all()
    ids = [note.id for note in notes]
    wanted = [note.amends_note_id for note in notes if note.amends_note_id]
    either_side = session.scalars(
        select(Note)
        .where(on_record, or_(Note.id.in_(wanted), Note.amends_note_id.in_(ids)))
        .options(selectinload(Note.author))
    ).all()
    by_id = {note.id: note for note in [*notes, *either_side]}
    amended_by = {note.amends_note_id: note for note in by_id.values() if note.amends_note_id}
    entries = [
        NoteEntry(
            note=note,
            amends=by_id.get(note.amends_note_id) if note.amends_note_id else None,
            amended_by=amended_by.get(note.id),
        )
        for note in notes
    ]
    return NotesPage(entries=entries, span=span)


def _page_holding(session: Session, young_person_id: int, note_id: int, size: int) -> int | None:
    """The page of note `note_id`, or None when it is not on this record."""
    note = session.get(Note, note_id)
    if note is None or note.young_person_id != young_person_id:
        return None
    newer = rows_before(
        session,
        [Note.young_person_id == young_person_id],
        (Note.created_at, Note.id),
        (note.created_at, note.id),
    )
    return page_holding(newer, size)


def _checked(draft: NoteDraft, now: datetime) -> NoteDraft:
    summary, body = draft.summary.strip(), draft.body.strip()
    problems = []
    if not summary:
        problems.append(NoteProblem.SUMMARY_MISSING)
    elif len(summary) > SUMMARY_MAX_LENGTH:
        problems.append(NoteProblem.SUMMARY_TOO_LONG)
    if not body:
        problems.append(NoteProblem.BODY_MISSING)
    elif len(body) > BODY_MAX_LENGTH:
        problems.append(NoteProblem.BODY_TOO_LONG)
    if draft.event_at > now:
        problems.append(NoteProblem.EVENT_IN_FUTURE)
    if problems:
        raise NoteRefused(problems)
    return NoteDraft(summary=summary, event_at=draft.event_at, body=body)


def add_note(
    session: Session,
    user: StaffUser,
    young_person_id: int,
    draft: NoteDraft,
    now: datetime,
    *,
    ip_address: str | None = None,
) -> Note:
    """Add a note written by `user` now. Raises NotVisible unless `user` may
    see the young person, NoteRefused when the draft cannot be saved.
    Flushes; the caller's unit of work commits."""
    require_visible(session, user, young_person_id)
    note = _new_note(session, user, young_person_id, _checked(draft, now), now, amends=None)
    record_event(
        session,
        NOTE_ADDED,
        staff_user=user,
        young_person_id=young_person_id,
        ip_address=ip_address,
        note_id=note.id,
    )
    return note


def amend_note(
    session: Session,
    user: StaffUser,
    note_id: int,
    draft: NoteDraft,
    now: datetime,
    *,
    ip_address: str | None = None,
) -> Note:
    """Add a note that amends note `note_id`. Raises NotVisible unless `user`
    may see its young person, NoteRefused when the draft cannot be saved, and
    AlreadyAmended when someone amended it first (also at this same moment).
    Flushes; the caller's unit of work commits."""
    original = session.get(Note, note_id)
    if original is None:
        raise NotVisible(note_id)
    require_visible(session, user, original.young_person_id)
    checked = _checked(draft, now)
    _refuse_if_amended(session, note_id)
    try:
        with session.begin_nested():
            note = _new_note(session, user, original.young_person_id, checked, now, amends=original)
    except IntegrityError:
        _refuse_if_amended(session, note_id)
        raise
    record_event(
        session,
        NOTE_AMENDED,
        staff_user=user,
        young_person_id=original.young_person_id,
        ip_address=ip_address,
        note_id=note.id,
        amends_note_id=original.id,
    )
    return note


def amendment_of(session: Session, note_id: int) -> Note | None:
    """The note that amends note `note_id`, if there is one."""
    return session.scalar(
        select(Note).where(Note.amends_note_id == note_id).options(selectinload(Note.author))
    )


def _refuse_if_amended(session: Session, note_id: int) -> None:
    amendment = amendment_of(session, note_id)
    if amendment is not None:
        raise AlreadyAmended(amendment)


def _new_note(
    session: Session,
    user: StaffUser,
    young_person_id: int,
    draft: NoteDraft,
    now: datetime,
    *,
    amends: Note | None,
) -> Note:
    note = Note(
        young_person_id=young_person_id,
        author_id=user.id,
        summary=draft.summary,
        body=draft.body,
        event_at=draft.event_at,
        created_at=now,
        amends_note_id=amends.id if amends else None,
    )
    session.add(note)
    session.flush()
    return note

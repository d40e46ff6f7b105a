"""The notes on a young person's record: the list, a new note, and an
amendment (a new note linked to the one it corrects). The rules are in
`portal.services.records.notes`."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import Note, StaffRole, YoungPerson, utc_now
from portal.services.records.notes import (
    AlreadyAmended,
    NoteDraft,
    NoteRefused,
    add_note,
    amend_note,
    amendment_of,
    is_written_late,
    note_entries,
)
from portal.staff import staff_blueprint
from portal.staff.notes_forms import NOTE_PROBLEMS, NoteForm
from portal.staff.query_args import whole_number
from portal.staff.resolvers import staff_young_person

NOTES_PATH = "/young-people/<int:young_person_id>/notes"


@staff_blueprint.route(NOTES_PATH)
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def notes(young_person: YoungPerson) -> str:
    return render_template(
        "staff/notes.html",
        young_person=young_person,
        notes=note_entries(
            db.session,
            young_person.id,
            page=whole_number(request.args.get("page")) or 1,
            holding=whole_number(request.args.get("note")),
        ),
        page_url=lambda page: url_for("staff.notes", young_person_id=young_person.id, page=page),
    )


@staff_blueprint.route(NOTES_PATH + "/new", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def new_note(young_person: YoungPerson) -> str | Response:
    form = NoteForm()
    if form.validate_on_submit() and _saved(form, young_person=young_person):
        flash(_("Note added."))
        return redirect(url_for("staff.notes", young_person_id=young_person.id), 303)
    return render_template("staff/note_form.html", young_person=young_person, form=form)


@staff_blueprint.route(NOTES_PATH + "/<int:note_id>/amend", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def amend(young_person: YoungPerson, note: Note) -> str | Response:
    form = NoteForm()
    amended_by = amendment_of(db.session, note.id)
    if request.method == "GET":
        latest = amended_by or note
        form.fill_in(latest.summary, latest.event_at, latest.body)
    if form.validate_on_submit():
        try:
            if _saved(form, young_person=young_person, amends=note):
                flash(_("Note amended. The note it corrects stays on the record."))
                return redirect(url_for("staff.notes", young_person_id=young_person.id), 303)
        except AlreadyAmended as conflict:
            amended_by = conflict.amendment
            form.form_errors.append(
                _("Someone amended this note while you were writing. Read their amendment.")
            )
    return render_template(
        "staff/note_form.html",
        young_person=young_person,
        form=form,
        note=note,
        amended_by=amended_by,
        is_written_late=is_written_late,
    )


def _saved(form: NoteForm, *, young_person: YoungPerson, amends: Note | None = None) -> bool:
    """Save the form's note; False, with the problems on the form, if the rules refuse it."""
    assert form.event_at is not None  # a valid form has its time
    draft = NoteDraft(summary=form.summary.data, event_at=form.event_at, body=form.body.data)
    try:
        if amends is None:
            add_note(
                db.session,
                g.staff_user,
                young_person.id,
                draft,
                utc_now(),
                ip_address=request.remote_addr,
            )
        else:
            amend_note(
                db.session,
                g.staff_user,
                amends.id,
                draft,
                utc_now(),
                ip_address=request.remote_addr,
            )
    except NoteRefused as refused:
        for problem in refused.problems:
            name, message = NOTE_PROBLEMS[problem]
            form.mark_wrong(name, str(message))
        return False
    return True

""" "Write down an answer given by phone or on paper" on a record's Feedback
page. The rules are in `portal.services.feedback.taken_by_staff`; this
module offers the young person's contacts and held meetings and words the
outcome for staff.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import FeedbackChannel, FftAnswer, StaffRole, YoungPerson, utc_now
from portal.services.feedback.recording import new_form_token, remember_form
from portal.services.feedback.taken_by_staff import (
    EntryProblem,
    EntryRefused,
    TakenFeedback,
    file_feedback_taken_by_staff,
    meetings_to_choose,
)
from portal.services.records.urgent_alerts import UrgentSettings
from portal.staff import staff_blueprint
from portal.staff.feedback_forms import FeedbackEntryForm
from portal.staff.record_feedback import PATH, feedback_url
from portal.staff.resolvers import staff_young_person
from portal.template_filters import LABELS, long_date
from portal.timezones import london_today

ENTRY_PROBLEMS = {
    EntryProblem.NOTHING_GIVEN: ("fft_answer", _l("Choose their answer, or write what they said")),
    EntryProblem.TOO_LONG: ("comment", _l("Write 2000 characters or fewer in each box")),
    EntryProblem.NOT_THEIR_CONTACT: ("contact_id", _l("Choose who gave it")),
    EntryProblem.NOT_THEIR_MEETING: ("meeting_id", _l("Choose a meeting of this young person")),
    EntryProblem.CHANNEL: ("channel", _l("Choose how they gave it")),
    EntryProblem.IN_FUTURE: ("day", _l("The day they gave it cannot be in the future")),
    EntryProblem.TOO_OLD: ("day", _l("The day they gave it must be in the last year")),
}


def _offer(form: FeedbackEntryForm, young_person: YoungPerson) -> None:
    form.contact_id.choices = [
        (str(contact.id), f"{contact.name} ({LABELS[contact.relation]})")
        for contact in young_person.contacts
    ]
    form.meeting_id.choices = [("", _("Keyworker support in general"))] + [
        (str(meeting.id), f"{LABELS[meeting.kind]}, {long_date(meeting.starts_at.date())}")
        for meeting in meetings_to_choose(db.session, young_person.id)
    ]


def _taken(form: FeedbackEntryForm) -> TakenFeedback:
    assert form.answer is not None
    meeting = str(form.meeting_id.data or "")
    return TakenFeedback(
        contact_id=int(form.contact_id.data) if str(form.contact_id.data).isdigit() else 0,
        channel=FeedbackChannel(form.channel.data),
        given_on=form.answer,
        answer=FftAnswer(form.fft_answer.data) if form.fft_answer.data else None,
        comment=form.comment.data,
        improvement=form.improvement.data,
        meeting_id=int(meeting) if meeting.isdigit() else None,
        form_token=form.form_token.data or None,
    )


def _saved(young_person: YoungPerson, form: FeedbackEntryForm) -> Response | None:
    taken = _taken(form)
    try:
        filed = file_feedback_taken_by_staff(
            db.session,
            g.staff_user,
            young_person.id,
            taken,
            utc_now(),
            memory=session,
            alerts=UrgentSettings.from_config(current_app.config),
            ip_address=request.remote_addr,
        )
    except EntryRefused as refused:
        field, message = ENTRY_PROBLEMS[refused.problem]
        form[field].errors = [*form[field].errors, str(message)]
        return None
    if filed is None:
        flash(_("This answer was saved already. It was not saved again."))
        return redirect(url_for("staff.record_feedback", young_person_id=young_person.id), 303)
    remember_form(session, taken.form_token, filed.triage.flagged)
    flash(_("Saved on the record."))
    if filed.triage.flagged:
        flash(
            _(
                "What they said may mention risk. It is now an urgent item for the team:"
                " read it and act on it today."
            )
        )
    return redirect(feedback_url(young_person.id, filed.response), 303)


@staff_blueprint.route(PATH + "/add", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def feedback_entry(young_person: YoungPerson) -> str | Response:
    form = FeedbackEntryForm()
    _offer(form, young_person)
    if request.method == "GET":
        form.form_token.data = new_form_token()
        form.show_date(london_today())
    elif form.validate_on_submit():
        saved = _saved(young_person, form)
        if saved is not None:
            return saved
    return render_template("staff/feedback/entry.html", person=young_person, form=form)

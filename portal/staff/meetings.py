"""A young person's meetings from the record: schedule, change or move,
cancel, mark held, record the outcome, and confirm what was arranged for a
support request. The rules are in `portal.services.meetings.scheduling` and
`portal.services.meetings.outcome`; the page's content in
`portal.services.meetings.staff_page`."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import Meeting, StaffRole, YoungPerson, utc_now
from portal.services.actions.lists import meeting_actions
from portal.services.meetings.notices import notify_cancelled, notify_moved
from portal.services.meetings.outcome import (
    NotEasyRead,
    OutcomeDraft,
    OutcomeRefused,
    confirm_support,
    record_outcome,
)
from portal.services.meetings.scheduling import (
    MeetingConflict,
    MeetingRefused,
    cancel_meeting,
    change_meeting,
    details_of,
    mark_held,
    schedule_meeting,
)
from portal.services.meetings.staff_page import staff_meeting_page
from portal.staff import staff_blueprint
from portal.staff.meeting_reminders import (
    flash_outcomes,
    meeting_message_settings,
    reminder_days_words,
)
from portal.staff.meetings_forms import (
    MEETING_PROBLEMS,
    CancelForm,
    ConfirmSupportForm,
    HeldForm,
    MeetingForm,
    OutcomeForm,
    VersionedForm,
)
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

MEETINGS_PATH = "/young-people/<int:young_person_id>/meetings"
MEETING_PATH = MEETINGS_PATH + "/<int:meeting_id>"
WHO = (StaffRole.KEYWORKER, StaffRole.MANAGER)


def _page(template: str, **context: object) -> str:
    """A meeting page, with the record's banner (which needs London's today)."""
    return render_template(template, today=london_today(), **context)


def _to_meeting(meeting: Meeting) -> Response:
    return redirect(
        url_for("staff.meeting", young_person_id=meeting.young_person_id, meeting_id=meeting.id),
        303,
    )


def _show_refusal(form: VersionedForm, refused: MeetingRefused | OutcomeRefused) -> None:
    for problem in refused.problems:
        name, message = MEETING_PROBLEMS[problem]
        form.mark_wrong(name, str(message))


@staff_blueprint.route(MEETINGS_PATH + "/new", methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def new_meeting(young_person: YoungPerson) -> str | Response:
    form = MeetingForm()
    if form.validate_on_submit() and form.details is not None:
        try:
            meeting = schedule_meeting(
                db.session,
                young_person.id,
                form.details,
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except MeetingRefused as refused:
            _show_refusal(form, refused)
        else:
            flash(_("Meeting scheduled."))
            return _to_meeting(meeting)
    return _page("staff/meeting_form.html", person=young_person, form=form)


@staff_blueprint.route(MEETING_PATH)
@staff(*WHO)
@staff_young_person(shows_record=True)
def meeting(young_person: YoungPerson, meeting: Meeting) -> str:
    form = HeldForm()
    form.sequence.data = str(meeting.sequence)
    return _page(
        "staff/meeting.html",
        person=young_person,
        page=staff_meeting_page(db.session, meeting, london_today()),
        details=details_of(meeting),
        held_form=form,
        now=utc_now(),
        reminder_days=reminder_days_words(),
    )


@staff_blueprint.route(MEETING_PATH + "/edit", methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def edit_meeting(young_person: YoungPerson, meeting: Meeting) -> str | Response:
    form = MeetingForm()
    conflict: MeetingConflict | None = None
    if not form.is_submitted():
        form.fill(meeting)
    elif form.validate() and form.details is not None:
        try:
            changed = change_meeting(
                db.session,
                meeting,
                form.details,
                expected_sequence=form.expected_sequence(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except MeetingRefused as refused:
            _show_refusal(form, refused)
        except MeetingConflict as found:
            conflict = found
            form.sequence.data = str(found.sequence)
        else:
            _tell_family_of_change(meeting, changed)
            return _to_meeting(meeting)
    return _page(
        "staff/meeting_form.html",
        person=young_person,
        form=form,
        meeting=meeting,
        conflict=conflict,
        mine=form.details if conflict else None,
    )


def _tell_family_of_change(meeting: Meeting, changed: list[str]) -> None:
    if not changed:
        flash(_("Nothing was changed."))
    elif "starts_at" in changed:
        outcomes = notify_moved(db.session, meeting, utc_now(), meeting_message_settings())
        flash_outcomes(_("Meeting moved."), outcomes, quiet_when_empty=True)
    else:
        flash(_("Meeting changed."))


@staff_blueprint.route(MEETING_PATH + "/cancel", methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def cancel(young_person: YoungPerson, meeting: Meeting) -> str | Response:
    form = CancelForm()
    conflict: MeetingConflict | None = None
    if not form.is_submitted():
        form.sequence.data = str(meeting.sequence)
    elif form.validate():
        try:
            cancel_meeting(
                db.session,
                meeting,
                form.reason.data or "",
                expected_sequence=form.expected_sequence(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except MeetingRefused as refused:
            _show_refusal(form, refused)
        except MeetingConflict as found:
            conflict = found
            form.sequence.data = str(found.sequence)
        else:
            flash_outcomes(
                _("Meeting cancelled. The family's page and calendar file say so."),
                notify_cancelled(db.session, meeting, utc_now(), meeting_message_settings()),
                quiet_when_empty=True,
            )
            return _to_meeting(meeting)
    return _page(
        "staff/meeting_cancel.html",
        person=young_person,
        form=form,
        meeting=meeting,
        conflict=conflict,
    )


@staff_blueprint.route(MEETING_PATH + "/held", methods=["POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def meeting_held(young_person: YoungPerson, meeting: Meeting) -> Response:
    form = HeldForm()
    if not form.validate():
        abort(400)
    try:
        mark_held(
            db.session,
            meeting,
            expected_sequence=form.expected_sequence(),
            now=utc_now(),
            by=g.staff_user,
            ip_address=request.remote_addr,
        )
    except MeetingRefused as refused:
        flash(" ".join(str(MEETING_PROBLEMS[p][1]) for p in refused.problems))
    except MeetingConflict:
        flash(_("Someone changed this meeting since you opened it. Check it and try again."))
    else:
        flash(_("Meeting marked as held. Now record the outcome."))
    return _to_meeting(meeting)


@staff_blueprint.route(MEETING_PATH + "/outcome", methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def meeting_outcome(young_person: YoungPerson, meeting: Meeting) -> str | Response:
    form = OutcomeForm()
    conflict: MeetingConflict | None = None
    if not form.is_submitted():
        form.fill(meeting)
    elif form.validate():
        draft = OutcomeDraft(
            outcome=form.outcome.data or "",
            family_outcome=form.family_outcome.data or "",
            actions=form.action_drafts(),
        )
        try:
            record_outcome(
                db.session,
                meeting,
                draft,
                save_anyway=bool(form.save_anyway.data),
                expected_sequence=form.expected_sequence(),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except (OutcomeRefused, MeetingRefused) as refused:
            _show_refusal(form, refused)
        except NotEasyRead as not_yet:
            form.easy_read_reviews["family_outcome"] = not_yet.review
            form.family_outcome.errors = [_("Make this easier to read before saving it")]
        except MeetingConflict as found:
            conflict = found
            form.sequence.data = str(found.sequence)
        else:
            flash(_("Outcome saved. The family can read it on their meeting page."))
            return _to_meeting(meeting)
    return _page(
        "staff/meeting_outcome.html",
        person=young_person,
        form=form,
        meeting=meeting,
        conflict=conflict,
        saved_actions=meeting_actions(db.session, meeting.id, london_today()),
    )


@staff_blueprint.route(MEETING_PATH + "/confirm", methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def confirm(young_person: YoungPerson, meeting: Meeting) -> str | Response:
    form = ConfirmSupportForm()
    page = staff_meeting_page(db.session, meeting)
    # The request is in the address, which the form posts back to.
    wanted = request.args.get("request", "")
    support = next((s for s in page.support_requests if str(s.id) == wanted), None)
    if support is None:
        abort(404)
    if not form.is_submitted():
        saved = page.confirmations.get(support.id)
        form.text.data = saved.text if saved else ""
    elif form.validate():
        try:
            confirm_support(
                db.session,
                meeting,
                support.id,
                form.text.data or "",
                save_anyway=bool(form.save_anyway.data),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except OutcomeRefused as refused:
            form.text.errors = [str(MEETING_PROBLEMS[p][1]) for p in refused.problems]
        except NotEasyRead as not_yet:
            form.easy_read_reviews["text"] = not_yet.review
            form.text.errors = [_("Make this easier to read before saving it")]
        else:
            flash(_("Sent. The family's meeting page shows what you arranged."))
            return _to_meeting(meeting)
    return _page(
        "staff/meeting_confirm.html",
        person=young_person,
        form=form,
        meeting=meeting,
        support=support,
    )

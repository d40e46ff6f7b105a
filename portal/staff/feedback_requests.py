""" "Ask for feedback now" on the record (about keyworker support) and on a
held meeting's page ("Ask for feedback about this meeting").

The rules are in `portal.services.feedback.requests`; this module builds
their settings from the app's config and words the outcome for staff, one
line for each contact, like "Send a reminder now".
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.i18n import translator_for
from portal.models import Channel, Meeting, StaffRole, YoungPerson, utc_now
from portal.services.feedback.requests import (
    FeedbackRequestSettings,
    NotAsked,
    RequestOutcome,
    RequestRefused,
    ask_family,
)
from portal.staff import staff_blueprint
from portal.staff.forms import ConfirmForm
from portal.staff.meeting_reminders import MEETING_PATH
from portal.staff.resolvers import staff_young_person

NOT_ASKED_FOR_STAFF = {
    NotAsked.ALREADY_OPEN: _l(
        "not asked again: they were asked already, and can answer until the request expires"
    ),
    NotAsked.NO_PORTAL_ACCESS: _l(
        "not asked: they cannot use the portal (access is off, or they may not see it)"
    ),
    NotAsked.DOES_NOT_WANT_MESSAGES: _l(
        "not asked: the choice about getting text messages and emails is no"
    ),
    NotAsked.NO_CHECKED_ADDRESS: _l("not asked: no checked mobile number or email address"),
    NotAsked.OPTED_OUT: _l(
        "not asked: their number replied STOP to our texts, and they have no checked email address"
    ),
}


def outcome_line(outcome: RequestOutcome) -> str:
    """ "Sam Sample: asked by text message", in staff words."""
    if outcome.channel is Channel.SMS:
        what = _("asked by text message")
    elif outcome.channel is Channel.EMAIL:
        what = _("asked by email")
    else:
        what = str(NOT_ASKED_FOR_STAFF[outcome.not_asked or NotAsked.NO_CHECKED_ADDRESS])
    return _("%(name)s: %(what)s", name=outcome.contact_name, what=what)


def _ask(young_person: YoungPerson, meeting: Meeting | None) -> None:
    if not ConfirmForm().validate():
        flash(_("Nobody was asked. Try again."))
        return
    settings = FeedbackRequestSettings.from_config(current_app.config, translator_for)
    try:
        outcomes = ask_family(
            db.session,
            young_person.id,
            meeting=meeting,
            now=utc_now(),
            settings=settings,
            requested_by=g.staff_user,
        )
    except RequestRefused:
        flash(_("Nobody was asked: feedback about a meeting is asked for once it is held."))
        return
    sent = sum(1 for outcome in outcomes if outcome.sent)
    flash(_("Asked %(count)d of %(total)d people for feedback.", count=sent, total=len(outcomes)))
    if not outcomes:
        flash(_("Nobody is set up for the portal for this young person."))
    for outcome in outcomes:
        flash(outcome_line(outcome))


@staff_blueprint.route("/young-people/<int:young_person_id>/ask-for-feedback", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def ask_for_feedback(young_person: YoungPerson) -> Response:
    _ask(young_person, None)
    return redirect(
        url_for("staff.record", young_person_id=young_person.id, _anchor="contacts"), 303
    )


@staff_blueprint.route(MEETING_PATH + "/ask-for-feedback", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def ask_for_meeting_feedback(young_person: YoungPerson, meeting: Meeting) -> Response:
    _ask(young_person, meeting)
    return redirect(
        url_for("staff.meeting", young_person_id=young_person.id, meeting_id=meeting.id), 303
    )

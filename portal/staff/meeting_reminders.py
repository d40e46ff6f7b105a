""" "Send a reminder now" on a staff meeting page, and what the staff pages
say about the messages a meeting's change sends to the family.

The rules are in `portal.services.meetings.reminders` and `.notices`; this
module builds their settings from the app's config and words the outcome
for staff: who was sent what, and who could not be reached and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.i18n import translator_for
from portal.models import Channel, Meeting, StaffRole, YoungPerson, utc_now
from portal.services.meetings.meeting_messages import (
    ContactOutcome,
    MeetingMessageSettings,
    Unreachable,
)
from portal.services.meetings.reminders import NotRemindable, ReminderRefused, remind_now
from portal.staff import staff_blueprint
from portal.staff.meetings_forms import HeldForm
from portal.staff.resolvers import staff_young_person

MEETING_PATH = "/young-people/<int:young_person_id>/meetings/<int:meeting_id>"

UNREACHABLE_FOR_STAFF = {
    Unreachable.NO_PORTAL_ACCESS: _l(
        "not sent: they cannot use the portal (access is off, or they may not see it)"
    ),
    Unreachable.DOES_NOT_WANT_MESSAGES: _l(
        "not sent: the choice about getting text messages and emails is no"
    ),
    Unreachable.NO_CHECKED_ADDRESS: _l("not sent: no checked mobile number or email address"),
    Unreachable.OPTED_OUT: _l(
        "not sent: their number replied STOP to our texts, and they have no checked email address"
    ),
    Unreachable.ALREADY_SENT: _l("not sent again: they were sent this reminder today"),
    Unreachable.SAID_CANNOT_COME: _l("not sent: they said they cannot come"),
}

NOT_REMINDABLE_FOR_STAFF = {
    NotRemindable.CANCELLED: _l("No reminder sent: the meeting is cancelled."),
    NotRemindable.HELD: _l("No reminder sent: the meeting has been held."),
    NotRemindable.STARTED: _l("No reminder sent: the meeting has already started."),
}


def meeting_message_settings() -> MeetingMessageSettings:
    return MeetingMessageSettings.from_config(current_app.config, translator_for)


def reminder_days_words() -> str:
    """ "7 days and 1 day", from MEETING_REMINDER_DAYS."""
    days = meeting_message_settings().reminder_days
    if not days:
        return _("never")
    parts = [ngettext("%(num)d day", "%(num)d days", d) for d in days]
    return (
        " ".join(parts)
        if len(parts) == 1
        else _("%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1])
    )


def outcome_line(outcome: ContactOutcome) -> str:
    """ "Sam Sample: sent by text message", in staff words."""
    if outcome.channel is Channel.SMS:
        what = _("sent by text message")
    elif outcome.channel is Channel.EMAIL:
        what = _("sent by email")
    else:
        what = str(UNREACHABLE_FOR_STAFF[outcome.unreachable or Unreachable.NO_CHECKED_ADDRESS])
    return _("%(name)s: %(what)s", name=outcome.contact_name, what=what)


def flash_outcomes(
    heading: str, outcomes: Sequence[ContactOutcome], *, quiet_when_empty: bool = False
) -> None:
    """The heading, then one line for each contact."""
    flash(heading)
    if not outcomes and not quiet_when_empty:
        flash(_("Nobody is set up for the portal for this young person."))
    for outcome in outcomes:
        flash(outcome_line(outcome))


def _to_meeting(meeting: Meeting) -> Response:
    return redirect(
        url_for("staff.meeting", young_person_id=meeting.young_person_id, meeting_id=meeting.id),
        303,
    )


@staff_blueprint.route(MEETING_PATH + "/remind", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def send_reminder(young_person: YoungPerson, meeting: Meeting) -> Response:
    form = HeldForm()
    if not form.validate():
        flash(_("The reminder was not sent. Try again."))
        return _to_meeting(meeting)
    if form.expected_sequence() != meeting.sequence:
        flash(_("Someone changed this meeting since you opened it. Check it and try again."))
        return _to_meeting(meeting)
    try:
        outcomes = remind_now(db.session, meeting, utc_now(), meeting_message_settings())
    except ReminderRefused as refused:
        flash(str(NOT_REMINDABLE_FOR_STAFF[refused.reason]))
    else:
        sent = sum(1 for outcome in outcomes if outcome.sent)
        heading = _(
            "Reminder sent to %(count)d of %(total)d people.", count=sent, total=len(outcomes)
        )
        flash_outcomes(heading, outcomes)
    return _to_meeting(meeting)

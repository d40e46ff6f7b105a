"""One thing a family sent, from the record: its status and who handled it,
a reply the family reads in the portal, and "Mark as dealt with" for an item
that needs no reply. The rules are in `portal.services.records.family_replies`
and `portal.services.records.handling`.

Any keyworker or manager who may see the record may reply or mark an item
dealt with (the resolver's need-to-know check). Urgent items are
acknowledged with what was done, on the urgent page.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.i18n import translator_for
from portal.models import (
    Contact,
    FamilyInputNotice,
    FamilyReply,
    StaffRole,
    YoungPerson,
    utc_now,
)
from portal.services.conversations.portal_messages import tell_family_of_reply
from portal.services.meetings.outcome import NotEasyRead
from portal.services.messaging.to_families import FamilyMessageSettings, NotSent
from portal.services.records.family_input import family_input_item
from portal.services.records.family_replies import ReplyProblem, ReplyRefused, reply_to_family
from portal.services.records.handling import AlreadyDealtWith, NoteTooLong, mark_dealt_with
from portal.services.records.urgent import may_acknowledge
from portal.staff import staff_blueprint
from portal.staff.family_reply_forms import DealtWithForm, ReplyForm
from portal.staff.resolvers import staff_young_person

Page = tuple[str, int]
NOTICE_PATH = "/young-people/<int:young_person_id>/from-the-family/<int:notice_id>"

REPLY_PROBLEMS = {
    ReplyProblem.MISSING: _l("Enter your reply"),
    ReplyProblem.TOO_LONG: _l("Your reply is too long"),
    ReplyProblem.CONTACT_REMOVED: _l(
        "This person was removed from the record, so they cannot read a reply"
    ),
}

# Why the family was not told of a reply (to_families.NotSent), for staff.
NOT_TOLD = {
    NotSent.NO_PORTAL_ACCESS: _l("their portal access is off"),
    NotSent.DOES_NOT_WANT_MESSAGES: _l("they chose not to get text messages or emails"),
    NotSent.NO_USABLE_ADDRESS: _l("there is no checked mobile number or email they can get"),
    NotSent.ALREADY_QUEUED: _l("a message about this reply was already sent"),
}


@staff_blueprint.route(NOTICE_PATH + "/reply", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def family_reply(young_person: YoungPerson, notice: FamilyInputNotice) -> str | Response:
    form = ReplyForm()
    if form.validate_on_submit():
        now = utc_now()
        try:
            reply, _review = reply_to_family(
                db.session,
                notice,
                form.text.data or "",
                g.staff_user,
                now,
                save_anyway=bool(form.save_anyway.data),
                ip_address=request.remote_addr,
            )
        except ReplyRefused as refused:
            form.text.errors = [str(REPLY_PROBLEMS[refused.problem])]
        except NotEasyRead as not_yet:
            form.easy_read_reviews["text"] = not_yet.review
            form.text.errors = [_("Make this easier to read before saving it")]
        else:
            _tell_family(reply, now)
            return _to_record(young_person)
    return _page(young_person, notice, form, DealtWithForm(formdata=None), main=form)


@staff_blueprint.route(NOTICE_PATH + "/dealt-with", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def family_dealt_with(
    young_person: YoungPerson, notice: FamilyInputNotice
) -> str | Response | Page:
    """The same page as the reply, its "Mark as dealt with" form submitted.
    A second "dealt with" is refused (409) with the first one shown."""
    if notice.urgent:
        return redirect(
            url_for("staff.acknowledge", young_person_id=young_person.id, notice_id=notice.id), 303
        )
    form = DealtWithForm()
    if form.validate_on_submit():
        try:
            mark_dealt_with(
                db.session,
                notice,
                g.staff_user,
                form.note.data,
                utc_now(),
                ip_address=request.remote_addr,
            )
        except NoteTooLong:
            form.note.errors = [_("The note is too long")]
        except AlreadyDealtWith as first:
            flash(
                _(
                    "%(name)s marked this as dealt with first. What you entered was not saved.",
                    name=first.done.acknowledged_by.name,
                )
            )
            return _page(young_person, notice, ReplyForm(formdata=None), form, main=form), 409
        else:
            flash(_("Marked as dealt with."))
            return _to_record(young_person)
    return _page(young_person, notice, ReplyForm(formdata=None), form, main=form)


def _tell_family(reply: FamilyReply, now: datetime) -> None:
    """Queue "you have a new message" (no content) by their preferred channel."""
    contact = db.session.get(Contact, reply.contact_id)
    told = tell_family_of_reply(
        db.session,
        reply,
        now,
        FamilyMessageSettings.from_config(current_app.config),
        translator_for(contact.preferred_language if contact else None),
    )
    if told.queued:
        flash(
            _(
                "Reply sent. The family can read it on their Messages page in the portal. "
                "They will get a message to say there is something new."
            )
        )
    else:
        flash(
            _(
                "Reply sent. The family can read it on their Messages page in the portal. "
                "They were not sent a message about it (%(why)s).",
                why=NOT_TOLD[told.not_sent] if told.not_sent else "",
            )
        )


def _to_record(young_person: YoungPerson) -> Response:
    return redirect(
        url_for("staff.record", young_person_id=young_person.id) + "#from-the-family", 303
    )


def _page(
    young_person: YoungPerson,
    notice: FamilyInputNotice,
    reply_form: ReplyForm,
    dealt_with_form: DealtWithForm,
    *,
    main: ReplyForm | DealtWithForm,
) -> str:
    item = family_input_item(db.session, notice)
    return render_template(
        "staff/family_reply.html",
        person=young_person,
        item=item,
        form=main,
        reply_form=reply_form,
        dealt_with_form=dealt_with_form,
        may_acknowledge=may_acknowledge(db.session, g.staff_user, young_person),
        dealt_with_first=isinstance(main, DealtWithForm),
    )

"""Family sign-in from the record: send a contact an invitation (a link), and
the reasonable adjustment that skips the date of birth check."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.access import staff
from portal.extensions import db
from portal.models import Channel, Contact, StaffRole, utc_now
from portal.services.access.identity_check import (
    REASON_MAX_LENGTH,
    record_identity_check_skip,
    remove_identity_check_skip,
)
from portal.services.access.links import (
    ContactNotFound,
    InvitationRefused,
    LinkSettings,
    invite_contact,
    lifetime_words,
    visible_contact,
)
from portal.staff import staff_blueprint
from portal.timezones import london_today

CONTACT_PATH = "/young-people/<int:young_person_id>/contacts/<int:contact_id>"


def _back_to_record(young_person_id: int) -> Response:
    return redirect(
        url_for("staff.record", young_person_id=young_person_id) + "#family-sign-in", 303
    )


@staff_blueprint.route(CONTACT_PATH + "/invite", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def invite(young_person_id: int, contact_id: int) -> Response:
    settings = LinkSettings.from_config(current_app.config)
    try:
        issued = invite_contact(
            db.session,
            contact_id,
            utc_now(),
            london_today(),
            settings,
            by=g.staff_user,
            young_person_id=young_person_id,
            ip_address=request.remote_addr,
        )
    except ContactNotFound:
        abort(404)
    except InvitationRefused:
        contact = db.session.get(Contact, contact_id)
        flash(
            _(
                "We did not send %(name)s a link: the portal rules do not let them see it "
                "today. Check their portal access and consent.",
                name=contact.name if contact else "",
            )
        )
        return _back_to_record(young_person_id)
    how = _("by text message") if issued.link.channel is Channel.SMS else _("by email")
    flash(
        _(
            "We sent %(name)s a link %(how)s. It works for %(lifetime)s.",
            name=issued.link.contact.name,
            how=how,
            lifetime=lifetime_words(settings.invitation_lifetime),
        )
    )
    return _back_to_record(young_person_id)


class SkipIdentityCheckForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the adjustment"),
        validators=[
            DataRequired(_l("Enter the reason for the adjustment")),
            Length(
                max=REASON_MAX_LENGTH,
                message=_l("The reason must be %(max)d characters or fewer", max=REASON_MAX_LENGTH),
            ),
        ],
    )


@staff_blueprint.route(CONTACT_PATH + "/skip-date-of-birth-check", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def skip_identity_check(young_person_id: int, contact_id: int) -> str | Response:
    try:
        contact = visible_contact(db.session, g.staff_user, young_person_id, contact_id)
    except ContactNotFound:
        abort(404)
    form = SkipIdentityCheckForm()
    if form.validate_on_submit():
        record_identity_check_skip(
            db.session,
            young_person_id,
            contact_id,
            form.reason.data or "",
            utc_now(),
            by=g.staff_user,
            ip_address=request.remote_addr,
        )
        flash(_("%(name)s will not be asked the date of birth.", name=contact.name))
        return _back_to_record(young_person_id)
    return render_template("staff/skip_identity_check.html", form=form, contact=contact)


@staff_blueprint.route(CONTACT_PATH + "/ask-date-of-birth", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def ask_date_of_birth_again(young_person_id: int, contact_id: int) -> Response:
    try:
        contact = remove_identity_check_skip(
            db.session,
            young_person_id,
            contact_id,
            by=g.staff_user,
            ip_address=request.remote_addr,
        )
    except ContactNotFound:
        abort(404)
    flash(_("%(name)s will be asked the date of birth again.", name=contact.name))
    return _back_to_record(young_person_id)

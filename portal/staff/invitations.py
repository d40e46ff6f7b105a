"""Family sign-in from the record: send a contact an invitation (a link, only
to a verified address), and the reasonable adjustment that skips the date of
birth check."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.i18n import translator_for
from portal.models import Channel, Contact, StaffRole, YoungPerson, utc_now
from portal.services.access.identity_check import (
    record_identity_check_skip,
    remove_identity_check_skip,
)
from portal.services.access.invitations import (
    ADDRESS_NOT_VERIFIED,
    InvitationRefused,
    invite_contact,
)
from portal.services.access.link_messages import lifetime_words
from portal.services.access.links import LinkSettings
from portal.staff import staff_blueprint
from portal.staff.forms import SkipIdentityCheckForm
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

CONTACT_PATH = "/young-people/<int:young_person_id>/contacts/<int:contact_id>"


def _back_to_record(young_person: YoungPerson) -> Response:
    return redirect(
        url_for("staff.record", young_person_id=young_person.id) + "#family-sign-in", 303
    )


@staff_blueprint.route(CONTACT_PATH + "/invite", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def invite(young_person: YoungPerson, contact: Contact) -> Response:
    settings = LinkSettings.from_config(current_app.config)
    try:
        issued = invite_contact(
            db.session,
            contact,
            utc_now(),
            london_today(),
            settings,
            by=g.staff_user,
            translator_for=translator_for,
            ip_address=request.remote_addr,
        )
    except InvitationRefused as refused:
        flash(_refusal_words(refused, contact))
        return _back_to_record(young_person)
    how = _("by text message") if issued.link.channel is Channel.SMS else _("by email")
    flash(
        _(
            "We sent %(name)s a link %(how)s. It works for %(lifetime)s.",
            name=contact.name,
            how=how,
            lifetime=lifetime_words(settings.invitation_lifetime, translator_for()),
        )
    )
    return _back_to_record(young_person)


def _refusal_words(refused: InvitationRefused, contact: Contact) -> str:
    if refused.reason != ADDRESS_NOT_VERIFIED:
        return _(
            "We did not send %(name)s a link: the portal rules do not let them see it "
            "today. Check their portal access and consent.",
            name=contact.name,
        )
    if contact.preferred_channel is Channel.SMS:
        return _(
            "We did not send %(name)s a link: this mobile number is not verified. "
            "Check it with them, then mark it verified.",
            name=contact.name,
        )
    return _(
        "We did not send %(name)s a link: this email address is not verified. "
        "Check it with them, then mark it verified.",
        name=contact.name,
    )


@staff_blueprint.route(CONTACT_PATH + "/skip-date-of-birth-check", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def skip_identity_check(young_person: YoungPerson, contact: Contact) -> str | Response:
    form = SkipIdentityCheckForm()
    if form.validate_on_submit():
        record_identity_check_skip(
            db.session,
            contact,
            form.reason.data or "",
            utc_now(),
            by=g.staff_user,
            ip_address=request.remote_addr,
        )
        flash(_("%(name)s will not be asked the date of birth.", name=contact.name))
        return _back_to_record(young_person)
    return render_template("staff/skip_identity_check.html", form=form, contact=contact)


@staff_blueprint.route(CONTACT_PATH + "/ask-date-of-birth", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def ask_date_of_birth_again(young_person: YoungPerson, contact: Contact) -> Response:
    remove_identity_check_skip(db.session, contact, by=g.staff_user, ip_address=request.remote_addr)
    flash(_("%(name)s will be asked the date of birth again.", name=contact.name))
    return _back_to_record(young_person)

"""Staff end a contact's portal sessions, or switch their access off, from the
record. Both take effect at once on every device."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import Contact, StaffRole, YoungPerson
from portal.services.access.family_sessions import end_all_sessions, switch_off_portal_access
from portal.staff import staff_blueprint
from portal.staff.forms import ConfirmForm
from portal.staff.resolvers import staff_young_person

CONTACT_PATH = "/young-people/<int:young_person_id>/contacts/<int:contact_id>"


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _back_to_record(young_person: YoungPerson) -> Response:
    return redirect(
        url_for("staff.record", young_person_id=young_person.id) + "#family-sign-in", 303
    )


@staff_blueprint.route(CONTACT_PATH + "/end-sessions", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def end_contact_sessions(young_person: YoungPerson, contact: Contact) -> Response:
    _confirmed()
    ended = end_all_sessions(db.session, contact, by=g.staff_user, ip_address=request.remote_addr)
    flash(_("%(name)s is signed out on every device (%(count)d).", name=contact.name, count=ended))
    return _back_to_record(young_person)


@staff_blueprint.route(CONTACT_PATH + "/switch-off", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def switch_off_contact_access(young_person: YoungPerson, contact: Contact) -> Response:
    _confirmed()
    switch_off_portal_access(db.session, contact, by=g.staff_user, ip_address=request.remote_addr)
    flash(_("Portal access is off for %(name)s. They are signed out.", name=contact.name))
    return _back_to_record(young_person)

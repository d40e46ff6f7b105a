"""Marking a contact's mobile number or email address verified, from the
record. Sign-in links go only to verified addresses
(`portal.services.access.verification`)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import Channel, Contact, StaffRole, VerificationMethod, YoungPerson, utc_now
from portal.phone import for_display
from portal.services.access.addresses import address_of, is_verified
from portal.services.access.verification import mark_address_verified
from portal.staff import staff_blueprint
from portal.staff.forms import VERIFICATION_METHODS, VerifyAddressForm
from portal.staff.invitations import CONTACT_PATH
from portal.staff.resolvers import staff_young_person


@staff_blueprint.route(CONTACT_PATH + "/verify-mobile", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def verify_mobile(young_person: YoungPerson, contact: Contact) -> str | Response:
    return _verify(young_person, contact, Channel.SMS)


@staff_blueprint.route(CONTACT_PATH + "/verify-email", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def verify_email(young_person: YoungPerson, contact: Contact) -> str | Response:
    return _verify(young_person, contact, Channel.EMAIL)


def _verify(young_person: YoungPerson, contact: Contact, channel: Channel) -> str | Response:
    address = address_of(contact, channel)
    if address is None:
        abort(404)
    shown = for_display(address) if channel is Channel.SMS else address
    form = VerifyAddressForm()
    form.method.choices = [
        (method.value, str(words)) for method, words in VERIFICATION_METHODS[channel].items()
    ]
    if form.validate_on_submit():
        mark_address_verified(
            db.session,
            contact,
            channel,
            VerificationMethod(form.method.data),
            utc_now(),
            by=g.staff_user,
            note=form.note.data,
            ip_address=request.remote_addr,
        )
        flash(_("%(address)s is verified. Sign-in links can go to it now.", address=shown))
        return redirect(_on_the_record(young_person), 303)
    return render_template(
        "staff/verify_address.html",
        form=form,
        contact=contact,
        channel=channel,
        address=shown,
        verified=is_verified(contact, channel),
        back=_on_the_record(young_person),
    )


def _on_the_record(young_person: YoungPerson) -> str:
    return url_for("staff.record", young_person_id=young_person.id) + "#family-sign-in"

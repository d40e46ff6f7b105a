"""A young person's contacts from the record: add, edit and remove. The
rules are in `portal.services.records.contacts`; switching access off and
ending sessions from the record are `portal.staff.contact_sessions`."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import Contact, StaffRole, YoungPerson, utc_now
from portal.services.records.contacts import (
    ContactConflict,
    ContactRefused,
    add_contact,
    contact_fields_of,
    remove_contact,
    save_contact,
)
from portal.staff import staff_blueprint
from portal.staff.contact_forms import AUTHORITY_LABELS, SCOPE_LABELS, ContactForm
from portal.staff.forms import ConfirmForm
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

CONTACTS_PATH = "/young-people/<int:young_person_id>/contacts"
CONTACT_PATH = CONTACTS_PATH + "/<int:contact_id>"


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return 0  # no version: refused as a conflict, and the saved version shown


def _back_to_record(young_person: YoungPerson) -> Response:
    return redirect(url_for("staff.record", young_person_id=young_person.id) + "#contacts", 303)


def _page(form: ContactForm, person: YoungPerson, **context: object) -> str:
    return render_template(
        "staff/contact_form.html",
        form=form,
        person=person,
        today=london_today(),
        authority_labels=AUTHORITY_LABELS,
        scope_labels=SCOPE_LABELS,
        **context,
    )


@staff_blueprint.route(CONTACTS_PATH + "/new", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def new_contact(young_person: YoungPerson) -> str | Response:
    form = ContactForm()
    if form.validate_on_submit():
        wanted = form.wanted()
        if wanted is None:
            abort(400)
        try:
            contact = add_contact(
                db.session,
                young_person,
                wanted,
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except ContactRefused as refused:
            form.show_problems(refused.problems)
        else:
            flash(_("%(name)s is added to the contacts.", name=contact.name))
            return _back_to_record(young_person)
    return _page(form, young_person, contact=None)


@staff_blueprint.route(CONTACT_PATH, methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def edit_contact(young_person: YoungPerson, contact: Contact) -> str | Response:
    if contact.removed_at is not None:
        abort(404)
    form = ContactForm()
    conflict: ContactConflict | None = None
    if not form.is_submitted():
        form.fill(contact_fields_of(contact), contact.version)
    elif form.validate():
        wanted = form.wanted()
        if wanted is None:
            abort(400)
        addresses_before = (contact.mobile_e164, contact.email)
        try:
            changed = save_contact(
                db.session,
                contact,
                wanted,
                expected_version=_int(form.version.data),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except ContactRefused as refused:
            form.show_problems(refused.problems)
        except ContactConflict as found:
            conflict = found
            form.version.data = str(found.version)
        else:
            _flash_saved(contact, changed, addresses_before)
            return _back_to_record(young_person)
    return _page(
        form,
        young_person,
        contact=contact,
        conflict=conflict,
        saved=asdict(conflict.saved) if conflict else None,
        mine=asdict(form.wanted() or conflict.saved) if conflict else None,
    )


def _flash_saved(
    contact: Contact, changed: list[str], before: tuple[str | None, str | None]
) -> None:
    if not changed:
        flash(_("Nothing was changed."))
        return
    flash(_("Contact details saved for %(name)s.", name=contact.name))
    if "mobile" in changed and before[0] and contact.mobile_e164:
        flash(_("The mobile number changed, so it is not verified now. Check it with them."))
    if "email" in changed and before[1] and contact.email:
        flash(_("The email address changed, so it is not verified now. Check it with them."))


@staff_blueprint.route(CONTACT_PATH + "/remove", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def remove_contact_page(young_person: YoungPerson, contact: Contact) -> str | Response:
    if contact.removed_at is not None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        remove_contact(
            db.session, contact, now=utc_now(), by=g.staff_user, ip_address=request.remote_addr
        )
        flash(
            _(
                "%(name)s is removed from the contacts. They cannot use the portal.",
                name=contact.name,
            )
        )
        return _back_to_record(young_person)
    return render_template(
        "staff/contact_remove.html",
        form=form,
        person=young_person,
        contact=contact,
        today=london_today(),
    )

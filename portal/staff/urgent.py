"""Acknowledging an urgent item from the record: who dealt with it and what
they did (`portal.services.records.urgent`)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import (
    FamilyInputNotice,
    StaffRole,
    StaffUser,
    UrgentAcknowledgement,
    UrgentAction,
    YoungPerson,
    utc_now,
)
from portal.services.access.staff import StaffAccess
from portal.services.records.urgent import (
    AlreadyAcknowledged,
    acknowledge_urgent,
    acknowledgement_of,
    may_acknowledge,
)
from portal.staff import staff_blueprint
from portal.staff.forms import URGENT_ACTIONS, AcknowledgeUrgentForm
from portal.staff.resolvers import staff_young_person

Page = tuple[str, int]
NOTICE_PATH = "/young-people/<int:young_person_id>/urgent/<int:notice_id>"


def _may_acknowledge_notice(user: StaffUser, access: StaffAccess) -> bool:
    """Only an urgent notice: any other answers 404, as for no notice."""
    notice: FamilyInputNotice = access.rows["notice"]
    return notice.urgent and may_acknowledge(db.session, user, access.young_person)


@staff_blueprint.route(NOTICE_PATH, methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True, only_if=_may_acknowledge_notice)
def acknowledge(young_person: YoungPerson, notice: FamilyInputNotice) -> str | Response | Page:
    """The form, or who dealt with it and what they did once someone has. A
    save that comes second is refused (409) with the first one shown."""
    form = AcknowledgeUrgentForm()
    form.action.choices = [(action.value, str(words)) for action, words in URGENT_ACTIONS.items()]
    done = acknowledgement_of(db.session, notice.id)
    if done is not None:
        return _page(young_person, notice, form, done), 409 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            acknowledge_urgent(
                db.session,
                notice,
                g.staff_user,
                UrgentAction(form.action.data),
                form.detail.data,
                utc_now(),
                ip_address=request.remote_addr,
            )
        except AlreadyAcknowledged as already:
            return _page(young_person, notice, form, already.acknowledgement), 409
        flash(_("You recorded what you did. It is no longer in Needs you now."))
        return redirect(url_for("staff.record", young_person_id=young_person.id), 303)
    return _page(young_person, notice, form, done)


def _page(
    young_person: YoungPerson,
    notice: FamilyInputNotice,
    form: AcknowledgeUrgentForm,
    done: UrgentAcknowledgement | None,
) -> str:
    return render_template(
        "staff/acknowledge_urgent.html",
        young_person=young_person,
        notice=notice,
        form=form,
        done=done,
        actions=URGENT_ACTIONS,
    )

"""The read-only record of one young person."""

from __future__ import annotations

from flask import g, render_template, request

from portal.access import staff
from portal.extensions import db
from portal.models import StaffRole, YoungPerson, utc_now
from portal.services.allocation.cover import cover_list
from portal.services.allocation.team import is_manager_of
from portal.services.records.record import view_record
from portal.services.records.record_messages import record_messages
from portal.services.records.risk_rating import risk_rating_history
from portal.services.records.urgent import may_acknowledge
from portal.staff import staff_blueprint
from portal.staff.forms import VERIFICATION_METHODS
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

# How many messages the record shows; the rest are a page of their own.
RECORD_SHOWS = 5


@staff_blueprint.route("/young-people/<int:young_person_id>")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def record(young_person: YoungPerson) -> str:
    record = view_record(
        db.session,
        g.staff_user,
        young_person.id,
        utc_now(),
        every_past_meeting=request.args.get("past-meetings") == "all",
    )
    today = london_today()
    return render_template(
        "staff/record.html",
        record=record,
        today=today,
        cover_now=cover_list(db.session, young_person.id, today).current,
        may_allocate=is_manager_of(g.staff_user, young_person),
        may_acknowledge=may_acknowledge(db.session, g.staff_user, young_person),
        verification_methods=VERIFICATION_METHODS,
        risk_rating_history=risk_rating_history(db.session, young_person.id),
        record_messages=record_messages(db.session, young_person.id, per_page=RECORD_SHOWS),
    )

"""The caseload: the young people this member of staff supports."""

from __future__ import annotations

from flask import g, render_template

from portal.access import staff
from portal.extensions import db
from portal.models import StaffRole, utc_now
from portal.services.records.caseload import caseload_for
from portal.staff import staff_blueprint
from portal.timezones import london_today


@staff_blueprint.route("/")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def caseload() -> str:
    rows = caseload_for(db.session, g.staff_user, utc_now())
    return render_template("staff/caseload.html", rows=rows, today=london_today())

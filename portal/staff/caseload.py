"""The staff home: the worklist of what needs a person, and the caseload."""

from __future__ import annotations

from flask import g, render_template, request

from portal.access import staff
from portal.extensions import db
from portal.models import RiskRating, StaffRole, utc_now
from portal.services.records.caseload import CaseloadFilter
from portal.services.records.worklist import staff_home
from portal.staff import staff_blueprint
from portal.timezones import london_today

NOT_RATED = "not_rated"
NAME_MAX_LENGTH = 100


@staff_blueprint.route("/")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def caseload() -> str:
    wanted = _filter_from_query()
    home = staff_home(db.session, g.staff_user, utc_now(), wanted)
    return render_template(
        "staff/caseload.html",
        home=home,
        rows=home.caseload,
        wanted=wanted,
        risk_ratings=list(RiskRating),
        today=london_today(),
    )


def _filter_from_query() -> CaseloadFilter:
    """The GET form's fields; anything unknown is ignored, not an error."""
    get = request.args.get
    risk = get("risk", "")
    return CaseloadFilter(
        risk=RiskRating(risk) if risk in set(RiskRating) else None,
        not_rated=risk == NOT_RATED,
        has_urgent=get("urgent") == "1",
        has_new=get("new") == "1",
        meeting_soon=get("meeting") == "1",
        name=get("name", "")[:NAME_MAX_LENGTH],
    )

"""The staff home: the worklist of what needs a person, and the caseload."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request, url_for

from portal.access import staff
from portal.extensions import db
from portal.models import RiskRating, StaffRole, utc_now
from portal.services.records.caseload import CaseloadFilter
from portal.services.records.home_paging import WORKLIST_KIND_CAP, caseload_page, worklist_groups
from portal.services.records.worklist import WorkKind, staff_home
from portal.staff import staff_blueprint
from portal.staff.query_args import whole_number
from portal.timezones import london_today

NOT_RATED = "not_rated"
NAME_MAX_LENGTH = 100


@staff_blueprint.route("/")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def caseload() -> str:
    wanted = _filter_from_query()
    home = staff_home(db.session, g.staff_user, utc_now(), wanted)
    show_all = {kind for kind in WorkKind if kind.value in request.args.getlist("all")}
    page = caseload_page(home.caseload, whole_number(request.args.get("page")) or 1)
    return render_template(
        "staff/caseload.html",
        home=home,
        rows=page.rows,
        page=page,
        groups=worklist_groups(home.worklist, show_all),
        kind_cap=WORKLIST_KIND_CAP,
        wanted=wanted,
        risk_ratings=list(RiskRating),
        today=london_today(),
        home_url=_home_url,
    )


def _home_url(*, page: int | None = None, show: str | None = None, hide: str | None = None) -> str:
    """This page with the filters as they are, another caseload page, or one
    more (or one fewer) kind of worklist line shown in full."""
    args: dict[str, Any] = {
        key: value for key, value in request.args.items() if key not in ("page", "all") and value
    }
    kinds = [kind for kind in request.args.getlist("all") if kind != hide]
    if show is not None and show not in kinds:
        kinds.append(show)
    if kinds:
        args["all"] = kinds
    current = whole_number(request.args.get("page"))
    if page is not None or current:
        args["page"] = page if page is not None else current
    anchor = "worklist" if page is None else "caseload"
    return url_for("staff.caseload", _anchor=anchor, **args)


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

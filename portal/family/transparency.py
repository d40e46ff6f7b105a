"""Who has looked at my information: staff by role, family by relationship."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, g, render_template, request

from easyread.dates import easy_date
from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.i18n import easyread_language
from portal.models import utc_now
from portal.services.records.transparency import Look, who_has_looked
from portal.timezones import london_today

LOOKS_PER_PAGE = 25


@dataclass(frozen=True)
class LookLine:
    viewer: str
    people: int
    day: str


@family_blueprint.route("/who-has-looked")
@family
def who_has_looked_page() -> str:
    page = request.args.get("page", 1, type=int)
    found = who_has_looked(db.session, g.family_contact, now=utc_now())
    pages = max(1, -(-len(found.looks) // LOOKS_PER_PAGE))
    if page is None or not 1 <= page <= pages:
        abort(404)
    shown = found.looks[(page - 1) * LOOKS_PER_PAGE : page * LOOKS_PER_PAGE]
    return render_template(
        "family/who_has_looked.html",
        looks=[_line(look) for look in shown],
        since=_easy_date(found.since),
        page=page,
        pages=pages,
    )


def _easy_date(day: date) -> str:
    return easy_date(day, easyread_language(), today=london_today())


def _line(look: Look) -> LookLine:
    return LookLine(viewer=look.viewer.value, people=look.people, day=_easy_date(look.day))

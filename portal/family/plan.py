"""My plan: the latest version of the young person's plan, in easy read or
in the words staff wrote, with what will happen next, what changed and who
helps."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import abort, g, redirect, session, url_for
from werkzeug.wrappers import Response

from easyread.dates import easy_date
from portal import session_keys
from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.plan import PlanWordingForm
from portal.i18n import easyread_language
from portal.models import Relationship
from portal.page_cache import render_family_page
from portal.services.easy_read.reader import reader_for
from portal.services.plans.family_view import (
    EASY_READ,
    easy_read_plan,
    my_plan,
    wording_from,
)
from portal.timezones import london_today


@family_blueprint.route("/my-plan")
@family
def plan() -> str:
    found = my_plan(db.session, g.family_contact)
    wording = wording_from(session)
    today = london_today()
    lang = easyread_language()
    reader = reader_for(g.family_contact)
    about_self = g.family_contact.relation is Relationship.SELF

    def page() -> dict[str, Any]:
        easy_read = (
            easy_read_plan(found.plan, lang=lang, today=today, reader=reader)
            if found.plan is not None and wording == EASY_READ
            else None
        )
        return {
            "my_plan": found,
            "easy_read": easy_read,
            "wording": wording,
            "about_self": about_self,
            "today": today,
            # Days as the plan says them: "Tuesday 4 March".
            "when": partial(easy_date, lang=lang, today=today),
        }

    # The easy-read plan and the page come from these alone.
    inputs = (found, wording, today, lang, reader, about_self)
    return render_family_page("family/plan/index.html", inputs=inputs, build=page)


@family_blueprint.route("/my-plan/wording", methods=["POST"])
@family
def plan_wording() -> Response:
    form = PlanWordingForm()
    if not form.validate_on_submit():
        # Only a changed form sends anything else: the page's buttons send a
        # value from WORDINGS. Nothing is stored.
        abort(400)
    session[session_keys.PLAN_WORDING] = form.wording.data
    return redirect(url_for("family.plan"), 303)

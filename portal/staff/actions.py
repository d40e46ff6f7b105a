"""A young person's actions from the record: the list (open first, the late
ones marked), add one by hand, change one, and one action's history. The
rules are in `portal.services.actions`."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import Action, StaffRole, YoungPerson, utc_now
from portal.services.actions.lists import action_history, record_actions
from portal.services.actions.rules import ActionRefused, draft_of
from portal.services.actions.saving import ActionConflict, add_action, change_action
from portal.staff import staff_blueprint
from portal.staff.actions_forms import ActionForm
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

ACTIONS_PATH = "/young-people/<int:young_person_id>/actions"
ACTION_PATH = ACTIONS_PATH + "/<int:action_id>"
WHO = (StaffRole.KEYWORKER, StaffRole.MANAGER)


def _to_actions(young_person: YoungPerson) -> Response:
    return redirect(url_for("staff.actions", young_person_id=young_person.id), 303)


@staff_blueprint.route(ACTIONS_PATH)
@staff(*WHO)
@staff_young_person(shows_record=True)
def actions(young_person: YoungPerson) -> str:
    today = london_today()
    return render_template(
        "staff/actions.html",
        person=young_person,
        actions=record_actions(db.session, young_person.id, today),
        today=today,
    )


@staff_blueprint.route(ACTIONS_PATH + "/new", methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def new_action(young_person: YoungPerson) -> str | Response:
    form = ActionForm()
    if form.validate_on_submit():
        draft = form.draft()
        if draft is None:
            abort(400)
        try:
            add_action(
                db.session,
                young_person.id,
                draft,
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except ActionRefused as refused:
            form.show_problems(refused.problems)
        else:
            flash(_("Action added."))
            return _to_actions(young_person)
    return render_template(
        "staff/action_form.html", form=form, person=young_person, action=None, today=london_today()
    )


@staff_blueprint.route(ACTION_PATH, methods=["GET", "POST"])
@staff(*WHO)
@staff_young_person(shows_record=True)
def edit_action(young_person: YoungPerson, action: Action) -> str | Response:
    form = ActionForm()
    conflict: ActionConflict | None = None
    if not form.is_submitted():
        form.fill(action)
    elif form.validate():
        draft = form.draft()
        if draft is None:
            abort(400)
        try:
            changed = change_action(
                db.session,
                action,
                draft,
                expected_sequence=form.expected_sequence(),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except ActionRefused as refused:
            form.show_problems(refused.problems)
        except ActionConflict as found:
            conflict = found
            form.sequence.data = str(found.sequence)
        else:
            flash(_("Action saved.") if changed else _("Nothing was changed."))
            return _to_actions(young_person)
    mine = form.draft() if conflict else None
    return render_template(
        "staff/action_form.html",
        form=form,
        person=young_person,
        action=action,
        conflict=conflict,
        saved=asdict(conflict.saved) if conflict else None,
        mine=asdict(mine.cleaned() if mine else draft_of(action)) if conflict else None,
        today=london_today(),
    )


@staff_blueprint.route(ACTION_PATH + "/history")
@staff(*WHO)
@staff_young_person(shows_record=True)
def action_history_page(young_person: YoungPerson, action: Action) -> str:
    return render_template(
        "staff/action_history.html",
        person=young_person,
        action=action,
        history=action_history(db.session, action),
        today=london_today(),
    )

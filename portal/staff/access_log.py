"""Who accessed this record: the audit list of events about one young
person, for the staff who may see the record. A GET form narrows it (works
without JavaScript); `portal.services.records.access_log` reads it."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l

from portal.access import staff
from portal.extensions import db
from portal.models import ActorRole, StaffRole, YoungPerson
from portal.services.records.access_log import AccessLogFilter, access_log
from portal.staff import staff_blueprint
from portal.staff.notes_forms import AccessLogFilterForm
from portal.staff.query_args import whole_number
from portal.staff.resolvers import staff_young_person

# Words for the actions staff see most; any other shows as it is recorded.
ACTION_LABELS = {
    "record.viewed": _l("Opened the record"),
    "family.page.viewed": _l("Opened a family page"),
    "note.added": _l("Added a note"),
    "note.amended": _l("Amended a note"),
    "access.refused": _l("Was refused access"),
}

ROLE_WORDS = {
    ActorRole.KEYWORKER: _l("keyworker"),
    ActorRole.MANAGER: _l("manager"),
    ActorRole.ADMIN: _l("administrator"),
}


@staff_blueprint.route("/young-people/<int:young_person_id>/access-log")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def access_log_page(young_person: YoungPerson) -> str:
    form = AccessLogFilterForm(request.args)
    form.validate()
    wanted = AccessLogFilter(
        staff_id=whole_number(form.person.data),
        action=form.action.data or None,
        date_from=form.day(form.date_from),
        date_to=form.day(form.date_to),
        page=whole_number(request.args.get("page")) or 1,
    )
    log = access_log(db.session, young_person.id, wanted)
    form.person.choices = [("", str(_l("Everyone")))] + [
        (str(person.staff_id), person.name) for person in log.people
    ]
    form.action.choices = [("", str(_l("Every action")))] + [
        (action, str(ACTION_LABELS.get(action, action))) for action in log.actions
    ]
    return render_template(
        "staff/access_log.html",
        young_person=young_person,
        form=form,
        log=log,
        action_labels=ACTION_LABELS,
        role_words=ROLE_WORDS,
        page_url=lambda page: _page_url(young_person, page),
    )


def _page_url(young_person: YoungPerson, page: int) -> str:
    """This page of the list, with the filters as they are."""
    args: dict[str, Any] = {
        key: value for key, value in request.args.items() if key != "page" and value
    }
    args.update(young_person_id=young_person.id, page=page)
    return url_for("staff.access_log_page", **args)

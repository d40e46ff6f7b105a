"""The plan editor of the record: each save a new version with a "what
changed" note for the family, easy-read findings shown before saving
(a "Check" button, no JavaScript needed), earlier versions and two versions
side by side. The rules are in `portal.services.plans.editing`."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.i18n import translator_for
from portal.models import PlanVersion, StaffRole, YoungPerson, utc_now
from portal.services.messaging.to_families import FamilyMessageSettings
from portal.services.plans.editing import (
    PlanConflict,
    PlanRefused,
    changed_sections,
    latest_version,
    save_plan_version,
    section_texts,
    version_numbered,
    versions_of,
)
from portal.services.plans.family_view import SECTION_ORDER
from portal.services.plans.plan_notices import queue_plan_changed
from portal.staff import staff_blueprint
from portal.staff.plan_forms import PlanForm
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

PLAN_PATH = "/young-people/<int:young_person_id>/plan"
# The form's two buttons: see the easy-read findings, or save.
CHECK = "check"
SAVE = "save"


@staff_blueprint.route(PLAN_PATH + "/edit", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def edit_plan(young_person: YoungPerson) -> str | Response:
    latest = latest_version(db.session, young_person.id)
    form = PlanForm()
    form.saved = section_texts(latest)
    conflict: PlanConflict | None = None
    checked = False
    if not form.is_submitted():
        form.fill(form.saved, latest.number if latest else 0)
    elif request.form.get("action") == CHECK:
        form.review_family_text()
        checked = True
    elif form.validate():
        try:
            version = save_plan_version(
                db.session,
                young_person,
                form.draft(),
                expected_number=_int(form.version.data),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except PlanRefused as refused:
            form.show_problems(refused.problems)
        except PlanConflict as found:
            conflict = found
            form.version.data = str(found.latest.number if found.latest else 0)
        else:
            queue_plan_changed(
                db.session,
                young_person.id,
                version,
                utc_now(),
                FamilyMessageSettings.from_config(current_app.config),
                translator_for=translator_for,
            )
            flash(_("Plan saved as version %(number)d.", number=version.number))
            return redirect(url_for("staff.record", young_person_id=young_person.id) + "#plan", 303)
    saved_now = conflict.latest if conflict else None
    return render_template(
        "staff/plan_edit.html",
        form=form,
        person=young_person,
        latest=latest,
        conflict=conflict,
        saved_now=section_texts(saved_now) if conflict else None,
        differs=changed_sections(section_texts(saved_now), form.draft().sections)
        if conflict
        else [],
        checked=checked,
        sections=SECTION_ORDER,
        today=london_today(),
    )


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return -1  # no version: refused as a conflict, and the saved version shown


@staff_blueprint.route(PLAN_PATH + "/versions")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def plan_versions(young_person: YoungPerson) -> str:
    versions = versions_of(db.session, young_person.id)
    return render_template(
        "staff/plan_versions.html",
        person=young_person,
        versions=versions,
        today=london_today(),
    )


@staff_blueprint.route(PLAN_PATH + "/versions/<int:version_number>")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def plan_version(young_person: YoungPerson, plan_version: PlanVersion) -> str:
    latest = versions_of(db.session, young_person.id)[0]
    return render_template(
        "staff/plan_version.html",
        person=young_person,
        version=plan_version,
        texts=section_texts(plan_version),
        latest_number=latest.number,
        sections=SECTION_ORDER,
        today=london_today(),
    )


@staff_blueprint.route(PLAN_PATH + "/compare")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def compare_plan_versions(young_person: YoungPerson) -> str:
    """Two versions side by side, section by section, the changed ones
    marked. The numbers come from the versions page's form (a GET)."""
    numbers = sorted({request.args.get(name, type=int) or 0 for name in ("first", "second")})
    versions = [version_numbered(db.session, young_person.id, number) for number in numbers]
    if len(versions) != 2 or None in versions:
        abort(404)
    older, newer = versions
    assert older is not None and newer is not None
    older_texts, newer_texts = section_texts(older), section_texts(newer)
    return render_template(
        "staff/plan_compare.html",
        person=young_person,
        older=older,
        newer=newer,
        older_texts=older_texts,
        newer_texts=newer_texts,
        changed=changed_sections(older_texts, newer_texts),
        sections=SECTION_ORDER,
        versions=versions_of(db.session, young_person.id),
        today=london_today(),
    )

"""The young person's profile from the record: names, pronouns, date of
birth, preferred language and communication needs; and the risk rating,
changed or reviewed with a reason. The rules are in
`portal.services.records.profile` and `portal.services.records.risk_rating`."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import CommunicationNeedType, RiskRating, StaffRole, YoungPerson, utc_now
from portal.services.records.profile import (
    ProfileConflict,
    ProfileFields,
    ProfileRefused,
    profile_of,
    save_profile,
)
from portal.services.records.risk_rating import (
    RatingChangedMeanwhile,
    decide_risk_rating,
    risk_rating_history,
)
from portal.staff import staff_blueprint
from portal.staff.profile_forms import ProfileForm, RiskRatingForm
from portal.staff.resolvers import staff_young_person
from portal.timezones import london_today

PROFILE_PATH = "/young-people/<int:young_person_id>/profile"
RISK_PATH = "/young-people/<int:young_person_id>/risk-rating"


def _back_to_record(young_person: YoungPerson, anchor: str) -> Response:
    return redirect(url_for("staff.record", young_person_id=young_person.id) + anchor, 303)


@staff_blueprint.route(PROFILE_PATH, methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def edit_profile(young_person: YoungPerson) -> str | Response:
    form = ProfileForm()
    conflict: ProfileConflict | None = None
    if not form.is_submitted():
        form.fill(profile_of(young_person), young_person.profile_version)
    elif form.validate():
        wanted = _wanted(form)
        if wanted is not None:
            try:
                changed = save_profile(
                    db.session,
                    young_person,
                    wanted,
                    expected_version=_int(form.version.data),
                    today=london_today(),
                    now=utc_now(),
                    by=g.staff_user,
                    ip_address=request.remote_addr,
                )
            except ProfileRefused as refused:
                form.show_problems(refused.problems)
            except ProfileConflict as found:
                conflict = found
                form.version.data = str(found.version)
            else:
                flash(_("Profile saved.") if changed else _("Nothing was changed."))
                return _back_to_record(young_person, "#about")
    return render_template(
        "staff/profile.html",
        form=form,
        person=young_person,
        conflict=conflict,
        saved=asdict(conflict.saved) if conflict else None,
        mine=_as_dict(_wanted(form, quiet=True)) if conflict else None,
        need_types=list(CommunicationNeedType),
        today=london_today(),
    )


def _wanted(form: ProfileForm, *, quiet: bool = False) -> ProfileFields | None:
    """The profile as the form has it, or None when a date is not a date
    (the form then shows why, unless `quiet`)."""
    born = form.date_from("birth", required=not quiet)
    review = form.date_from("review", required=False)
    if born is None or (form.errors and not quiet):
        return None
    return ProfileFields(
        preferred_name=form.preferred_name.data or "",
        legal_name=form.legal_name.data or "",
        pronouns=form.pronouns.data,
        date_of_birth=born,
        preferred_language=form.preferred_language.data or "",
        needs=frozenset(CommunicationNeedType(value) for value in form.needs.data or []),
        communication_notes=form.communication_notes.data,
        communication_review_on=review,
    )


def _as_dict(fields: ProfileFields | None) -> dict[str, object] | None:
    return asdict(fields.cleaned()) if fields else None


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return 0  # no version: refused as a conflict, and the saved version shown


def _expected_rating(form: RiskRatingForm) -> tuple[bool, RiskRating | None]:
    """Whether the form names a rating it showed, and that rating (None: not
    rated). A form whose rating is not one says so."""
    if not form.expected.data:
        return True, None
    try:
        return True, RiskRating(form.expected.data)
    except ValueError:
        form.form_errors.append(_("This form is out of date. Check the rating and try again."))
        return False, None


@staff_blueprint.route(RISK_PATH, methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def risk_rating(young_person: YoungPerson) -> str | Response:
    form = RiskRatingForm()
    changed_meanwhile: RatingChangedMeanwhile | None = None
    if not form.is_submitted():
        form.expected.data = young_person.risk_rating.value if young_person.risk_rating else ""
        form.rating.data = form.expected.data or None
    elif form.validate() and (shown := _expected_rating(form))[0]:
        try:
            decide_risk_rating(
                db.session,
                young_person,
                expected=shown[1],
                rating=RiskRating(form.rating.data),
                reason=form.reason.data or "",
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except RatingChangedMeanwhile as found:
            changed_meanwhile = found
            form.expected.data = found.current.value if found.current else ""
        else:
            flash(_("Risk rating saved."))
            return _back_to_record(young_person, "#risk-rating")
    return render_template(
        "staff/risk_rating.html",
        form=form,
        person=young_person,
        changed_meanwhile=changed_meanwhile,
        history=risk_rating_history(db.session, young_person.id),
        today=london_today(),
    )

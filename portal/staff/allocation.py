"""Allocation and cover, from the record. Keyworkers and managers who may see
the record see who the keyworker has been and who covers now; only a manager
of the young person's team changes them (`portal.services.allocation`)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import CoverGrant, StaffRole, StaffUser, YoungPerson, utc_now
from portal.services.allocation.allocations import (
    AllocationRefused,
    allocation_history,
    change_keyworker,
)
from portal.services.allocation.cover import CoverRefused, cover_list, end_cover, grant_cover
from portal.services.allocation.team import is_manager_of, team_keyworkers
from portal.staff import staff_blueprint
from portal.staff.allocation_forms import (
    ALLOCATION_PROBLEMS,
    COVER_PROBLEMS,
    ChangeKeyworkerForm,
    CoverForm,
    show_problem,
)
from portal.staff.forms import ConfirmForm
from portal.staff.resolvers import staff_young_person
from portal.template_filters import long_date
from portal.timezones import london_today

KEYWORKER_PATH = "/young-people/<int:young_person_id>/keyworker"
COVER_PATH = "/young-people/<int:young_person_id>/cover"
NOT_ALLOCATED = "none"
BOTH = (StaffRole.KEYWORKER, StaffRole.MANAGER)


@staff_blueprint.route(KEYWORKER_PATH, methods=["GET"])
@staff(*BOTH)
@staff_young_person(shows_record=True)
def keyworker(young_person: YoungPerson) -> str:
    form = _keyworker_form(young_person, ChangeKeyworkerForm(formdata=None))
    form.show_date(london_today())
    return _keyworker_page(young_person, form)


@staff_blueprint.route(KEYWORKER_PATH, methods=["POST"])
@staff(StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def change_keyworker_post(young_person: YoungPerson) -> str | Response:
    form = _keyworker_form(young_person, ChangeKeyworkerForm())
    seen: StaffUser | None = None
    if form.validate_on_submit() and form.answer is not None:
        expected = _expected_id(form.expected_keyworker.data)
        seen = db.session.get(StaffUser, expected) if expected is not None else None
        chosen = _chosen(form.keyworker.data)
        try:
            change_keyworker(
                db.session,
                young_person,
                new_keyworker=chosen,
                expected_keyworker_id=expected,
                from_date=form.answer,
                reason=form.reason.data or "",
                today=london_today(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except AllocationRefused as refused:
            field, words = ALLOCATION_PROBLEMS[refused.problem]
            show_problem(form, field, str(words))
            # What this manager saw, and what it is now; the next save is
            # judged against what they now see.
            form.expected_keyworker.data = _id_of(young_person.keyworker)
            _keyworker_form(young_person, form)
            return _keyworker_page(young_person, form, seen=seen, changed=True)
        else:
            flash(_("%(name)s is the keyworker now.", name=chosen.name))
            return redirect(_record(young_person), 303)
    return _keyworker_page(young_person, form)


def _keyworker_form(young_person: YoungPerson, form: ChangeKeyworkerForm) -> ChangeKeyworkerForm:
    form.keyworker.choices = [
        (str(user.id), user.name)
        for user in team_keyworkers(db.session, young_person.team_id)
        if user.id != young_person.keyworker_id
    ]
    if not form.is_submitted() or form.expected_keyworker.data is None:
        form.expected_keyworker.data = _id_of(young_person.keyworker)
    return form


def _keyworker_page(
    young_person: YoungPerson,
    form: ChangeKeyworkerForm,
    *,
    seen: StaffUser | None = None,
    changed: bool = False,
) -> str:
    return render_template(
        "staff/allocation_keyworker.html",
        person=young_person,
        form=form if is_manager_of(g.staff_user, young_person) else None,
        history=allocation_history(db.session, young_person.id),
        seen=seen,
        changed=changed and form.keyworker.errors,
        back=_record(young_person),
    )


@staff_blueprint.route(COVER_PATH, methods=["GET"])
@staff(*BOTH)
@staff_young_person(shows_record=True)
def cover(young_person: YoungPerson) -> str:
    return _cover_page(young_person, _cover_form(young_person, CoverForm(formdata=None)))


@staff_blueprint.route(COVER_PATH, methods=["POST"])
@staff(StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def grant_cover_post(young_person: YoungPerson) -> str | Response:
    form = _cover_form(young_person, CoverForm())
    if form.validate_on_submit() and form.answer is not None:
        colleague = _chosen(form.colleague.data)
        try:
            grant_cover(
                db.session,
                young_person,
                colleague=colleague,
                ends_on=form.answer,
                reason=form.reason.data or "",
                today=london_today(),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except CoverRefused as refused:
            field, words = COVER_PROBLEMS[refused.problem]
            show_problem(form, field, str(words))
        else:
            flash(
                _(
                    "%(name)s can see this record until the end of %(date)s.",
                    name=colleague.name,
                    date=long_date(form.answer),
                )
            )
            return redirect(url_for("staff.cover", young_person_id=young_person.id), 303)
    return _cover_page(young_person, form)


@staff_blueprint.route(COVER_PATH + "/<int:cover_grant_id>/end", methods=["POST"])
@staff(StaffRole.MANAGER)
@staff_young_person()
def end_cover_post(young_person: YoungPerson, cover_grant: CoverGrant) -> Response:
    if ConfirmForm().validate_on_submit():
        try:
            end_cover(
                db.session,
                cover_grant,
                today=london_today(),
                now=utc_now(),
                by=g.staff_user,
                ip_address=request.remote_addr,
            )
        except CoverRefused:
            flash(_("This cover had ended already."))
        else:
            flash(_("Cover by %(name)s has ended.", name=cover_grant.colleague.name))
    return redirect(url_for("staff.cover", young_person_id=young_person.id), 303)


def _cover_form(young_person: YoungPerson, form: CoverForm) -> CoverForm:
    form.colleague.choices = [
        (str(user.id), user.name)
        for user in team_keyworkers(db.session, young_person.team_id)
        if user.id != young_person.keyworker_id
    ]
    return form


def _cover_page(young_person: YoungPerson, form: CoverForm) -> str:
    return render_template(
        "staff/allocation_cover.html",
        person=young_person,
        form=form if is_manager_of(g.staff_user, young_person) else None,
        cover=cover_list(db.session, young_person.id, london_today()),
        back=_record(young_person),
    )


def _chosen(value: str | None) -> StaffUser:
    """The member of staff chosen on the form (the rules check who they are)."""
    user = db.session.get(StaffUser, int(value)) if value and value.isdigit() else None
    if user is None:  # the form offers only people who exist
        abort(400)
    return user


def _expected_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _id_of(user: StaffUser | None) -> str:
    return str(user.id) if user is not None else NOT_ALLOCATED


def _record(young_person: YoungPerson) -> str:
    return url_for("staff.record", young_person_id=young_person.id) + "#keyworker"

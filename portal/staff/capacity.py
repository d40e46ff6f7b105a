"""The capacity and competence page of a young person's record: every
Gillick competence and mental-capacity assessment and best-interests
decision, and forms to record new ones. The rules are in
`portal.services.consent.capacity`; the access rules
(`portal.services.access.family_rules`) read what is recorded here."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import AssessmentOutcome, DecisionArea, Relationship, StaffRole, YoungPerson
from portal.services.consent.capacity import (
    AssessmentDraft,
    BestInterestsDraft,
    CapacityProblem,
    CapacityRefused,
    assessments_of,
    best_interests_of,
    outcomes_for_age,
    record_assessment,
    record_best_interests,
)
from portal.staff import staff_blueprint
from portal.staff.consent_forms import DATE_HINT, AssessmentForm, BestInterestsForm, parse_day
from portal.staff.resolvers import staff_young_person
from portal.template_filters import LABELS
from portal.timezones import london_today

CAPACITY_PATH = "/young-people/<int:young_person_id>/capacity"

# What each problem says, and beside which field of either form.
PROBLEMS: dict[CapacityProblem, tuple[str, LazyString]] = {
    CapacityProblem.OUTCOME_NOT_FOR_AGE: (
        "outcome",
        _l("Gillick competence is for under 16s; mental capacity is from 16"),
    ),
    CapacityProblem.REFUSAL_NOT_ALLOWED: (
        "refused_contact",
        _l("Only a Gillick-competent young person can refuse someone, for family access"),
    ),
    CapacityProblem.NOT_A_CONTACT: ("area", _l("Choose one of the young person's contacts")),
    CapacityProblem.DATE_IN_FUTURE: ("area", _l("The date must be today or in the past")),
    CapacityProblem.REVIEW_NOT_AFTER: ("review_on", _l("The review date must be after the date")),
    CapacityProblem.TEXT_MISSING: ("area", _l("Fill in every box")),
    CapacityProblem.TEXT_TOO_LONG: ("area", _l("One of the answers is too long")),
    CapacityProblem.CAPACITY_NOT_LACKING: (
        "area",
        _l("Record that they lack capacity for this decision first"),
    ),
    CapacityProblem.ALLOWS_ONLY_FAMILY_ACCESS: (
        "allows_contact",
        _l("Only a family-access decision can let someone see the portal"),
    ),
}


@staff_blueprint.route(CAPACITY_PATH)
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def capacity(young_person: YoungPerson) -> str:
    return render_template(
        "staff/capacity.html",
        today=london_today(),
        person=young_person,
        assessments=assessments_of(db.session, young_person.id),
        decisions=best_interests_of(db.session, young_person.id),
        contacts={c.id: c for c in young_person.contacts},
    )


@staff_blueprint.route(CAPACITY_PATH + "/assessment", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def capacity_assessment(young_person: YoungPerson) -> str | Response:
    today = london_today()
    form = AssessmentForm()
    form.outcome.choices = [(o.value, LABELS[o]) for o in outcomes_for_age(young_person, today)]
    form.refused_contact.choices = _contact_choices(young_person, _("Nobody"))
    if form.validate_on_submit():
        assessed_on = parse_day(form.assessed_on.data)
        assert assessed_on is not None  # the form checked it
        draft = AssessmentDraft(
            area=DecisionArea(form.area.data),
            outcome=AssessmentOutcome(form.outcome.data),
            assessed_on=assessed_on,
            review_on=parse_day(form.review_on.data),
            note=form.note.data,
            refused_contact_id=_contact_id(form.refused_contact.data),
        )
        try:
            record_assessment(
                db.session, g.staff_user, young_person, draft, today, ip_address=request.remote_addr
            )
        except CapacityRefused as refused:
            _mark(form, refused)
        else:
            flash(_("Assessment recorded."))
            return redirect(url_for("staff.capacity", young_person_id=young_person.id), 303)
    return render_template(
        "staff/capacity_assessment.html",
        today=london_today(),
        person=young_person,
        form=form,
        date_hint=DATE_HINT,
    )


@staff_blueprint.route(CAPACITY_PATH + "/best-interests", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def capacity_best_interests(young_person: YoungPerson) -> str | Response:
    today = london_today()
    form = BestInterestsForm()
    form.allows_contact.choices = _contact_choices(young_person, _("Nobody"))
    if form.validate_on_submit():
        decided_on, review_on = parse_day(form.decided_on.data), parse_day(form.review_on.data)
        assert decided_on is not None and review_on is not None  # the form checked them
        draft = BestInterestsDraft(
            area=DecisionArea(form.area.data),
            decision=form.decision.data,
            decision_maker_name=form.maker_name.data,
            decision_maker_role=form.maker_role.data,
            reason=form.reason.data,
            decided_on=decided_on,
            review_on=review_on,
            allows_contact_id=_contact_id(form.allows_contact.data),
        )
        try:
            record_best_interests(
                db.session, g.staff_user, young_person, draft, today, ip_address=request.remote_addr
            )
        except CapacityRefused as refused:
            _mark(form, refused)
        else:
            flash(_("Best-interests decision recorded."))
            return redirect(url_for("staff.capacity", young_person_id=young_person.id), 303)
    return render_template(
        "staff/capacity_best_interests.html",
        today=london_today(),
        person=young_person,
        form=form,
        date_hint=DATE_HINT,
    )


def _contact_choices(young_person: YoungPerson, nobody: str) -> list[tuple[str, str]]:
    return [("", nobody)] + [
        (str(c.id), c.name) for c in young_person.contacts if c.relation is not Relationship.SELF
    ]


def _contact_id(value: str | None) -> int | None:
    """The contact a select names; a made-up value names a contact of nobody."""
    if not value:
        return None
    return int(value) if value.isdigit() else -1


def _mark(form: AssessmentForm | BestInterestsForm, refused: CapacityRefused) -> None:
    for problem in refused.problems:
        name, message = PROBLEMS[problem]
        field = form[name] if name in form else form["area"]
        field.errors = [*field.errors, str(message)]

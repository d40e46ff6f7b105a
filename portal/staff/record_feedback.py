"""A young person's feedback on their record: every response by any channel,
themes (suggested from keywords, confirmed or removed by a person) and
"You said, we did". The rules are in `portal.services.feedback`.

Any keyworker or manager who may see the record may tag themes and write
"You said, we did" (the resolver's need-to-know check); every change is a
POST with its CSRF token, and audited.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import (
    AnsweredBy,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    StaffRole,
    YoungPerson,
    utc_now,
)
from portal.services.feedback.filing import STAFF_ANSWER_LABELS
from portal.services.feedback.record_view import feedback_for_record
from portal.services.feedback.tagging import ThemeNotInUse, confirm_theme, remove_theme
from portal.services.feedback.you_said import NotEasyReadYet, write_you_said_we_did
from portal.services.records.urgent import may_acknowledge
from portal.staff import staff_blueprint
from portal.staff.feedback_forms import ThemeForm, YouSaidWeDidForm
from portal.staff.query_args import whole_number
from portal.staff.resolvers import staff_young_person

PATH = "/young-people/<int:young_person_id>/feedback"
RESPONSE_PATH = PATH + "/<int:response_id>"

WORDS = {
    FeedbackChannel.WEB: _l("On the portal"),
    FeedbackChannel.SMS: _l("By text message"),
    FeedbackChannel.PAPER: _l("On paper"),
    FeedbackChannel.PHONE: _l("By phone"),
    AnsweredBy.YOUNG_PERSON: _l("The young person"),
    AnsweredBy.PARENT_OR_CARER: _l("A parent or carer"),
    AnsweredBy.SOMEONE_HELPING: _l("Someone helping"),
}


@staff_blueprint.route(PATH)
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def record_feedback(young_person: YoungPerson) -> str:
    return render_template(
        "staff/feedback/record_feedback.html",
        person=young_person,
        feedback=feedback_for_record(
            db.session,
            young_person.id,
            page=whole_number(request.args.get("page")) or 1,
            holding=whole_number(request.args.get("response")),
        ),
        answer_labels=STAFF_ANSWER_LABELS,
        words=WORDS,
        theme_form=ThemeForm(formdata=None),
        may_acknowledge=may_acknowledge(db.session, g.staff_user, young_person),
        page_url=lambda page: url_for(
            "staff.record_feedback", young_person_id=young_person.id, page=page
        ),
    )


def _theme(form: ThemeForm) -> FeedbackTheme:
    raw = str(form.theme_id.data or "")
    theme = db.session.get(FeedbackTheme, int(raw)) if raw.isdigit() else None
    if theme is None:
        abort(404)
    return theme


def feedback_url(young_person_id: int, response: FeedbackResponse) -> str:
    """The Feedback page that shows `response`, at the answer it belongs to."""
    first = response.part_of_id or response.id
    return url_for(
        "staff.record_feedback",
        young_person_id=young_person_id,
        response=first,
        _anchor=f"response-{first}",
    )


def _back(young_person: YoungPerson, response: FeedbackResponse) -> Response:
    return redirect(feedback_url(young_person.id, response), 303)


@staff_blueprint.route(RESPONSE_PATH + "/themes", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def feedback_theme_add(young_person: YoungPerson, response: FeedbackResponse) -> Response:
    form = ThemeForm()
    if not form.validate_on_submit():
        # No theme chosen: nothing to do.
        return _back(young_person, response)
    theme = _theme(form)
    try:
        confirm_theme(
            db.session, response, theme, g.staff_user, utc_now(), ip_address=request.remote_addr
        )
    except ThemeNotInUse:
        flash(_("That theme is switched off. Nothing was added."))
    return _back(young_person, response)


@staff_blueprint.route(RESPONSE_PATH + "/themes/remove", methods=["POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person()
def feedback_theme_remove(young_person: YoungPerson, response: FeedbackResponse) -> Response:
    form = ThemeForm()
    if not form.validate_on_submit():
        return _back(young_person, response)
    remove_theme(db.session, response, _theme(form), g.staff_user, ip_address=request.remote_addr)
    return _back(young_person, response)


@staff_blueprint.route(RESPONSE_PATH + "/you-said-we-did", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def you_said_we_did(young_person: YoungPerson, response: FeedbackResponse) -> str | Response:
    form = YouSaidWeDidForm()
    if form.validate_on_submit():
        try:
            write_you_said_we_did(
                db.session,
                response,
                form.you_said.data or "",
                form.we_did.data or "",
                g.staff_user,
                utc_now(),
                save_anyway=bool(form.save_anyway.data),
                ip_address=request.remote_addr,
            )
        except NotEasyReadYet as not_yet:
            form.easy_read_reviews.update(not_yet.reviews)
        else:
            flash(_("Saved. The family can read it in the portal."))
            return _back(young_person, response)
    return render_template(
        "staff/feedback/you_said_we_did.html",
        person=young_person,
        response=response,
        answer_labels=STAFF_ANSWER_LABELS,
        form=form,
    )

"""Tell us what you think: the Friends and Family Test question, what was
good, what could be better, who is answering and whether their words may be
quoted; then a thank-you page.

The rules (saving once, filing on the record, safeguarding triage, the
choice about quoting, what an answer is about) are in
portal.services.feedback.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.feedback import FeedbackForm, parse_id
from portal.models import utc_now
from portal.page_cache import per_response, render_family_page, row_values
from portal.services.feedback.filing import answered_by_for
from portal.services.feedback.quoting import current_quote_choice
from portal.services.feedback.recording import (
    help_comes_first,
    new_form_token,
    record_web_feedback,
    remember_feedback,
)
from portal.services.feedback.subject import AnswerSubject, answer_subject
from portal.services.feedback.triage import triage_feedback
from portal.services.feedback.you_said import what_we_did_for
from portal.services.records.urgent_alerts import UrgentSettings
from portal.timezones import london_today


@family_blueprint.route("/tell-us", methods=["GET", "POST"])
@family
def feedback() -> str | Response:
    form = FeedbackForm()
    contact = g.family_contact
    if request.method == "POST":
        request_id, meeting_id = form.linked_ids()
    else:
        request_id, meeting_id = (
            parse_id(request.args.get("request")),
            parse_id(request.args.get("meeting")),
        )
    # Ids that are not the contact's own are dropped here, never shown again.
    subject = answer_subject(db.session, contact, request_id, meeting_id)
    form.request_id.data = str(subject.request_id or "")
    form.meeting_id.data = str(subject.meeting_id or "")
    if form.validate_on_submit():
        given = form.feedback(subject)
        outcome = record_web_feedback(
            db.session,
            contact,
            given,
            utc_now(),
            london_today(),
            memory=session,
            ip_address=request.remote_addr,
            alerts=UrgentSettings.from_config(current_app.config),
        )
        # If the request's commit then fails, the session is not saved either
        # (portal.sessions), so the form is not remembered as sent and sending
        # it again saves it.
        remember_feedback(session, given, outcome)
        return redirect(url_for("family.feedback_thanks"), 303)
    if request.method == "GET":
        return _blank_form(subject)
    # Sent with problems: the form again, as they filled it in.
    written = "\n".join(text for text in (form.comment.data, form.improvement.data) if text)
    return render_template(
        "family/feedback/feedback.html",
        form=form,
        meeting=subject.meeting,
        what_we_did=what_we_did_for(db.session, contact),
        # Text not saved (too long) may still say they are not OK: help first.
        help_first=triage_feedback(written).flagged,
    )


def _blank_form(subject: AnswerSubject) -> str:
    """The form as it first shows, kept in memory (portal.page_cache) with a
    new one-time token in every copy served."""
    contact = g.family_contact
    answered_by = answered_by_for(contact).value
    may_quote = bool(current_quote_choice(db.session, contact))
    what_we_did = tuple(what_we_did_for(db.session, contact))

    def page() -> dict[str, Any]:
        form = FeedbackForm()
        form.request_id.data = str(subject.request_id or "")
        form.meeting_id.data = str(subject.meeting_id or "")
        form.form_token.data = per_response("form_token")
        form.answered_by.data = answered_by
        form.may_quote.data = may_quote
        return {
            "form": form,
            "meeting": subject.meeting,
            "what_we_did": what_we_did,
            "help_first": False,
        }

    # The meeting's template reads only its columns.
    inputs = (subject.request_id, row_values(subject.meeting), answered_by, may_quote, what_we_did)
    return render_family_page(
        "family/feedback/feedback.html",
        inputs=inputs,
        build=page,
        fresh={"form_token": new_form_token},
    )


@family_blueprint.route("/tell-us/thank-you")
@family
def feedback_thanks() -> str:
    return render_template("family/feedback/thank_you.html", help_first=help_comes_first(session))

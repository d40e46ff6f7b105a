"""Tell us what you think: the Friends and Family Test question, what was
good, what could be better, who is answering and whether their words may be
quoted; then a thank-you page.

The rules (saving once, filing on the record, safeguarding triage, the
choice about quoting, what an answer is about) are in
portal.services.feedback.
"""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.feedback import FeedbackForm, parse_id
from portal.models import utc_now
from portal.services.feedback.filing import answered_by_for
from portal.services.feedback.quoting import current_quote_choice
from portal.services.feedback.recording import (
    help_comes_first,
    new_form_token,
    record_web_feedback,
    remember_feedback,
)
from portal.services.feedback.subject import answer_subject
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
    if not form.form_token.data:
        form.form_token.data = new_form_token()
    if request.method == "GET":
        form.answered_by.data = answered_by_for(contact).value
        form.may_quote.data = bool(current_quote_choice(db.session, contact))
    written = "\n".join(text for text in (form.comment.data, form.improvement.data) if text)
    return render_template(
        "family/feedback/feedback.html",
        form=form,
        meeting=subject.meeting,
        what_we_did=what_we_did_for(db.session, contact),
        # Text not saved (too long) may still say they are not OK: help first.
        help_first=triage_feedback(written).flagged,
    )


@family_blueprint.route("/tell-us/thank-you")
@family
def feedback_thanks() -> str:
    return render_template("family/feedback/thank_you.html", help_first=help_comes_first(session))

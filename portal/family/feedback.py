"""Tell us what you think: the Friends and Family Test question, a comment, and
whether we may use it in reports; then a thank-you page.

The rules (saving once, telling staff, safeguarding triage) are in
portal.services.feedback.recording and portal.services.feedback.triage.
"""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.feedback import FeedbackForm
from portal.services.feedback.recording import (
    help_comes_first,
    new_form_token,
    record_web_feedback,
    remember_feedback,
)
from portal.services.feedback.triage import triage_feedback
from portal.services.records.urgent_alerts import UrgentSettings


@family_blueprint.route("/tell-us", methods=["GET", "POST"])
@family
def feedback() -> str | Response:
    form = FeedbackForm()
    if form.validate_on_submit():
        given = form.feedback()
        outcome = record_web_feedback(
            db.session,
            g.family_contact,
            given,
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
    return render_template(
        "family/feedback/feedback.html",
        form=form,
        # Text not saved (too long) may still say they are not OK: help first.
        help_first=triage_feedback(form.comment.data).flagged,
    )


@family_blueprint.route("/tell-us/thank-you")
@family
def feedback_thanks() -> str:
    return render_template("family/feedback/thank_you.html", help_first=help_comes_first(session))

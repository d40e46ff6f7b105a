"""My meetings: the list, one meeting, "Add to calendar", "Can you come?" and
"Things that help me at the meeting".

A meeting is only ever looked up among the signed-in contact's own young
person's meetings; any other id is "not found". The rules are in
portal.services.meetings: family_view, replies and calendar.
"""

from __future__ import annotations

from dataclasses import fields

from flask import current_app, g, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from portal.access import RefusalReason, family, refuse
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.meetings import (
    SUPPORT_LABELS,
    SUPPORT_PICTURES,
    MeetingReplyForm,
    MeetingSupportForm,
)
from portal.i18n import easyread_language, translator_for
from portal.models import utc_now
from portal.page_cache import render_family_page, row_values
from portal.services.meetings import calendar as calendars
from portal.services.meetings.family_view import MeetingPage, list_meetings, meeting_page
from portal.services.meetings.replies import (
    ChangeOutcome,
    SupportChoice,
    record_reply,
    record_support_request,
    supports_offered,
)

# What the meeting page thanks the reader for, after a 303 from a form.
SENT_FLAGS = ("reply", "support")


def _page(meeting_id: int) -> MeetingPage:
    page = meeting_page(
        db.session, g.family_contact, meeting_id, now=utc_now(), lang=easyread_language()
    )
    if page is None:
        refuse(404, RefusalReason.NOT_VISIBLE)
    return page


def _back_to_meeting(meeting_id: int, sent: str) -> Response:
    return redirect(url_for("family.meeting", meeting_id=meeting_id, sent=sent), 303)


@family_blueprint.route("/my-meetings")
@family
def meetings() -> str:
    listed = list_meetings(
        db.session,
        g.family_contact,
        now=utc_now(),
        lang=easyread_language(),
        every_past=request.args.get("past") == "all",
    )
    return render_family_page("family/meetings/index.html", meetings=listed)


@family_blueprint.route("/my-meetings/<int:meeting_id>")
@family
def meeting(meeting_id: int) -> str:
    sent = request.args.get("sent")
    page = _page(meeting_id)
    context = {
        "page": page,
        "sent": sent if sent in SENT_FLAGS else None,
        "support_labels": SUPPORT_LABELS,
        "support_pictures": SUPPORT_PICTURES,
    }
    # The page holds two rows (the meeting, the support asked for), and the
    # template reads only their columns: those are what it is made from.
    inputs = {
        **context,
        "page": {
            **{field.name: getattr(page, field.name) for field in fields(page)},
            "meeting": row_values(page.meeting),
            "support": row_values(page.support),
        },
    }
    return render_family_page("family/meetings/meeting.html", inputs=inputs, build=lambda: context)


@family_blueprint.route("/my-meetings/<int:meeting_id>/calendar.ics")
@family
def meeting_calendar(meeting_id: int) -> Response:
    page = _page(meeting_id)
    base_url = current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
    calendar = calendars.meeting_calendar(
        page.meeting,
        base_url=base_url,
        page_url=base_url + url_for("family.meeting", meeting_id=meeting_id),
        translator=translator_for(),
    )
    response = make_response(calendar.content)
    response.headers["Content-Type"] = calendars.CONTENT_TYPE
    response.headers["Content-Disposition"] = f'attachment; filename="{calendar.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@family_blueprint.route("/my-meetings/<int:meeting_id>/can-you-come", methods=["GET", "POST"])
@family
def meeting_reply(meeting_id: int) -> str | Response:
    page = _page(meeting_id)
    if not page.may_change:
        return render_template("family/meetings/closed.html", page=page, about="reply")
    form = MeetingReplyForm()
    if request.method == "GET" and page.reply is not None:
        form.answer.data = page.reply.value
    if form.validate_on_submit():
        outcome = record_reply(
            db.session, g.family_contact, page.meeting, form.chosen, now=utc_now()
        )
        if outcome is ChangeOutcome.CLOSED:
            return render_template("family/meetings/closed.html", page=page, about="reply")
        return _back_to_meeting(meeting_id, "reply")
    return render_template("family/meetings/reply.html", page=page, form=form)


@family_blueprint.route("/my-meetings/<int:meeting_id>/things-that-help", methods=["GET", "POST"])
@family
def meeting_support(meeting_id: int) -> str | Response:
    page = _page(meeting_id)
    if not page.may_change:
        return render_template("family/meetings/closed.html", page=page, about="support")
    form = MeetingSupportForm(
        offered=supports_offered(page.meeting, SupportChoice.of(page.support))
    )
    if request.method == "GET":
        form.fill(SupportChoice.of(page.support), page.support.id if page.support else None)
    elif form.validate_on_submit():
        outcome = record_support_request(
            db.session,
            g.family_contact,
            page.meeting,
            form.choice(),
            seen_request_id=form.seen_request_id(),
            now=utc_now(),
        )
        if outcome is ChangeOutcome.CLOSED:
            return render_template("family/meetings/closed.html", page=page, about="support")
        if outcome is not ChangeOutcome.CHANGED_ELSEWHERE:
            return _back_to_meeting(meeting_id, "support")
        form.changed_elsewhere(page.support.id if page.support else None)
    return render_template(
        "family/meetings/support.html",
        page=page,
        form=form,
        support_labels=SUPPORT_LABELS,
        support_pictures=SUPPORT_PICTURES,
    )

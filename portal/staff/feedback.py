"""Collated feedback: the figures for a period and scope, the comments
behind them, and the responses as a CSV file. A GET form chooses (works
without JavaScript); `portal.services.feedback.collated_view` decides who
may see what and audits it."""

from __future__ import annotations

from typing import Any

from flask import Response, g, render_template, request, url_for

from portal.access import RefusalReason, refuse, staff
from portal.extensions import db
from portal.models import StaffRole
from portal.services.access.staff import NotVisible
from portal.services.feedback.collated_view import (
    MayNotExport,
    collated_view,
    responses_to_export,
)
from portal.services.feedback.collation import percent
from portal.staff import staff_blueprint
from portal.staff.feedback_csv import responses_csv
from portal.staff.feedback_query import FIELDS, read_form
from portal.staff.feedback_words import (
    ANSWER_WORDS,
    ANSWERED_BY_WORDS,
    CHANNEL_WORDS,
    SCOPE_WORDS,
    breakdowns,
    form_options,
)
from portal.timezones import london_today


@staff_blueprint.route("/feedback")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER, StaffRole.ADMIN)
def feedback() -> str:
    form = read_form(request.args, london_today())
    try:
        view = collated_view(db.session, g.staff_user, form.asked, ip_address=request.remote_addr)
    except NotVisible:
        refuse(404, RefusalReason.NOT_VISIBLE)
    return render_template(
        "staff/feedback.html",
        form=form,
        view=view,
        figures=view.figures,
        breakdowns=breakdowns(view.figures),
        options=form_options(view),
        percent=percent,
        answer_words=ANSWER_WORDS,
        channel_words=CHANNEL_WORDS,
        answered_by_words=ANSWERED_BY_WORDS,
        scope_words=SCOPE_WORDS,
        page_url=_page_url,
        csv_url=_page_url(endpoint="staff.feedback_responses_csv"),
    )


@staff_blueprint.route("/feedback/responses.csv")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
def feedback_responses_csv() -> Response:
    form = read_form(request.args, london_today())
    try:
        rows = responses_to_export(
            db.session, g.staff_user, form.asked, ip_address=request.remote_addr
        )
    except MayNotExport:
        refuse(403, RefusalReason.WRONG_ROLE)
    except NotVisible:
        refuse(404, RefusalReason.NOT_VISIBLE)
    period = form.asked.period
    name = f"feedback-{period.first.isoformat()}-to-{period.last.isoformat()}.csv"
    return Response(
        responses_csv(rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _page_url(*, page: int | None = None, endpoint: str = "staff.feedback") -> str:
    """This page (or the CSV file) with the form as it is, on another page."""
    args: dict[str, Any] = {
        key: value for key in FIELDS if key != "page" and (value := request.args.get(key))
    }
    if page is not None and page > 1:
        args["page"] = page
    return url_for(endpoint, **args)

"""The anonymised feedback report for commissioners: a page to print and a
CSV file, for a financial quarter or year, service-wide. Managers and
administrators make it; each one made is audited. The rules are in
`portal.services.feedback.report`."""

from __future__ import annotations

from datetime import date

from flask import g, make_response, render_template, request
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import StaffRole, utc_now
from portal.services.feedback.report import (
    CSV_HEADER,
    FeedbackReport,
    feedback_report,
    report_rows,
)
from portal.services.feedback.report_periods import period_for, report_periods
from portal.services.feedback.report_quotes import quotable_response_ids
from portal.services.records.audit import record_event
from portal.services.reporting.csv_safe import CONTENT_TYPE, csv_bytes
from portal.staff import staff_blueprint
from portal.timezones import LONDON

REPORT_MADE = "staff.feedback_report.made"


def _report(file_format: str) -> tuple[date, FeedbackReport]:
    today = utc_now().astimezone(LONDON).date()
    chosen = period_for(request.args.get("period"), today)
    report = feedback_report(db.session, chosen, quotable_response_ids(db.session, chosen.period))
    record_event(
        db.session,
        REPORT_MADE,
        staff_user=g.staff_user,
        ip_address=request.remote_addr,
        period=chosen.value,
        format=file_format,
    )
    return today, report


@staff_blueprint.route("/reports/feedback")
@staff(StaffRole.MANAGER, StaffRole.ADMIN)
def feedback_report_page() -> str:
    today, report = _report("html")
    return render_template(
        "staff/reports/feedback.html", report=report, periods=report_periods(today)
    )


@staff_blueprint.route("/reports/feedback.csv")
@staff(StaffRole.MANAGER, StaffRole.ADMIN)
def feedback_report_csv() -> Response:
    _, report = _report("csv")
    response = make_response(csv_bytes(CSV_HEADER, report_rows(report)))
    response.headers["Content-Type"] = CONTENT_TYPE
    filename = f"feedback-report-{report.period.value}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response

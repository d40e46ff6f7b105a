"""The anonymised feedback report for commissioners: service-wide, for a
period, as a page to print and as a CSV file.

Every count passes through disclosure control before anyone sees it
(`portal.services.reporting.disclosure`): 1 to 7 is shown as `*`, other
counts are rounded to the nearest 5, 0 is shown, and more cells are hidden
where a hidden one could be worked out from the others and the totals.
Percentages are worked out from the rounded counts over the rounded total,
which is stated; a percentage of a hidden count is hidden too. The exact
counts (`report_data`) never leave this module.

Quotes come only from people who allowed their words in reports, with names
of people and places taken out (`report_quotes`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from portal.models import FftAnswer
from portal.services.feedback.filing import STAFF_ANSWER_LABELS
from portal.services.feedback.report_data import ANSWERS, ReportData, report_data
from portal.services.feedback.report_periods import ReportPeriod
from portal.services.feedback.report_quotes import Quote, report_quotes, report_you_said_we_did
from portal.services.reporting.csv_safe import CellValue
from portal.services.reporting.disclosure import (
    HIDDEN,
    CountTable,
    ProtectedCategories,
    ProtectedTable,
    ShownCell,
    percentage,
    protect_categories,
    protect_table,
    shown_cell,
)

POSITIVE = (FftAnswer.VERY_GOOD, FftAnswer.GOOD)
NEGATIVE = (FftAnswer.POOR, FftAnswer.VERY_POOR)
ANSWER_LABELS = tuple(STAFF_ANSWER_LABELS[answer] for answer in ANSWERS)


@dataclass(frozen=True)
class Share:
    """A percentage of the answers, from rounded counts: `shown` is None when
    the denominator is hidden or 0."""

    label: str
    count: ShownCell
    shown: str | None


@dataclass(frozen=True)
class RequestFigures:
    month_labels: tuple[str, ...]
    sent: ProtectedCategories
    answered: ProtectedCategories
    # Answered over sent, from the rounded totals.
    rate: str | None


@dataclass(frozen=True)
class FeedbackReport:
    period: ReportPeriod
    # The six answers and the months, in the order of the tables' rows.
    answer_kinds: tuple[FftAnswer, ...]
    month_starts: tuple[date, ...]
    answers: ProtectedCategories
    answer_shares: tuple[str | None, ...]
    positive: Share
    negative: Share
    months: ProtectedTable
    requests: RequestFigures
    themes: tuple[tuple[str, ShownCell], ...]
    you_said_we_did: tuple[tuple[str, str], ...]
    quotes: tuple[Quote, ...]


def feedback_report(
    session: Session, period: ReportPeriod, quotable_ids: set[int]
) -> FeedbackReport:
    """The report for `period`, from the responses in it; quotes only from
    `quotable_ids` (responses whose writer allowed it)."""
    data = report_data(session, period.period)
    answers = protect_categories(ANSWER_LABELS, [data.answers[a] for a in ANSWERS])
    return FeedbackReport(
        period=period,
        answer_kinds=ANSWERS,
        month_starts=tuple(m.month for m in data.months),
        answers=answers,
        answer_shares=tuple(percentage(cell, answers.total) for cell in answers.cells),
        positive=_share("Very good or good", answers, POSITIVE),
        negative=_share("Poor or very poor", answers, NEGATIVE),
        months=_months(data),
        requests=_requests(data),
        # A response may have several themes: they do not add up, so no line
        # could give one away, and each count is only rounded or hidden.
        themes=tuple((name, shown_cell(count)) for name, count in data.themes),
        you_said_we_did=tuple(report_you_said_we_did(session, period.period)),
        quotes=tuple(report_quotes(session, period.period, quotable_ids)),
    )


def _share(label: str, answers: ProtectedCategories, which: Sequence[FftAnswer]) -> Share:
    """The sum of the rounded counts of `which`, as a share of the rounded
    total; hidden when any of them is hidden."""
    cells = [answers.cells[ANSWERS.index(answer)] for answer in which]
    if any(cell.suppressed for cell in cells):
        count = ShownCell(HIDDEN, True, None, cells[0].reason)
    else:
        total = sum(cell.rounded or 0 for cell in cells)
        count = ShownCell(str(total), False, total, cells[0].reason)
    return Share(label=label, count=count, shown=percentage(count, answers.total))


def month_label(month: date) -> str:
    return f"{month:%B %Y}"


def _months(data: ReportData) -> ProtectedTable:
    return protect_table(
        CountTable(
            row_labels=tuple(month_label(m.month) for m in data.months),
            column_labels=ANSWER_LABELS,
            counts=tuple(tuple(m.answers[a] for a in ANSWERS) for m in data.months),
        )
    )


def _requests(data: ReportData) -> RequestFigures:
    labels = tuple(month_label(m.month) for m in data.months)
    sent = protect_categories(labels, [m.requests_sent for m in data.months])
    answered = protect_categories(labels, [m.requests_answered for m in data.months])
    return RequestFigures(
        month_labels=labels,
        sent=sent,
        answered=answered,
        rate=percentage(answered.total, sent.total),
    )


CSV_HEADER = ("Section", "Row", "Column", "Shown", "Percentage")


def report_rows(report: FeedbackReport) -> Iterator[tuple[CellValue, ...]]:
    """The report as CSV rows: every figure as shown on the page, never a
    true count. Words from families are not in the CSV, only figures."""
    period = report.period.label
    yield ("Period", period, "", "", "")
    for label, cell, percent in zip(
        report.answers.labels, report.answers.cells, report.answer_shares, strict=True
    ):
        yield ("Answers", label, "Count", cell.shown, percent or "")
    yield ("Answers", "All answers", "Count", report.answers.total.shown, "")
    for share in (report.positive, report.negative):
        yield ("Answers", share.label, "Count", share.count.shown, share.shown or "")
    months = report.months
    for label, cells, total in zip(months.row_labels, months.cells, months.row_totals, strict=True):
        for column, cell in zip(months.column_labels, cells, strict=True):
            yield ("Answers by month", label, column, cell.shown, "")
        yield ("Answers by month", label, "All answers", total.shown, "")
    requests = report.requests
    for label, sent, answered in zip(
        requests.month_labels, requests.sent.cells, requests.answered.cells, strict=True
    ):
        yield ("Requests", label, "Sent", sent.shown, "")
        yield ("Requests", label, "Answered", answered.shown, "")
    yield ("Requests", "All months", "Sent", requests.sent.total.shown, "")
    yield ("Requests", "All months", "Answered", requests.answered.total.shown, requests.rate or "")
    for name, cell in report.themes:
        yield ("Themes", name, "Responses", cell.shown, "")

"""The periods a feedback report can be made for: financial quarters and
financial years (1 April to 31 March), as commissioners count them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.services.feedback.periods import Period

QUARTERS_OFFERED = 8
YEARS_OFFERED = 3


@dataclass(frozen=True)
class ReportPeriod:
    # As in a web address: "2026-q1" (April to June 2026) or "2026-27".
    value: str
    label: str
    period: Period


def _quarter(year: int, number: int) -> ReportPeriod:
    """Financial quarter `number` (1 is April to June) of the year from April `year`."""
    first_month = 4 + 3 * (number - 1)
    start_year = year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    first = date(start_year, first_month, 1)
    end_month = first_month + 2
    last = _last_day(start_year, end_month)
    label = f"{first:%B} to {last:%B %Y}"
    return ReportPeriod(f"{year}-q{number}", label, Period(first, last))


def _last_day(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _financial_year(year: int) -> ReportPeriod:
    return ReportPeriod(
        f"{year}-{(year + 1) % 100:02d}",
        f"April {year} to March {year + 1}",
        Period(date(year, 4, 1), date(year + 1, 3, 31)),
    )


def report_periods(today: date) -> list[ReportPeriod]:
    """The quarters and financial years that have started by `today`, newest
    first: the current quarter first (it is still filling up)."""
    year = today.year if today.month >= 4 else today.year - 1
    number = (today.month - 4) % 12 // 3 + 1
    quarters = []
    for _ in range(QUARTERS_OFFERED):
        quarters.append(_quarter(year, number))
        number -= 1
        if number == 0:
            year, number = year - 1, 4
    this_year = today.year if today.month >= 4 else today.year - 1
    years = [_financial_year(this_year - back) for back in range(YEARS_OFFERED)]
    return quarters + years


def period_for(value: str | None, today: date) -> ReportPeriod:
    """The offered period `value` names; the last whole quarter when it names none."""
    offered = report_periods(today)
    for choice in offered:
        if choice.value == value:
            return choice
    return offered[1]

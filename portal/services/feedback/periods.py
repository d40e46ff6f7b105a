"""A period of feedback: whole days in Europe/London, as staff choose them
for the collated view and the report. One definition for both, so a month,
a day and "in the period" mean the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.timezones import LONDON


def next_month(month: date) -> date:
    """The first day of the month after `month`'s."""
    if month.month == 12:
        return date(month.year + 1, 1, 1)
    return date(month.year, month.month + 1, 1)


def london_midnight(day: date) -> datetime:
    """The moment `day` starts in London."""
    return datetime.combine(day, time(0), tzinfo=LONDON)


@dataclass(frozen=True)
class Period:
    """From the start of `first` to the end of `last`, days in Europe/London."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the period ends before it starts")

    @property
    def starts_at(self) -> datetime:
        return london_midnight(self.first)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period."""
        return london_midnight(self.last + timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches."""
        month = self.first.replace(day=1)
        months = []
        while month <= self.last:
            months.append(month)
            month = next_month(month)
        return months


def twelve_months_to(today: date) -> Period:
    """The default period: this month and the 11 before it, to today."""
    first = today.replace(day=1)
    for _ in range(11):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, today)

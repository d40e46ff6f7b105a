"""The working-time deadline: Monday to Friday, 09:00 to 17:00 in London."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.services.records.working_hours import working_deadline
from portal.timezones import LONDON


def _london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


# 2026-12-07 is a Monday; 2026-12-11 a Friday.
@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-12-07 10:00", 4, "2026-12-07 14:00"),  # within one day
        ("2026-12-07 13:00", 4, "2026-12-07 17:00"),  # ends exactly at 17:00
        ("2026-12-07 15:00", 4, "2026-12-08 11:00"),  # runs over the evening
        ("2026-12-07 17:00", 4, "2026-12-08 13:00"),  # at closing: starts next morning
        ("2026-12-07 20:30", 4, "2026-12-08 13:00"),  # in the evening
        ("2026-12-08 06:00", 4, "2026-12-08 13:00"),  # early morning
        ("2026-12-11 16:00", 4, "2026-12-14 12:00"),  # Friday afternoon to Monday
        ("2026-12-12 11:00", 4, "2026-12-14 13:00"),  # Saturday
        ("2026-12-13 23:59", 4, "2026-12-14 13:00"),  # Sunday night
        ("2026-12-07 10:00", 8, "2026-12-08 10:00"),  # a whole working day
        ("2026-12-11 10:00", 20, "2026-12-15 14:00"),  # over a weekend, several days
        ("2026-12-07 10:00", 0, "2026-12-07 10:00"),
        ("2026-12-12 10:00", 0, "2026-12-14 09:00"),
        # The clocks go back on Sunday 25 October 2026: working time is London time.
        ("2026-10-23 15:00", 4, "2026-10-26 11:00"),
        # The clocks go forward on Sunday 29 March 2026.
        ("2026-03-27 16:30", 1, "2026-03-30 09:30"),
    ],
)
def test_the_deadline_counts_only_working_time(start: str, hours: int, due: str) -> None:
    found = working_deadline(_london(start).astimezone(UTC), hours)
    assert found.tzinfo is UTC
    assert found == _london(due)


def test_a_deadline_is_never_sooner_than_the_same_time_on_the_clock() -> None:
    start = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    for minutes in range(0, 7 * 24 * 60, 37):
        moment = start + timedelta(minutes=minutes)
        assert working_deadline(moment, 4) >= moment + timedelta(hours=4)


def test_a_naive_time_or_negative_hours_is_refused() -> None:
    with pytest.raises(ValueError):
        working_deadline(datetime.fromisoformat("2026-12-07T10:00"), 4)
    with pytest.raises(ValueError):
        working_deadline(datetime(2026, 12, 7, 10, 0, tzinfo=UTC), -1)

"""Easy dates, times and durations, in London time, right across the clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from easyread.dates import (
    easy_date,
    easy_duration,
    easy_time,
    easy_time_range,
    london_today,
    to_london,
)

TODAY = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(10, 0), "10 in the morning"),
        (time(5, 0), "5 in the morning"),
        (time(9, 15), "quarter past 9 in the morning"),
        (time(10, 40), "10:40 in the morning"),
        (time(10, 45), "quarter to 11 in the morning"),
        (time(11, 45), "quarter to 12 in the morning"),
        (time(11, 5), "11:05 in the morning"),
        (time(12, 0), "12 noon"),
        (time(12, 5), "12:05 in the afternoon"),
        (time(12, 30), "half past 12 in the afternoon"),
        (time(12, 45), "quarter to 1 in the afternoon"),
        (time(14, 30), "half past 2 in the afternoon"),
        (time(17, 59), "5:59 in the afternoon"),
        (time(18, 0), "6 in the evening"),
        (time(21, 30), "half past 9 in the evening"),
        (time(22, 0), "10 at night"),
        (time(23, 45), "quarter to 12 at night"),
        (time(0, 0), "12 midnight"),
        (time(0, 1), "12:01 at night"),
        (time(0, 15), "quarter past 12 at night"),
        (time(0, 30), "half past 12 at night"),
        (time(4, 59), "4:59 at night"),
        (time(10, 0, 59), "10 in the morning"),
    ],
)
def test_english_times(clock: time, expected: str) -> None:
    assert easy_time(clock) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((10, 0), (12, 0), "10 in the morning to 12 noon"),
        ((10, 0), (11, 0), "10 in the morning to 11 in the morning"),
        ((11, 30), (13, 15), "half past 11 in the morning to quarter past 1 in the afternoon"),
        ((12, 0), (14, 30), "12 noon to half past 2 in the afternoon"),
        ((16, 45), (18, 0), "quarter to 5 in the afternoon to 6 in the evening"),
        ((22, 0), (23, 59), "10 at night to 11:59 at night"),
    ],
)
def test_english_time_ranges(start: tuple[int, int], end: tuple[int, int], expected: str) -> None:
    # 4 March 2025 is in winter, when London time is UTC.
    starts_at = datetime(2025, 3, 4, *start, tzinfo=UTC)
    ends_at = datetime(2025, 3, 4, *end, tzinfo=UTC)
    assert easy_time_range(starts_at, ends_at) == expected


def test_a_range_over_midnight_gives_both_dates() -> None:
    starts_at = datetime(2025, 3, 4, 22, 0, tzinfo=UTC)
    ends_at = datetime(2025, 3, 5, 2, 0, tzinfo=UTC)
    assert easy_time_range(starts_at, ends_at, today=TODAY) == (
        "Tuesday 4 March, 10 at night to Wednesday 5 March, 2 at night"
    )


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (timedelta(hours=2), "2 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=1, minutes=30), "1 hour 30 minutes"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=3, minutes=1), "3 hours 1 minute"),
        (timedelta(minutes=89, seconds=40), "1 hour 30 minutes"),
        (timedelta(0), "0 minutes"),
    ],
)
def test_english_durations(length: timedelta, expected: str) -> None:
    assert easy_duration(length) == expected


def test_a_negative_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        easy_duration(timedelta(minutes=-5))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 4), "Tuesday 4 March"),
        (date(2025, 12, 31), "Wednesday 31 December"),
        (date(2026, 1, 2), "Friday 2 January 2026"),
        (date(2024, 11, 30), "Saturday 30 November 2024"),
    ],
)
def test_english_dates_add_the_year_only_when_it_is_not_this_year(day: date, expected: str) -> None:
    assert easy_date(day, today=TODAY) == expected


def test_a_date_without_today_uses_today_in_london() -> None:
    this_year = london_today().year
    assert easy_date(date(this_year, 3, 4)).endswith("4 March")
    assert easy_date(date(this_year - 1, 3, 4)).endswith(f"4 March {this_year - 1}")


def test_a_datetime_gives_its_london_date() -> None:
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (summer time).
    assert easy_date(datetime(2025, 5, 31, 23, 30, tzinfo=UTC), today=TODAY) == "Sunday 1 June"


def test_times_from_another_zone_are_shown_in_london_time() -> None:
    new_york = timezone(timedelta(hours=-5))
    assert easy_time(datetime(2025, 3, 4, 5, 0, tzinfo=new_york)) == "10 in the morning"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        easy_time(datetime(2025, 3, 4, 10, 0))  # noqa: DTZ001 (the point of the test)
    with pytest.raises(ValueError, match="naive"):
        to_london(datetime(2025, 3, 4, 10, 0))  # noqa: DTZ001


class TestSpringClockChange:
    """On 30 March 2025 at 01:00 UTC London goes from GMT to BST (UTC+1)."""

    def test_10_in_the_morning_either_side_of_the_change(self) -> None:
        saturday_before = datetime(2025, 3, 29, 10, 0, tzinfo=UTC)
        monday_after = datetime(2025, 3, 31, 9, 0, tzinfo=UTC)
        assert easy_time(saturday_before) == "10 in the morning"
        assert easy_time(monday_after) == "10 in the morning"
        assert easy_date(saturday_before, today=TODAY) == "Saturday 29 March"
        assert easy_date(monday_after, today=TODAY) == "Monday 31 March"

    def test_the_night_of_the_change(self) -> None:
        assert easy_time(datetime(2025, 3, 30, 0, 30, tzinfo=UTC)) == "half past 12 at night"
        # An hour later the clocks have gone forward: 01:30 UTC is 02:30 BST.
        assert easy_time(datetime(2025, 3, 30, 1, 30, tzinfo=UTC)) == "half past 2 at night"

    def test_a_range_over_the_change_lasts_the_real_time(self) -> None:
        start = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
        end = datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
        assert easy_time_range(start, end) == "half past 12 at night to half past 2 at night"
        assert easy_duration(end - start) == "1 hour"


class TestAutumnClockChange:
    """On 26 October 2025 at 01:00 UTC London goes back from BST to GMT, so
    half past 1 at night happens twice."""

    def test_half_past_1_happens_twice(self) -> None:
        first = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 01:30 BST
        second = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)  # 01:30 GMT
        assert easy_time(first) == "half past 1 at night"
        assert easy_time(second) == "half past 1 at night"
        assert easy_duration(second - first) == "1 hour"

    def test_10_in_the_morning_either_side_of_the_change(self) -> None:
        assert easy_time(datetime(2025, 10, 25, 9, 0, tzinfo=UTC)) == "10 in the morning"
        assert easy_time(datetime(2025, 10, 27, 10, 0, tzinfo=UTC)) == "10 in the morning"

    def test_a_meeting_over_the_change(self) -> None:
        # 00:00 BST to 03:00 GMT: 3 hours on the clock, 4 hours of real time.
        start = datetime(2025, 10, 25, 23, 0, tzinfo=UTC)
        end = datetime(2025, 10, 26, 3, 0, tzinfo=UTC)
        assert easy_time_range(start, end) == "12 midnight to 3 at night"
        assert easy_duration(end - start) == "4 hours"


class TestOtherLanguages:
    def test_welsh_dates_have_full_day_and_month_names(self) -> None:
        assert easy_date(date(2025, 3, 4), "cy", today=TODAY) == "Dydd Mawrth 4 Mawrth"
        assert easy_date(date(2026, 3, 4), "cy", today=TODAY) == "Dydd Mercher 4 Mawrth 2026"

    def test_welsh_times_use_the_locale_clock(self) -> None:
        assert easy_time(datetime(2025, 3, 31, 13, 30, tzinfo=UTC), "cy") == "14:30"
        assert easy_time(time(9, 5), "cy") == "09:05"

    def test_welsh_ranges_and_durations(self) -> None:
        start = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
        end = datetime(2025, 3, 4, 11, 30, tzinfo=UTC)
        assert easy_time_range(start, end, "cy") == "10:00 – 11:30"
        assert easy_duration(end - start, "cy") == "1 awr 30 munud"

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [("pl", "wtorek 4 marca"), ("ur", "منگل 4 مارچ"), ("ar", "الثلاثاء 4 مارس")],
    )
    def test_other_locales(self, lang: str, expected: str) -> None:
        assert easy_date(date(2025, 3, 4), lang, today=TODAY) == expected

    def test_english_variants_use_the_easy_style(self) -> None:
        assert easy_time(time(12, 0), "en-GB") == "12 noon"
        assert easy_time(time(12, 0), "en_GB") == "12 noon"

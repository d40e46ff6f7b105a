"""Dates and times on pages are London time, with the day of the week."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask

from portal.template_filters import time_range


def test_a_meeting_on_one_day_names_the_day_once(app: Flask) -> None:
    with app.test_request_context():
        # 10:00 and 11:00 UTC in summer are 11:00 and 12:00 in London.
        start = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
        end = datetime(2026, 6, 1, 11, 0, tzinfo=UTC)
        assert time_range(start, end) == "Monday 1 June 2026, 11:00 to 12:00"


def test_a_meeting_past_midnight_in_london_names_both_days(app: Flask) -> None:
    with app.test_request_context():
        start = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)
        end = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)
        assert time_range(start, end) == ("Monday 1 June 2026, 23:30 to Tuesday 2 June 2026, 00:30")

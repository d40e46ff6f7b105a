"""Time as people in England read it: Europe/London, across the clock changes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from portal.models import utc_now

LONDON = ZoneInfo("Europe/London")


def london_today() -> date:
    return utc_now().astimezone(LONDON).date()


def london_datetime(day: date, at: time) -> datetime:
    """The moment the clocks in London show `at` on `day` (an aware datetime)."""
    return datetime.combine(day, at, tzinfo=LONDON)

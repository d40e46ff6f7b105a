"""Dates, times and durations in the easy-read style, in Europe/London time.

English follows easy-read guidance: dates written out ("Tuesday 4 March"),
clear times ("10 in the morning", "half past 2 in the afternoon", "12 noon"),
numbers as digits. Other languages use Babel's locale patterns with full
weekday and month names, and Babel's short time format.

Every moment is shown in Europe/London time, whatever time zone it arrives in,
so a meeting at 10 in the morning reads "10 in the morning" on both sides of a
clock change. Naive datetimes are refused: we cannot know which moment they mean.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import format_timedelta as babel_format_timedelta

__all__ = [
    "LONDON",
    "easy_date",
    "easy_duration",
    "easy_time",
    "easy_time_range",
    "london_today",
    "to_london",
]

LONDON = ZoneInfo("Europe/London")


def _is_english(lang: str) -> bool:
    return lang.replace("-", "_").split("_")[0].lower() == "en"


def _babel_locale(lang: str) -> str:
    return lang.replace("-", "_")


def to_london(moment: datetime) -> datetime:
    """`moment` in Europe/London time. Raises ValueError for a naive datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime has no time zone; give a timezone-aware one")
    return moment.astimezone(LONDON)


def london_today() -> date:
    """Today's date in London."""
    return datetime.now(LONDON).date()


def easy_date(day: date | datetime, lang: str = "en", *, today: date | None = None) -> str:
    """ "Tuesday 4 March", with the year only when it is not this year.

    A datetime must be timezone-aware; its London date is used.
    `today` defaults to today in London.
    """
    if isinstance(day, datetime):
        day = to_london(day).date()
    if today is None:
        today = london_today()
    with_year = day.year != today.year
    if _is_english(lang):
        # Babel, not strftime: strftime names follow the process's C locale.
        text = babel_format_date(day, "EEEE d MMMM", locale="en_GB")
        return f"{text} {day.year}" if with_year else text
    pattern = "EEEE d MMMM y" if with_year else "EEEE d MMMM"
    return babel_format_date(day, pattern, locale=_babel_locale(lang))


def _part_of_day(hour: int) -> str:
    # "at night" covers the hours most people are asleep, so that
    # "in the morning" always means daytime.
    if 5 <= hour < 12:
        return "in the morning"
    if 12 <= hour < 18:
        return "in the afternoon"
    if 18 <= hour < 22:
        return "in the evening"
    return "at night"


def _clock_hour(hour: int) -> int:
    return hour % 12 or 12


def _english_time(hour: int, minute: int) -> str:
    if minute == 0 and hour == 12:
        return "12 noon"
    if minute == 0 and hour == 0:
        return "12 midnight"
    part = _part_of_day(hour)
    if minute == 0:
        return f"{_clock_hour(hour)} {part}"
    if minute == 15:
        return f"quarter past {_clock_hour(hour)} {part}"
    if minute == 30:
        return f"half past {_clock_hour(hour)} {part}"
    if minute == 45:
        # Named by the hour it is close to, in the part of the day it is now:
        # 11:45 is "quarter to 12 in the morning".
        return f"quarter to {_clock_hour(hour + 1)} {part}"
    return f"{_clock_hour(hour)}:{minute:02d} {part}"


def easy_time(moment: datetime | time, lang: str = "en") -> str:
    """ "10 in the morning", "half past 2 in the afternoon", "12 noon".

    A datetime must be timezone-aware and is shown in London time; a `time`
    is taken as London clock time. Seconds are ignored.
    """
    if isinstance(moment, datetime):
        moment = to_london(moment)
        if _is_english(lang):
            return _english_time(moment.hour, moment.minute)
        return babel_format_time(moment, "short", tzinfo=LONDON, locale=_babel_locale(lang))
    if _is_english(lang):
        return _english_time(moment.hour, moment.minute)
    return babel_format_time(
        moment.replace(tzinfo=None), "short", tzinfo=None, locale=_babel_locale(lang)
    )


def easy_time_range(
    start: datetime, end: datetime, lang: str = "en", *, today: date | None = None
) -> str:
    """ "10 in the morning to 12 noon".

    When the two moments fall on different London dates, each time comes with
    its date: "Tuesday 4 March, 10 at night to Wednesday 5 March, 2 at night".
    """
    start, end = to_london(start), to_london(end)
    joiner = " to " if _is_english(lang) else " – "
    if start.date() == end.date():
        return f"{easy_time(start, lang)}{joiner}{easy_time(end, lang)}"
    return (
        f"{easy_date(start, lang, today=today)}, {easy_time(start, lang)}{joiner}"
        f"{easy_date(end, lang, today=today)}, {easy_time(end, lang)}"
    )


def easy_duration(length: timedelta, lang: str = "en") -> str:
    """ "2 hours", "1 hour 30 minutes", "45 minutes". Rounded to the nearest minute.

    Durations measure real time passing: across a clock change, 1:30 to
    2:30 on the clock can be no time at all or 2 hours.
    """
    total_minutes = round(length.total_seconds() / 60)
    if total_minutes < 0:
        raise ValueError("a duration cannot be negative")
    hours, minutes = divmod(total_minutes, 60)
    if _is_english(lang):
        parts = []
        if hours:
            parts.append(f"{hours} hour" if hours == 1 else f"{hours} hours")
        if minutes or not hours:
            parts.append(f"{minutes} minute" if minutes == 1 else f"{minutes} minutes")
        return " ".join(parts)
    locale = _babel_locale(lang)
    babel_parts = []
    if hours:
        babel_parts.append(
            babel_format_timedelta(
                timedelta(hours=hours), granularity="hour", threshold=1000, locale=locale
            )
        )
    if minutes or not hours:
        babel_parts.append(
            babel_format_timedelta(
                timedelta(minutes=minutes), granularity="minute", threshold=1000, locale=locale
            )
        )
    # A plain space: Babel's unit lists are wrong for some locales (Arabic repeats items).
    return " ".join(babel_parts)

"""Dates and times (rules `numeric-date`, `quarter`, `time-24-hour`).

Guidance: Inclusion Europe "Information for all" (write dates in full, like
"Tuesday 4 March"), Mencap "Am I making myself clear?" (write dates and
times out; "10 in the morning"), Department of Health (2010) (say the day,
date and month in words; use times people know).

- `numeric-date` (error, every language): "04/03/25", "4.3.2025",
  "2025-03-04". Dates are read day first, as in the UK. With a 4-digit year
  the suggestion is the date in words ("Tuesday 4 March 2025"); with a 2-digit
  year the century is a guess, so the suggestion says how to write it.
- `quarter` (error): "Q3" (every language), "the third quarter", "quarter 3"
  (English). Quarters can follow the calendar or the NHS financial year, so
  the suggestion asks for the months.
- `time-24-hour` (warning, every language): "14:00", "09:30", "00:15",
  "1400hrs"; suggests "2 in the afternoon". "10:30" and "2:30pm" pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from easyread.checker.model import Finding, Severity
from easyread.checker.phrases import PhraseMatcher
from easyread.checker.rules import Context, quote
from easyread.dates import easy_time

DATE_RULE = "numeric-date"
QUARTER_RULE = "quarter"
TIME_RULE = "time-24-hour"

_DAY_FIRST = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/\-]|\.\d)")
_ISO = re.compile(r"(?<![\d/.\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/\-]|\.\d)")
_QUARTER = re.compile(r"(?<![^\W_])Q([1-4])(?![^\W_])")
_CLOCK = re.compile(r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])(\s?(?:hrs|hours|h)\b)?")
_HOURS = re.compile(r"(?<![\d:.,])([01]\d|2[0-3])([0-5]\d)\s?(?:hrs|hours|h)\b")

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS["4th"] = 4
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_PHRASES: PhraseMatcher[int] = PhraseMatcher(
    [(f"{ordinal} quarter", value) for ordinal, value in _ORDINALS.items()]
    + [(f"quarter {number}", value) for number, value in _NUMBERS.items()]
)


def date_in_words(year: int, month: int, day: int) -> str | None:
    """ "Tuesday 4 March 2025", or None when there is no such day."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return f"{_WEEKDAYS[date.weekday()]} {day} {_MONTHS[month - 1]} {year}"


def _date_finding(ctx: Context, start: int, end: int, in_words: str | None) -> Finding:
    for index in ctx.doc.words_in(start, end):
        ctx.claimed[index] = 1
    text = ctx.text(start, end)
    suggestion = (
        f"Write {in_words}."
        if in_words
        else "Write the day and month in words, like Tuesday 4 March."
    )
    return ctx.finding(
        DATE_RULE,
        Severity.ERROR,
        start,
        end,
        f"Dates written in numbers, like {quote(text)}, are hard to read and easy to mix up.",
        suggestion,
    )


def check_dates(ctx: Context) -> Iterator[Finding]:
    plain = ctx.doc.plain
    for match in _DAY_FIRST.finditer(plain):
        day, month, year = int(match.group(1)), int(match.group(3)), match.group(4)
        valid_uk = 1 <= day <= 31 and 1 <= month <= 12
        valid_us = 1 <= month <= 31 and 1 <= day <= 12
        if not (valid_uk or valid_us):
            continue
        in_words = date_in_words(int(year), month, day) if len(year) == 4 else None
        yield _date_finding(ctx, match.start(), match.end(), in_words)
    for match in _ISO.finditer(plain):
        year, month, day = (int(part) for part in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            yield _date_finding(ctx, *match.span(), date_in_words(year, month, day))


def _quarter_finding(ctx: Context, start: int, end: int) -> Finding:
    for index in ctx.doc.words_in(start, end):
        ctx.claimed[index] = 1
    return ctx.finding(
        QUARTER_RULE,
        Severity.ERROR,
        start,
        end,
        f"{quote(ctx.text(start, end))} is a quarter of a year, but readers will not know "
        "which months it means.",
        "Say which months you mean, like 'July, August and September'.",
    )


def check_quarters(ctx: Context) -> Iterator[Finding]:
    for match in _QUARTER.finditer(ctx.doc.plain):
        yield _quarter_finding(ctx, match.start(), match.end())
    if ctx.english:
        for first, last, _ in _QUARTER_PHRASES.find(ctx.doc):
            if not ctx.any_claimed(first, last):
                yield _quarter_finding(ctx, ctx.doc.words[first].start, ctx.doc.words[last - 1].end)


def check_times(ctx: Context) -> Iterator[Finding]:
    plain = ctx.doc.plain
    for match in _CLOCK.finditer(plain):
        hour_text, minute = match.group(1), int(match.group(2))
        hour = int(hour_text)
        marked = match.group(3) is not None
        if not (hour >= 13 or hour == 0 or (len(hour_text) == 2 and hour_text[0] == "0") or marked):
            continue
        after = plain[match.end() : match.end() + 4].lstrip().lower()
        if after.startswith(("am", "pm", "a.m", "p.m")):
            continue
        yield _time_finding(ctx, match.start(), match.end(), hour, minute)
    for match in _HOURS.finditer(plain):
        yield _time_finding(
            ctx, match.start(), match.end(), int(match.group(1)), int(match.group(2))
        )


def _time_finding(ctx: Context, start: int, end: int, hour: int, minute: int) -> Finding:
    for index in ctx.doc.words_in(start, end):
        ctx.claimed[index] = 1
    easy = easy_time(dt.time(hour, minute), "en")
    return ctx.finding(
        TIME_RULE,
        Severity.WARNING,
        start,
        end,
        f"{quote(ctx.text(start, end))} is a 24-hour time. Many readers find it hard to read.",
        f"Write '{easy}'.",
    )

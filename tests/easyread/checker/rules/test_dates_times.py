"""Rules `numeric-date`, `quarter` and `time-24-hour`."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from easyread.checker.rules.dates_times import date_in_words
from tests.easyread.checker.helpers import findings, flagged


def test_a_numeric_date_is_an_error_with_how_to_write_it() -> None:
    text = "We meet on 04/03/25 at school."
    (finding,) = findings(text, "numeric-date")
    assert (finding.start, finding.end) == (11, 19)
    assert finding.severity is Severity.ERROR
    assert finding.suggestion == "Write the day and month in words, like Tuesday 4 March."


@pytest.mark.parametrize("date", ["04/03/2025", "4.3.2025", "04-03-2025", "2025-03-04"])
def test_a_date_with_a_4_digit_year_is_written_out(date: str) -> None:
    (finding,) = findings(f"We meet on {date}.", "numeric-date")
    assert finding.suggestion == "Write Tuesday 4 March 2025."


def test_dates_in_words_and_other_numbers_pass() -> None:
    text = "We meet on Tuesday 4 March. Page 3 of 10. Version 1.2 is out. Half is 1/2."
    assert findings(text, "numeric-date") == []


def test_an_impossible_day_gets_the_general_advice() -> None:
    (finding,) = findings("On 31/02/2025.", "numeric-date")
    assert finding.suggestion == "Write the day and month in words, like Tuesday 4 March."


def test_date_in_words() -> None:
    assert date_in_words(2025, 3, 4) == "Tuesday 4 March 2025"
    assert date_in_words(2025, 2, 30) is None


def test_quarter_names_are_errors() -> None:
    text = "We will decide in Q3."
    (finding,) = findings(text, "quarter")
    assert text[finding.start : finding.end] == "Q3"
    assert finding.severity is Severity.ERROR
    assert "months" in (finding.suggestion or "")
    assert flagged("In the third quarter we meet.", "quarter") == ["third quarter"]
    assert flagged("By quarter 2 we meet.", "quarter") == ["quarter 2"]


def test_quarters_of_an_hour_and_q_words_pass() -> None:
    assert findings("Wait a quarter of an hour. Ask Q about it. Q5 is a road.", "quarter") == []


@pytest.mark.parametrize(
    ("text", "time", "easy"),
    [
        ("Come at 14:00 please.", "14:00", "2 in the afternoon"),
        ("Come at 09:30 please.", "09:30", "half past 9 in the morning"),
        ("Come at 18:45 please.", "18:45", "quarter to 7 in the evening"),
        ("Come at 00:00 please.", "00:00", "12 midnight"),
        ("Come at 1400hrs please.", "1400hrs", "2 in the afternoon"),
    ],
)
def test_24_hour_times_get_the_easy_form(text: str, time: str, easy: str) -> None:
    (finding,) = findings(text, "time-24-hour")
    assert text[finding.start : finding.end] == time
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == f"Write '{easy}'."


@pytest.mark.parametrize(
    "text", ["Come at 10:30.", "Come at 2:30pm.", "Come at 10 in the morning."]
)
def test_12_hour_times_pass(text: str) -> None:
    assert findings(text, "time-24-hour") == []


def test_dates_and_times_are_checked_in_every_language() -> None:
    text = "Mae'r cyfarfod ar 04/03/25 am 14:00."
    assert flagged(text, "numeric-date", "cy") == ["04/03/25"]
    assert flagged(text, "time-24-hour", "cy") == ["14:00"]
    assert flagged("Spotkanie w Q3.", "quarter", "pl") == ["Q3"]


def test_the_parts_of_a_date_are_not_reported_as_numbers() -> None:
    rules = {f.rule for f in findings("On 04/03/2025 at 14:00.", "large-number")}
    assert rules == set()

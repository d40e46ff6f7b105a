"""The note form (what happened, when it happened in London time, the note)
and the access log's filter form (a GET form: no CSRF token, nothing changes)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from portal.services.access.identity_check import DateNotValid, DateProblem, parse_date_parts
from portal.services.records.notes import BODY_MAX_LENGTH, SUMMARY_MAX_LENGTH, NoteProblem
from portal.timezones import LONDON, london_datetime, london_today

DATE_PROBLEMS = {
    DateProblem.MISSING: _l("Enter the date it happened"),
    DateProblem.PART_MISSING: _l("Enter the day, the month and the year"),
    DateProblem.NOT_NUMBERS: _l("Use numbers for the date, like 27 11 2026"),
    DateProblem.YEAR_NOT_4_DIGITS: _l("Enter the year with 4 numbers, like 2026"),
    DateProblem.NOT_REAL: _l("Enter a real date, like 27 11 2026"),
    DateProblem.IN_FUTURE: _l("The date it happened must be today or in the past"),
}
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")

# What each of the notes rules' problems says, and beside which field.
NOTE_PROBLEMS: dict[NoteProblem, tuple[str, LazyString]] = {
    NoteProblem.SUMMARY_MISSING: ("summary", _l("Enter what happened")),
    NoteProblem.SUMMARY_TOO_LONG: (
        "summary",
        _l("What happened must be %(max)d characters or fewer", max=SUMMARY_MAX_LENGTH),
    ),
    NoteProblem.BODY_MISSING: ("body", _l("Enter the note")),
    NoteProblem.BODY_TOO_LONG: (
        "body",
        _l("The note must be %(max)d characters or fewer", max=BODY_MAX_LENGTH),
    ),
    NoteProblem.EVENT_IN_FUTURE: ("time", _l("The time it happened must be now or in the past")),
}


class NoteForm(FlaskForm):
    summary = StringField(
        _l("What happened"),
        validators=[
            DataRequired(NOTE_PROBLEMS[NoteProblem.SUMMARY_MISSING][1]),
            Length(max=SUMMARY_MAX_LENGTH, message=NOTE_PROBLEMS[NoteProblem.SUMMARY_TOO_LONG][1]),
        ],
    )
    day = StringField(_l("Day"), id="happened-on-day", validators=[Length(max=10)])
    month = StringField(_l("Month"), id="happened-on-month", validators=[Length(max=10)])
    year = StringField(_l("Year"), id="happened-on-year", validators=[Length(max=10)])
    time = StringField(_l("Time it happened"), validators=[Length(max=10)])
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(NOTE_PROBLEMS[NoteProblem.BODY_MISSING][1]),
            Length(max=BODY_MAX_LENGTH, message=NOTE_PROBLEMS[NoteProblem.BODY_TOO_LONG][1]),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event_at: datetime | None = None
        # The date boxes to mark as wrong: "day", "month", "year".
        self.fields_in_error: tuple[str, ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        self.fields_in_error = tuple(n for n in ("day", "month", "year") if self[n].errors)
        if self.fields_in_error:
            return False
        day: date | None = None
        try:
            day = parse_date_parts(self.day.data, self.month.data, self.year.data, london_today())
        except DateNotValid as problem:
            self.mark_wrong("day", str(DATE_PROBLEMS[problem.problem]), problem.fields)
        at = parse_time(self.time.data)
        if at is None and not self.time.errors:
            self.mark_wrong("time", str(_l("Enter the time it happened, like 14:30")))
        if day is None or at is None:
            return False
        self.event_at = london_datetime(day, at)
        return valid

    def mark_wrong(self, name: str, message: str, date_fields: tuple[str, ...] = ()) -> None:
        """Put `message` beside field `name` (the first date box at fault, for a date)."""
        if date_fields:
            name, self.fields_in_error = date_fields[0], date_fields
        self[name].errors = [*self[name].errors, message]

    def fill_in(self, summary: str, event_at: datetime, body: str) -> None:
        """Start the form from a note (to amend it): its words and its London time."""
        local = event_at.astimezone(LONDON)
        self.summary.data, self.body.data = summary, body
        self.day.data, self.month.data, self.year.data = (
            str(local.day),
            str(local.month),
            str(local.year),
        )
        self.time.data = local.strftime("%H:%M")


def parse_time(text: str | None) -> time | None:
    match = TIME.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _london_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError(_l("Enter a real date, like 2026-11-27")) from None


class AccessLogFilterForm(Form):
    """Who accessed this record, narrowed down: read from the query string."""

    person = SelectField(
        _l("Member of staff"), choices=[], validators=[Optional()], validate_choice=False
    )
    action = SelectField(
        _l("What they did"), choices=[], validators=[Optional()], validate_choice=False
    )
    date_from = StringField(_l("From (date)"), validators=[Optional(), Length(max=10)])
    date_to = StringField(_l("To (date)"), validators=[Optional(), Length(max=10)])

    def validate_date_from(self, field: StringField) -> None:
        _london_date(field.data)

    def validate_date_to(self, field: StringField) -> None:
        _london_date(field.data)

    def day(self, field: StringField) -> date | None:
        """The date in `field` if it is a real one (no errors), else None."""
        if field.errors or not (field.data or "").strip():
            return None
        return date.fromisoformat(field.data.strip())

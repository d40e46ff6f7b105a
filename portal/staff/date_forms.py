"""A form with one date asked in three boxes, day, month and year, as the
`date_input` macro draws them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from portal.services.access.identity_check import DateNotValid, DateProblem, parse_date_parts

DATE_PARTS = ("day", "month", "year")

DATE_PROBLEMS = {
    DateProblem.MISSING: _l("Enter the date"),
    DateProblem.PART_MISSING: _l("Enter the day, the month and the year"),
    DateProblem.NOT_NUMBERS: _l("Use numbers for the date, like 4 3 2027"),
    DateProblem.YEAR_NOT_4_DIGITS: _l("Enter the year with 4 numbers, like 2027"),
    DateProblem.NOT_REAL: _l("Enter a real date, like 4 3 2027"),
    DateProblem.IN_FUTURE: _l("Enter a real date, like 4 3 2027"),
}


class DatedForm(FlaskForm):
    """A form with one date in three boxes (day, month, year). A subclass may
    make the date optional (all three boxes empty: `answer` is None) and give
    its own words for each problem."""

    date_required: ClassVar[bool] = True
    date_problems: ClassVar[Mapping[DateProblem, LazyString]] = DATE_PROBLEMS

    day = StringField(_l("Day"), validators=[Length(max=10)])
    month = StringField(_l("Month"), validators=[Length(max=10)])
    year = StringField(_l("Year"), validators=[Length(max=10)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer: date | None = None
        self.fields_in_error: tuple[str, ...] = ()

    def show_date(self, day: date) -> None:
        self.day.data, self.month.data, self.year.data = str(day.day), str(day.month), str(day.year)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if any(self[name].errors for name in DATE_PARTS):
            self.fields_in_error = tuple(name for name in DATE_PARTS if self[name].errors)
            return False
        parts = (self.day.data, self.month.data, self.year.data)
        if not self.date_required and not any((part or "").strip() for part in parts):
            self.answer = None
            return valid
        try:
            # Any day may be typed; the rules say which are allowed.
            self.answer = parse_date_parts(*parts, date.max)
        except DateNotValid as problem:
            self.mark_date_wrong(str(self.date_problems[problem.problem]), problem.fields)
            return False
        return valid

    def mark_date_wrong(self, message: str, fields: tuple[str, ...] = DATE_PARTS) -> None:
        self[fields[0]].errors = [*self[fields[0]].errors, message]
        self.fields_in_error = fields

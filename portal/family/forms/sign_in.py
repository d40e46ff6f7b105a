"""Forms of the family sign-in pages: asking for a link, and the date of birth check."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError
from wtforms.validators import DataRequired, Length

from portal.services.access.addresses import normalise_address
from portal.services.access.identity_check import (
    DateNotValid,
    DateProblem,
    parse_date_parts,
)
from portal.timezones import london_today

# What each problem with a typed date of birth says, beside the boxes.
DATE_PROBLEMS = {
    DateProblem.MISSING: _l("Enter the date of birth"),
    DateProblem.PART_MISSING: _l("Enter the day, the month and the year"),
    DateProblem.NOT_NUMBERS: _l("Use numbers for the date, like 4 3 2010"),
    DateProblem.YEAR_NOT_4_DIGITS: _l("Enter the year with 4 numbers, like 2010"),
    DateProblem.NOT_REAL: _l("Enter a real date, like 4 3 2010"),
    DateProblem.IN_FUTURE: _l("Enter a date in the past, like 4 3 2010"),
}


class LinkRequestForm(FlaskForm):
    address = StringField(
        _l("Mobile phone number or email address"),
        validators=[
            DataRequired(_l("Enter your mobile phone number or email address")),
            Length(max=254, message=_l("This is too long. Check what you typed.")),
        ],
    )

    def validate_address(self, field: StringField) -> None:
        if normalise_address(field.data) is None:
            raise ValidationError(_l("Enter a mobile phone number or an email address"))


class DateOfBirthForm(FlaskForm):
    day = StringField(_l("Day"), id="date-of-birth-day", validators=[Length(max=10)])
    month = StringField(_l("Month"), id="date-of-birth-month", validators=[Length(max=10)])
    year = StringField(_l("Year"), id="date-of-birth-year", validators=[Length(max=10)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer: date | None = None
        # The boxes to mark as wrong: "day", "month", "year".
        self.fields_in_error: tuple[str, ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            self.fields_in_error = tuple(
                name for name in ("day", "month", "year") if self[name].errors
            )
            return False
        try:
            self.answer = parse_date_parts(
                self.day.data, self.month.data, self.year.data, london_today()
            )
        except DateNotValid as problem:
            self.mark_wrong(str(DATE_PROBLEMS[problem.problem]), problem.fields)
            return False
        return True

    def mark_wrong(self, message: str, fields: tuple[str, ...] = ("day", "month", "year")) -> None:
        # The message goes on the first box at fault: the error summary links to it.
        self[fields[0]].errors = [*self[fields[0]].errors, message]
        self.fields_in_error = fields

"""Forms of the allocation and cover pages, and the words for what the
allocation rules refuse."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.services.access.identity_check import DateNotValid, DateProblem, parse_date_parts
from portal.services.allocation.allocations import EARLIEST_BACKDATE_DAYS, AllocationProblem
from portal.services.allocation.cover import LONGEST_COVER_DAYS, CoverProblem
from portal.services.allocation.team import REASON_MAX_LENGTH

DATE_PARTS = ("day", "month", "year")

DATE_PROBLEMS = {
    DateProblem.MISSING: _l("Enter the date"),
    DateProblem.PART_MISSING: _l("Enter the day, the month and the year"),
    DateProblem.NOT_NUMBERS: _l("Use numbers for the date, like 4 3 2027"),
    DateProblem.YEAR_NOT_4_DIGITS: _l("Enter the year with 4 numbers, like 2027"),
    DateProblem.NOT_REAL: _l("Enter a real date, like 4 3 2027"),
    DateProblem.IN_FUTURE: _l("Enter a real date, like 4 3 2027"),
}


def _reason() -> TextAreaField:
    return TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Enter the reason")),
            Length(
                max=REASON_MAX_LENGTH,
                message=_l("The reason must be %(max)d characters or fewer", max=REASON_MAX_LENGTH),
            ),
        ],
    )


class DatedForm(FlaskForm):
    """A form with one date in three boxes (day, month, year)."""

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
        try:
            # Any day may be typed; the rules say which are allowed.
            self.answer = parse_date_parts(self.day.data, self.month.data, self.year.data, date.max)
        except DateNotValid as problem:
            self.mark_date_wrong(str(DATE_PROBLEMS[problem.problem]), problem.fields)
            return False
        return valid

    def mark_date_wrong(self, message: str, fields: tuple[str, ...] = DATE_PARTS) -> None:
        self[fields[0]].errors = [*self[fields[0]].errors, message]
        self.fields_in_error = fields


class ChangeKeyworkerForm(DatedForm):
    """The view sets the keyworkers to choose from."""

    keyworker = RadioField(
        _l("New keyworker"), choices=[], validators=[DataRequired(_l("Choose the new keyworker"))]
    )
    # The keyworker when the form was shown ("none": not allocated).
    expected_keyworker = HiddenField()
    reason = _reason()


class CoverForm(DatedForm):
    """The view sets the colleagues to choose from."""

    colleague = RadioField(
        _l("Who will cover?"), choices=[], validators=[DataRequired(_l("Choose who will cover"))]
    )
    reason = _reason()


# Where each refusal is shown: the field, and the words.
ALLOCATION_PROBLEMS: dict[AllocationProblem, tuple[str, LazyString]] = {
    AllocationProblem.NOT_A_TEAM_KEYWORKER: (
        "keyworker",
        _l("Choose a keyworker from this young person's team"),
    ),
    AllocationProblem.SAME_KEYWORKER: (
        "keyworker",
        _l("Choose a different keyworker: this is the keyworker now"),
    ),
    AllocationProblem.REASON_MISSING: ("reason", _l("Enter the reason")),
    AllocationProblem.REASON_TOO_LONG: (
        "reason",
        _l("The reason must be %(max)d characters or fewer", max=REASON_MAX_LENGTH),
    ),
    AllocationProblem.DATE_IN_FUTURE: ("day", _l("The date must be today or in the past")),
    AllocationProblem.DATE_TOO_EARLY: (
        "day",
        _l("The date must be within the last %(days)d days", days=EARLIEST_BACKDATE_DAYS),
    ),
    AllocationProblem.CHANGED_SINCE: (
        "keyworker",
        _l("Someone changed the keyworker after you opened this page. Check and try again"),
    ),
}

COVER_PROBLEMS: dict[CoverProblem, tuple[str, LazyString]] = {
    CoverProblem.NOT_A_TEAM_KEYWORKER: (
        "colleague",
        _l("Choose a keyworker from this young person's team"),
    ),
    CoverProblem.IS_THE_KEYWORKER: (
        "colleague",
        _l("Choose someone else: this is the young person's keyworker"),
    ),
    CoverProblem.ALREADY_COVERING: (
        "colleague",
        _l("This person already covers this young person. End that cover first"),
    ),
    CoverProblem.ENDS_IN_THE_PAST: ("day", _l("The end date must be today or later")),
    CoverProblem.TOO_LONG: (
        "day",
        _l(
            "Cover can last up to %(days)d days. For longer, change the keyworker",
            days=LONGEST_COVER_DAYS,
        ),
    ),
    CoverProblem.REASON_MISSING: ("reason", _l("Enter the reason")),
    CoverProblem.REASON_TOO_LONG: (
        "reason",
        _l("The reason must be %(max)d characters or fewer", max=REASON_MAX_LENGTH),
    ),
    CoverProblem.ALREADY_ENDED: ("colleague", _l("This cover has ended already")),
}


def show_problem(form: DatedForm, field: str, message: str) -> None:
    if field == "day":
        form.mark_date_wrong(message)
    else:
        form[field].errors = [*form[field].errors, message]

"""Forms of the allocation and cover pages, and the words for what the
allocation rules refuse."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.services.allocation.allocations import EARLIEST_BACKDATE_DAYS, AllocationProblem
from portal.services.allocation.cover import LONGEST_COVER_DAYS, CoverProblem
from portal.services.allocation.team import REASON_MAX_LENGTH
from portal.staff.date_forms import DatedForm


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

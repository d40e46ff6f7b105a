"""The forms of the consent and capacity pages. Which people and bases a
decision form offers is set by the view from `lawful_bases`; the services
check again."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from portal.models import AssessmentOutcome, DecisionArea, DecisionChannel
from portal.services.consent.capacity import NAME_MAX_LENGTH, ROLE_MAX_LENGTH, TEXT_MAX_LENGTH
from portal.services.consent.on_behalf import NOTE_MAX_LENGTH, STAFF_CHANNELS
from portal.services.consent.requests import REPLY_MAX_LENGTH
from portal.staff.family_text_form import FamilyTextForm
from portal.template_filters import LABELS

_DATE = re.compile(r"^\s*(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})\s*$")
DATE_HINT = _l("For example, 27 11 2026")
# How staff heard of a decision, in their words ("email" alone would be ambiguous in LABELS).
CHANNEL_LABELS: dict[DecisionChannel, Any] = {
    DecisionChannel.PHONE: _l("Phone call"),
    DecisionChannel.IN_PERSON: _l("In person"),
    DecisionChannel.PAPER: _l("Paper form"),
    DecisionChannel.EMAIL: _l("Email"),
    DecisionChannel.SMS: _l("Text message"),
}


def parse_day(text: str | None) -> date | None:
    """A date typed as day, month and year ("27 11 2026"); None if it is not one."""
    match = _DATE.match(text or "")
    if not match:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


class _Day:
    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: StringField) -> None:
        if field.data and parse_day(field.data) is None:
            raise ValidationError(self.message)


def _area_choices() -> list[tuple[str, Any]]:
    return [(area.value, LABELS[area]) for area in DecisionArea]


def _area() -> SelectField:
    return SelectField(
        _l("Decision"),
        choices=_area_choices(),
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the decision")),
            AnyOf([a.value for a in DecisionArea], message=_l("Choose the decision")),
        ],
    )


def _contact_field(label: Any) -> SelectField:
    """A contact of the young person, or nobody (""): the service checks whose."""
    return SelectField(label, choices=[], validate_choice=False, validators=[Optional()])


class DecisionForm(FamilyTextForm):
    # The reply to a request is read by the family: checked for easy read.
    family_text_fields = ("reply",)

    seen = HiddenField()
    choice = RadioField(
        _l("Their choice"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose yes or no")),
            AnyOf(["yes", "no"], message=_l("Choose yes or no")),
        ],
    )
    # The choices are set by the view; a basis not offered is refused by the service.
    basis = RadioField(
        _l("Who decided, and on what basis"),
        choices=[],
        validate_choice=False,
        validators=[DataRequired(_l("Choose who decided"))],
    )
    channel = RadioField(
        _l("How they told you"),
        choices=[(c.value, CHANNEL_LABELS[c]) for c in STAFF_CHANNELS],
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose how they told you")),
            AnyOf([c.value for c in STAFF_CHANNELS], message=_l("Choose how they told you")),
        ],
    )
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[
            Optional(),
            Length(
                max=NOTE_MAX_LENGTH,
                message=_l("The note must be %(max)d characters or fewer", max=NOTE_MAX_LENGTH),
            ),
        ],
    )
    reply = TextAreaField(
        _l("What to tell them (optional)"),
        validators=[
            Optional(),
            Length(
                max=REPLY_MAX_LENGTH,
                message=_l("The reply must be %(max)d characters or fewer", max=REPLY_MAX_LENGTH),
            ),
        ],
    )


class ReplyForm(FamilyTextForm):
    family_text_fields = ("reply",)

    reply = TextAreaField(
        _l("Your reply"),
        validators=[
            DataRequired(_l("Enter your reply and the reason")),
            Length(
                max=REPLY_MAX_LENGTH,
                message=_l("The reply must be %(max)d characters or fewer", max=REPLY_MAX_LENGTH),
            ),
        ],
    )


def _text(label: str, missing: str, max_length: int) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(missing),
            Length(
                max=max_length,
                message=_l("This must be %(max)d characters or fewer", max=max_length),
            ),
        ],
    )


class AssessmentForm(FlaskForm):
    area = _area()
    outcome = RadioField(
        _l("Outcome"),
        choices=[],
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the outcome")),
            AnyOf([o.value for o in AssessmentOutcome], message=_l("Choose the outcome")),
        ],
    )
    refused_contact = _contact_field(_l("Refuses this person (family access only)"))
    assessed_on = StringField(
        _l("Date assessed"),
        validators=[
            DataRequired(_l("Enter the date assessed")),
            _Day(_l("Enter a real date, like 27 11 2026")),
        ],
    )
    review_on = StringField(
        _l("Review date (optional)"),
        validators=[Optional(), _Day(_l("Enter a real date, like 27 11 2026"))],
    )
    note = _text(_l("How it was assessed"), _l("Enter how it was assessed"), TEXT_MAX_LENGTH)


class BestInterestsForm(FlaskForm):
    area = _area()
    decision = _text(_l("What was decided"), _l("Enter what was decided"), TEXT_MAX_LENGTH)
    maker_name = StringField(
        _l("Decision maker"),
        validators=[DataRequired(_l("Enter who made the decision")), Length(max=NAME_MAX_LENGTH)],
    )
    maker_role = StringField(
        _l("Their role"),
        validators=[DataRequired(_l("Enter their role")), Length(max=ROLE_MAX_LENGTH)],
    )
    reason = _text(_l("Why it is in their best interests"), _l("Enter why"), TEXT_MAX_LENGTH)
    allows_contact = _contact_field(_l("Lets this person see the portal (optional)"))
    decided_on = StringField(
        _l("Date decided"),
        validators=[
            DataRequired(_l("Enter the date decided")),
            _Day(_l("Enter a real date, like 27 11 2026")),
        ],
    )
    review_on = StringField(
        _l("Review date"),
        validators=[
            DataRequired(_l("Enter the review date")),
            _Day(_l("Enter a real date, like 27 11 2026")),
        ],
    )

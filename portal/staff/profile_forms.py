"""Forms for the profile and risk rating pages, and the words for the
problems `portal.services.records.profile` returns."""

from __future__ import annotations

from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length

from portal.models import CommunicationNeedType, RiskRating
from portal.services.records import profile as rules
from portal.services.records.risk_rating import REASON_MAX_LENGTH
from portal.template_filters import label

PROBLEMS: dict[rules.ProfileProblem, LazyString] = {
    rules.ProfileProblem.PREFERRED_NAME_MISSING: _l("Enter the name they like to be called"),
    rules.ProfileProblem.PREFERRED_NAME_TOO_LONG: _l(
        "Preferred name must be %(max)d characters or fewer", max=rules.PREFERRED_NAME_MAX_LENGTH
    ),
    rules.ProfileProblem.LEGAL_NAME_MISSING: _l("Enter their legal name"),
    rules.ProfileProblem.LEGAL_NAME_TOO_LONG: _l(
        "Legal name must be %(max)d characters or fewer", max=rules.LEGAL_NAME_MAX_LENGTH
    ),
    rules.ProfileProblem.PRONOUNS_TOO_LONG: _l(
        "Pronouns must be %(max)d characters or fewer", max=rules.PRONOUNS_MAX_LENGTH
    ),
    rules.ProfileProblem.BORN_IN_THE_FUTURE: _l("Date of birth must be today or in the past"),
    rules.ProfileProblem.TOO_OLD: _l(
        "The service is for young people aged %(age)d or under: check the date of birth",
        age=rules.OLDEST_AGE,
    ),
    rules.ProfileProblem.LANGUAGE_NOT_VALID: _l("Enter a language code, like en, cy, pl or pt-BR"),
    rules.ProfileProblem.NOTES_TOO_LONG: _l(
        "Other communication needs must be %(max)d characters or fewer",
        max=rules.COMMUNICATION_NOTES_MAX_LENGTH,
    ),
    rules.ProfileProblem.REVIEW_IN_THE_PAST: _l("Review date must be today or in the future"),
    rules.ProfileProblem.REVIEW_TOO_FAR_AHEAD: _l(
        "Review date must be within %(years)d years", years=rules.REVIEW_YEARS_AHEAD
    ),
    rules.ProfileProblem.REVIEW_DATE_MISSING: _l(
        "Enter the date to review their communication needs"
    ),
}

# Where each service field's problem is shown on the form.
FIELD_FOR = {
    "preferred_name": "preferred_name",
    "legal_name": "legal_name",
    "pronouns": "pronouns",
    "date_of_birth": "birth_day",
    "preferred_language": "preferred_language",
    "communication_notes": "communication_notes",
    "communication_review_on": "review_day",
}


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (`checkboxes_field` in components/forms.html)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _date_parts(prefix: str) -> tuple[Field, Field, Field]:
    return (
        StringField(_l("Day"), validators=[Length(max=2)], id=f"{prefix}_day"),
        StringField(_l("Month"), validators=[Length(max=2)], id=f"{prefix}_month"),
        StringField(_l("Year"), validators=[Length(max=4)], id=f"{prefix}_year"),
    )


class ProfileForm(FlaskForm):
    version = HiddenField()
    preferred_name = StringField(_l("Preferred name"))
    legal_name = StringField(_l("Legal name"))
    pronouns = StringField(_l("Pronouns (optional)"))
    birth_day, birth_month, birth_year = _date_parts("birth")
    preferred_language = StringField(_l("Preferred language"))
    needs = MultiCheckboxField(
        _l("Communication needs"),
        choices=[SelectChoice(need.value, label(need)) for need in CommunicationNeedType],
    )
    communication_notes = TextAreaField(_l("Other communication needs (optional)"))
    review_day, review_month, review_year = _date_parts("review")

    def date_from(self, prefix: str, *, required: bool) -> date | None:
        """The date in the three boxes, or None (with an error on the day box
        when the date is required or only partly given)."""
        boxes = [getattr(self, f"{prefix}_{part}") for part in ("day", "month", "year")]
        texts = [(box.data or "").strip() for box in boxes]
        if not any(texts):
            if required:
                boxes[0].errors = [*boxes[0].errors, _l("Enter the date of birth")]
            return None
        try:
            day, month, year = (int(text) for text in texts)
            if year < 1900:
                raise ValueError(year)
            return date(year, month, day)
        except ValueError:
            boxes[0].errors = [*boxes[0].errors, _l("Enter a real date, like 15 3 2010")]
            return None

    def show_problems(self, problems: dict[str, rules.ProfileProblem]) -> None:
        for name, problem in problems.items():
            field = getattr(self, FIELD_FOR[name])
            field.errors = [*field.errors, PROBLEMS[problem]]

    def fill(self, saved: rules.ProfileFields, version: int) -> None:
        """Show `saved` (a GET of the page)."""
        self.version.data = str(version)
        self.preferred_name.data = saved.preferred_name
        self.legal_name.data = saved.legal_name
        self.pronouns.data = saved.pronouns or ""
        self.preferred_language.data = saved.preferred_language
        self.needs.data = sorted(need.value for need in saved.needs)
        self.communication_notes.data = saved.communication_notes or ""
        for prefix, day in (
            ("birth", saved.date_of_birth),
            ("review", saved.communication_review_on),
        ):
            for part in ("day", "month", "year"):
                getattr(self, f"{prefix}_{part}").data = str(getattr(day, part)) if day else ""


RISK_CHOICES = [SelectChoice(rating.value, label(rating)) for rating in RiskRating]


class RiskRatingForm(FlaskForm):
    # The rating the form showed ("" for none): a change is made only from it.
    expected = HiddenField()
    rating = RadioField(
        _l("Risk rating"),
        choices=RISK_CHOICES,
        validators=[DataRequired(_l("Choose a risk rating"))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Enter the reason for this rating")),
            Length(
                max=REASON_MAX_LENGTH,
                message=_l("The reason must be %(max)d characters or fewer", max=REASON_MAX_LENGTH),
            ),
        ],
    )

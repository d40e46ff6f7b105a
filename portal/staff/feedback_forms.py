"""The forms on a record's Feedback page: confirm or remove a theme, and
"You said, we did" in easy read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.services.feedback.theme_admin import KEYWORDS_MAX_LENGTH, NAME_MAX_LENGTH
from portal.services.feedback.you_said import TEXT_MAX_LENGTH
from portal.staff.family_text_form import FamilyTextForm

_TOO_LONG = _l("Write %(max)d characters or fewer", max=TEXT_MAX_LENGTH)


class ThemeForm(FlaskForm):
    theme_id = HiddenField(validators=[DataRequired()])


class YouSaidWeDidForm(FamilyTextForm):
    family_text_fields = ("you_said", "we_did")

    you_said = TextAreaField(
        _l("You said"),
        validators=[
            DataRequired(_l("Write what the family said")),
            Length(max=TEXT_MAX_LENGTH, message=_TOO_LONG),
        ],
    )
    we_did = TextAreaField(
        _l("We did"),
        validators=[
            DataRequired(_l("Write what the service did")),
            Length(max=TEXT_MAX_LENGTH, message=_TOO_LONG),
        ],
    )


class ThemeEditForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter a name")),
            Length(max=NAME_MAX_LENGTH, message=_l("The name is too long")),
        ],
    )
    keywords = TextAreaField(
        _l("Keywords, one a line"),
        validators=[Length(max=KEYWORDS_MAX_LENGTH, message=_l("There are too many keywords"))],
    )
    active = BooleanField(_l("In use"), default=True)

"""The forms on a record's Feedback page: confirm or remove a theme,
"You said, we did" in easy read, and an answer given by phone or on paper."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from portal.models import FeedbackChannel, FftAnswer
from portal.services.access.identity_check import DateProblem
from portal.services.feedback.recording import COMMENT_MAX_LENGTH
from portal.services.feedback.taken_by_staff import STAFF_ENTRY_CHANNELS
from portal.services.feedback.theme_admin import KEYWORDS_MAX_LENGTH, NAME_MAX_LENGTH
from portal.services.feedback.you_said import TEXT_MAX_LENGTH
from portal.staff.date_forms import DATE_PROBLEMS, DatedForm
from portal.staff.family_text_form import FamilyTextForm
from portal.template_filters import LABELS

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


# How a family gave an answer to a member of staff, in staff words.
ENTRY_CHANNEL_LABELS = {
    FeedbackChannel.PHONE: _l("Phone call"),
    FeedbackChannel.PAPER: _l("Paper form"),
}
_COMMENT_TOO_LONG = _l("Write %(max)d characters or fewer", max=COMMENT_MAX_LENGTH)


def _comment(label: LazyString) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=COMMENT_MAX_LENGTH, message=_COMMENT_TOO_LONG)],
    )


class FeedbackEntryForm(DatedForm):
    """Feedback a family gave by phone or on paper. The date is the day they
    gave it; who gave it and the meetings are set by the view, and the
    service checks both again."""

    date_problems = {
        **DATE_PROBLEMS,
        DateProblem.MISSING: _l("Enter the day they gave it"),
    }

    form_token = HiddenField()
    contact_id = RadioField(
        _l("Who gave it?"),
        choices=[],
        validate_choice=False,
        validators=[DataRequired(_l("Choose who gave it"))],
    )
    channel = RadioField(
        _l("How did they give it?"),
        choices=[(channel.value, label) for channel, label in ENTRY_CHANNEL_LABELS.items()],
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose how they gave it")),
            AnyOf(
                [channel.value for channel in STAFF_ENTRY_CHANNELS],
                message=_l("Choose how they gave it"),
            ),
        ],
    )
    fft_answer = RadioField(
        _l("Their answer to: Overall, how was your experience of our service?"),
        choices=[(answer.value, LABELS[answer]) for answer in FftAnswer]
        + [("", _l("They did not answer this question"))],
        default="",
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf([answer.value for answer in FftAnswer], message=_l("Choose their answer")),
        ],
    )
    comment = _comment(_l("What was good? (optional)"))
    improvement = _comment(_l("What could be better? (optional)"))
    meeting_id = SelectField(
        _l("What is it about?"), choices=[], validate_choice=False, validators=[Optional()]
    )

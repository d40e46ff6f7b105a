"""The "Tell us what you think" form: the Friends and Family Test in easy read.

The answers are the NHS's six, in easy-read words that map back to them
(DOMAIN.md allows adapted wording). Every answer is optional on its own, but
an answer or a comment is needed.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField, ValidationError
from wtforms.validators import Length

from portal.models import FftAnswer
from portal.services.feedback.recording import (
    COMMENT_MAX_LENGTH,
    FORM_TOKEN_MAX_LENGTH,
    WebFeedback,
)

ANSWER_CHOICES = [
    SelectChoice(FftAnswer.VERY_GOOD.value, _l("Very good")),
    SelectChoice(FftAnswer.GOOD.value, _l("Good")),
    SelectChoice(FftAnswer.NEITHER.value, _l("Not good and not bad")),
    SelectChoice(FftAnswer.POOR.value, _l("Bad")),
    SelectChoice(FftAnswer.VERY_POOR.value, _l("Very bad")),
    SelectChoice(FftAnswer.DONT_KNOW.value, _l("I do not know")),
]
YES = "yes"
NO = "no"

# Control characters other than new lines and tabs: never meant, and some
# databases refuse them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tidy_comment(value: str | None) -> str | None:
    """One kind of line break (a browser sends two characters for each),
    no stray control characters, no space at either end; None when empty."""
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL_CHARACTERS.sub("", value).strip()
    return value or None


class FeedbackForm(FlaskForm):
    answer = RadioField(
        _l("How was our service for you?"),
        choices=ANSWER_CHOICES,
        validate_choice=False,
    )
    comment = TextAreaField(
        _l("Tell us why"),
        filters=[tidy_comment],
        validators=[
            Length(
                max=COMMENT_MAX_LENGTH,
                message=_l("This is too long. You can write up to 2000 letters and spaces."),
            )
        ],
    )
    may_use_in_reports = RadioField(
        _l("Can we use what you said in reports?"),
        choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))],
        validate_choice=False,
    )
    # One-time: sending the same form twice saves it once.
    form_token = HiddenField()

    def validate_answer(self, field: RadioField) -> None:
        if field.data is not None and field.data not in {choice.value for choice in ANSWER_CHOICES}:
            raise ValidationError(_l("Choose 1 of the answers."))

    def validate_may_use_in_reports(self, field: RadioField) -> None:
        if field.data not in (None, YES, NO):
            raise ValidationError(_l("Choose yes or no."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.answer.data is None and not self.comment.data:
            self.answer.errors = [
                *self.answer.errors,
                _l("Choose an answer, or tell us what you think."),
            ]
            return False
        return valid

    def feedback(self) -> WebFeedback:
        """The checked answers (call after `validate`)."""
        token = self.form_token.data or None
        return WebFeedback(
            answer=FftAnswer(self.answer.data) if self.answer.data else None,
            comment=self.comment.data or None,
            # Not chosen counts as no.
            may_use_in_reports=self.may_use_in_reports.data == YES,
            form_token=token if token and len(token) <= FORM_TOKEN_MAX_LENGTH else None,
        )

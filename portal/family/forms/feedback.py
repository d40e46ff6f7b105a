"""The "Tell us what you think" form: the Friends and Family Test in easy read.

The answers are the NHS's six, in easy-read words that map back to them
(DOMAIN.md allows adapted wording). Every answer is optional on its own, but
an answer or something written is needed. Who is answering is preselected
from the contact's relationship; the person can change it.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import Length

from portal.models import AnsweredBy, FftAnswer
from portal.services.feedback.recording import (
    COMMENT_MAX_LENGTH,
    FORM_TOKEN_MAX_LENGTH,
    WebFeedback,
)
from portal.services.feedback.subject import AnswerSubject

ANSWER_CHOICES = [
    SelectChoice(FftAnswer.VERY_GOOD.value, _l("Very good")),
    SelectChoice(FftAnswer.GOOD.value, _l("Good")),
    SelectChoice(FftAnswer.NEITHER.value, _l("Not good and not bad")),
    SelectChoice(FftAnswer.POOR.value, _l("Bad")),
    SelectChoice(FftAnswer.VERY_POOR.value, _l("Very bad")),
    SelectChoice(FftAnswer.DONT_KNOW.value, _l("I do not know")),
]
ANSWERED_BY_CHOICES = [
    SelectChoice(AnsweredBy.YOUNG_PERSON.value, _l("The young person")),
    SelectChoice(AnsweredBy.PARENT_OR_CARER.value, _l("A parent or carer")),
    SelectChoice(AnsweredBy.SOMEONE_HELPING.value, _l("Someone else who helps")),
]
_TOO_LONG = _l("This is too long. You can write up to 2000 letters and spaces.")

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
        _l("What was good?"),
        filters=[tidy_comment],
        validators=[Length(max=COMMENT_MAX_LENGTH, message=_TOO_LONG)],
    )
    improvement = TextAreaField(
        _l("What could be better?"),
        filters=[tidy_comment],
        validators=[Length(max=COMMENT_MAX_LENGTH, message=_TOO_LONG)],
    )
    answered_by = RadioField(
        _l("Who is answering?"),
        choices=ANSWERED_BY_CHOICES,
        validate_choice=False,
    )
    may_quote = BooleanField(_l("You can use my words in reports without my name"))
    # From the link (?request= or ?meeting=); checked against the contact on POST.
    request_id = HiddenField()
    meeting_id = HiddenField()
    # One-time: sending the same form twice saves it once.
    form_token = HiddenField()

    def validate_answer(self, field: RadioField) -> None:
        if field.data is not None and field.data not in {choice.value for choice in ANSWER_CHOICES}:
            raise ValidationError(_l("Choose 1 of the answers."))

    def validate_answered_by(self, field: RadioField) -> None:
        if field.data is not None and field.data not in {c.value for c in ANSWERED_BY_CHOICES}:
            raise ValidationError(_l("Choose who is answering."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        written = self.comment.data or self.improvement.data
        if valid and self.answer.data is None and not written:
            self.answer.errors = [
                *self.answer.errors,
                _l("Choose an answer, or tell us what you think."),
            ]
            return False
        return valid

    def linked_ids(self) -> tuple[int | None, int | None]:
        """The request and meeting ids the form carries, as sent (unchecked)."""
        return parse_id(self.request_id.data), parse_id(self.meeting_id.data)

    def feedback(self, subject: AnswerSubject) -> WebFeedback:
        """The checked answers (call after `validate`), about `subject` (the
        linked request and meeting, checked against the contact)."""
        token = self.form_token.data or None
        return WebFeedback(
            answer=FftAnswer(self.answer.data) if self.answer.data else None,
            comment=self.comment.data or None,
            improvement=self.improvement.data or None,
            answered_by=AnsweredBy(self.answered_by.data) if self.answered_by.data else None,
            may_quote=bool(self.may_quote.data),
            request_id=subject.request_id,
            meeting_id=subject.meeting_id,
            form_token=token if token and len(token) <= FORM_TOKEN_MAX_LENGTH else None,
        )


def parse_id(value: object) -> int | None:
    """A positive id from a link or hidden field; None for anything else."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    return int(text) or None

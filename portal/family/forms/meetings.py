"""The family forms about a meeting: "Can you come?" and "Things that help me
at the meeting". The rules they check live in portal.services.meetings.replies;
these give each problem its easy-read message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import AnyOf, InputRequired

from portal.family.forms.fields import MultiCheckboxField
from portal.models import MeetingAnswer, MeetingSupport
from portal.services.meetings.replies import (
    INTERPRETER_LANGUAGE_MAX,
    OTHER_DETAIL_MAX,
    SupportChoice,
)

CHOOSE_AN_ANSWER = _l("Choose yes, no or not sure.")


class MeetingReplyForm(FlaskForm):
    answer = RadioField(
        _l("Can you come?"),
        choices=[
            SelectChoice(MeetingAnswer.YES.value, _l("Yes")),
            SelectChoice(MeetingAnswer.NO.value, _l("No")),
            SelectChoice(MeetingAnswer.NOT_SURE.value, _l("Not sure")),
        ],
        # Checked by the validators, with an easy-read message rather than WTForms' own.
        validate_choice=False,
        validators=[
            InputRequired(message=CHOOSE_AN_ANSWER),
            AnyOf([answer.value for answer in MeetingAnswer], message=CHOOSE_AN_ANSWER),
        ],
    )

    @property
    def chosen(self) -> MeetingAnswer:
        return MeetingAnswer(self.answer.data)


SUPPORT_LABELS = {
    MeetingSupport.QUIET_ROOM: _l("A quiet room"),
    MeetingSupport.BREAKS: _l("Breaks"),
    MeetingSupport.SOMEONE_I_TRUST: _l("Someone I trust with me"),
    MeetingSupport.ADVOCATE: _l("An advocate"),
    MeetingSupport.INTERPRETER: _l("An interpreter"),
    MeetingSupport.BSL_INTERPRETER: _l("A British Sign Language interpreter"),
    MeetingSupport.VISUAL_TIMETABLE: _l("A visual timetable"),
    MeetingSupport.MEET_ONLINE: _l("Meeting online instead"),
    MeetingSupport.OTHER: _l("Something else"),
}

# The picture beside each choice (keys of easyread's pictograms).
SUPPORT_PICTURES = {
    MeetingSupport.QUIET_ROOM: "quiet-room",
    MeetingSupport.BREAKS: "short-break",
    MeetingSupport.SOMEONE_I_TRUST: "together",
    MeetingSupport.ADVOCATE: "speak-up",
    MeetingSupport.INTERPRETER: "interpreter",
    MeetingSupport.BSL_INTERPRETER: "sign-language",
    MeetingSupport.VISUAL_TIMETABLE: "calendar",
    MeetingSupport.MEET_ONLINE: "video-call",
    MeetingSupport.OTHER: "help",
}


class MeetingSupportForm(FlaskForm):
    """`offered`: the supports to show, from `replies.supports_offered` (only
    those that make sense for the meeting); any other is refused."""

    supports = MultiCheckboxField(
        _l("What would help you?"),
        choices=[],
        # Checked below with an easy-read message, not WTForms' own.
        validate_choice=False,
    )
    # Only read when "An interpreter" is ticked.
    interpreter_language = StringField(_l("Which language?"))
    # Only read, and needed, when "Something else" is ticked.
    other_detail = TextAreaField(_l("What else would help you?"))
    # The request the form was showing, so a change made meanwhile in another
    # window is not silently replaced.
    seen = HiddenField()

    def __init__(self, *args: Any, offered: Sequence[MeetingSupport], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.supports.choices = [
            SelectChoice(support.value, SUPPORT_LABELS[support]) for support in offered
        ]
        self._offered = {support.value for support in offered}

    def validate_supports(self, field: MultiCheckboxField) -> None:
        if any(value not in self._offered for value in field.data or []):
            raise ValidationError(_l("Choose from the list."))

    def _ticked(self, support: MeetingSupport) -> bool:
        return support.value in (self.supports.data or [])

    def validate_interpreter_language(self, field: StringField) -> None:
        if not self._ticked(MeetingSupport.INTERPRETER):
            return
        if len((field.data or "").strip()) > INTERPRETER_LANGUAGE_MAX:
            raise ValidationError(_l("Write the language in fewer words."))

    def validate_other_detail(self, field: TextAreaField) -> None:
        if not self._ticked(MeetingSupport.OTHER):
            return
        detail = (field.data or "").strip()
        if not detail:
            raise ValidationError(_l("Tell us what else would help you."))
        if len(detail) > OTHER_DETAIL_MAX:
            raise ValidationError(
                _l("Write this in %(max)d letters or fewer.", max=OTHER_DETAIL_MAX)
            )

    def fill(self, choice: SupportChoice, seen_request_id: int | None) -> None:
        self.supports.data = [support.value for support in choice.supports]
        self.interpreter_language.data = choice.interpreter_language or ""
        self.other_detail.data = choice.other_detail or ""
        self.seen.data = str(seen_request_id or "")

    def choice(self) -> SupportChoice:
        return SupportChoice.from_answers(
            self.supports.data or [],
            interpreter_language=self.interpreter_language.data,
            other_detail=self.other_detail.data,
        )

    def seen_request_id(self) -> int | None:
        value = (self.seen.data or "").strip()
        return int(value) if value.isdigit() else None

    def changed_elsewhere(self, current_request_id: int | None) -> None:
        """Say so, and take the newer request as seen: sending again saves this form."""
        self.form_errors.append(
            _l("You changed this in another window. Check your choices and send them again.")
        )
        self.seen.data = str(current_request_id or "")

"""Forms for "My views before the meeting": one form for each question, the
sharing question, and sending.

Every form carries, in hidden fields, the version of the views it showed and
a digest of the answer it showed (see portal.services.meetings.views_before), so a
save never overwrites what another device wrote since.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.services.meetings.views_before import MAX_ANSWER_LENGTH, clean_answer

TOO_LONG = _l("Your answer is too long. You can write up to 2,000 letters and spaces.")


class VersionedForm(FlaskForm):
    """A form that says which version of the views, and which answer, it showed."""

    version = HiddenField()
    seen = HiddenField()

    def show_version(self, version: str, seen: str) -> None:
        """Carry `version` and `seen` (a digest) in the hidden fields, even
        when the form was posted with older ones."""
        for field, value in ((self.version, version), (self.seen, seen)):
            field.data = value
            field.raw_data = [value]


# The questions, by MeetingViews column, and a hint with examples for each.
QUESTION_LABELS = {
    "going_well": _l("What is going well?"),
    "not_going_well": _l("What is not going well?"),
    "want_to_talk_about": _l("What do you want to talk about at the meeting?"),
    "who_i_want_there": _l("Who do you want at the meeting?"),
    "not_in_front_of_me": _l(
        "Is there anything you do not want people to talk about in front of you?"
    ),
}
QUESTION_HINTS = {
    "going_well": _l("For example, at home, at school or with friends."),
    "not_going_well": _l("For example, things that worry you or make you upset."),
    "want_to_talk_about": _l("For example, your plans for the future."),
    "who_i_want_there": _l("For example, a person you trust."),
    "not_in_front_of_me": _l("Your keyworker reads this. It helps them plan the meeting."),
}


def _answer_field(name: str) -> Any:
    return TextAreaField(
        QUESTION_LABELS[name],
        description=QUESTION_HINTS[name],
        filters=[clean_answer],
        validators=[Optional(), Length(max=MAX_ANSWER_LENGTH, message=TOO_LONG)],
    )


class AnswerForm(VersionedForm):
    """One question; subclasses name the field after the MeetingViews column."""

    field_name = ""

    @property
    def answer(self) -> Any:
        return self[self.field_name]


class GoingWellForm(AnswerForm):
    field_name = "going_well"
    going_well = _answer_field(field_name)


class NotGoingWellForm(AnswerForm):
    field_name = "not_going_well"
    not_going_well = _answer_field(field_name)


class WantToTalkAboutForm(AnswerForm):
    field_name = "want_to_talk_about"
    want_to_talk_about = _answer_field(field_name)


class WhoIWantThereForm(AnswerForm):
    field_name = "who_i_want_there"
    who_i_want_there = _answer_field(field_name)


class NotInFrontOfMeForm(AnswerForm):
    field_name = "not_in_front_of_me"
    not_in_front_of_me = _answer_field(field_name)


class ShareForm(VersionedForm):
    share_with_panel = RadioField(
        _l("Can the review panel see your views?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(_l("Choose yes or no."))],
    )

    @property
    def share(self) -> bool:
        return self.share_with_panel.data == "yes"


class SendForm(VersionedForm):
    """Send the views that were checked."""


# Errors that belong to no one field.
NOTHING_TO_SEND = _l("You have not answered any questions yet. Answer 1 question, then send.")
CHANGED_ELSEWHERE = _l("Your answers changed in another place. We have not saved this page.")
CHANGED_BEFORE_SENDING = _l("Your answers changed in another place. Check them, then send.")

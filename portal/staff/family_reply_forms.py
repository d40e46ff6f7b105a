"""The forms on the page about one thing a family sent: a reply in easy read,
and "Mark as dealt with" with an optional note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.services.records.family_replies import REPLY_MAX_LENGTH
from portal.services.records.handling import NOTE_MAX_LENGTH
from portal.staff.family_text_form import FamilyTextForm


class ReplyForm(FamilyTextForm):
    family_text_fields = ("text",)

    text = TextAreaField(
        _l("Your reply, in easy read"),
        validators=[
            DataRequired(_l("Enter your reply")),
            Length(
                max=REPLY_MAX_LENGTH,
                message=_l("Your reply must be %(max)d characters or fewer", max=REPLY_MAX_LENGTH),
            ),
        ],
    )


class DealtWithForm(FlaskForm):
    note = TextAreaField(
        _l("Note for staff (optional)"),
        validators=[
            Length(
                max=NOTE_MAX_LENGTH,
                message=_l("The note must be %(max)d characters or fewer", max=NOTE_MAX_LENGTH),
            )
        ],
    )

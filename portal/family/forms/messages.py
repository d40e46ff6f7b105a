"""The Messages page form: write to the keyworker team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.family.forms.feedback import tidy_comment
from portal.services.conversations.family_messages import MAX_LENGTH

TOO_LONG = _l("Your message is too long. You can write up to 2000 letters and spaces.")


class WriteMessageForm(FlaskForm):
    text = TextAreaField(
        _l("Your message"),
        filters=[tidy_comment],
        validators=[
            DataRequired(message=_l("Write your message in the box.")),
            Length(
                max=MAX_LENGTH,
                message=TOO_LONG,
            ),
        ],
    )
    # One-time: sending the same form twice files one message.
    form_token = HiddenField()

"""Forms for "My choices": changing a choice in two steps, and asking to change one."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from portal.models import ConsentChoice
from portal.services.consent.ask import MESSAGE_MAX_LENGTH

CHOOSE_YES_OR_NO = _l("Choose yes or no")
CHOOSE_WHO = _l("Choose who this choice is about")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ChangeChoiceForm(FlaskForm):
    """Step 1: yes or no, neither chosen before the person chooses. For an
    item decided about one contact (who may see the portal), also who it is
    about: `about_choices` lists the young person's own contacts as (id, words)."""

    about = RadioField(_l("Who is this choice about?"), validate_choice=False)
    choice = RadioField(
        _l("What is your choice?"),
        choices=[
            SelectChoice(ConsentChoice.YES.value, _l("Yes")),
            SelectChoice(ConsentChoice.NO.value, _l("No")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(CHOOSE_YES_OR_NO),
            AnyOf([choice.value for choice in ConsentChoice], message=CHOOSE_YES_OR_NO),
        ],
    )

    def __init__(
        self, *args: Any, about_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if about_choices is None:
            del self.about
            return
        self.about.choices = [SelectChoice(value, label) for value, label in about_choices]
        self.about.validators = [
            InputRequired(CHOOSE_WHO),
            AnyOf([value for value, _label in about_choices], message=CHOOSE_WHO),
        ]

    @property
    def about_contact_id(self) -> int | None:
        """The contact chosen (checked against the list by validation)."""
        if "about" not in self._fields or not self.about.data:
            return None
        return int(self.about.data)


class ConfirmChoiceForm(FlaskForm):
    """Step 2: the Confirm button. The token ties it to the choice the page showed."""

    token = HiddenField()


class AskToChangeForm(FlaskForm):
    message = TextAreaField(
        _l("Your message (you do not have to write one)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                max=MESSAGE_MAX_LENGTH,
                message=_l("Your message is too long. Use 1000 letters or fewer."),
            ),
        ],
    )

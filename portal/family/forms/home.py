"""Forms of the family home pages: a carer choosing whose pages to open."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, ValidationError

from portal.services.access.switching import YoungPersonChoice


class ChooseYoungPersonForm(FlaskForm):
    contact = RadioField(
        _l("Choose whose page to open"),
        validate_choice=False,
    )

    def __init__(self, choices: list[YoungPersonChoice], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contact.choices = [
            (str(choice.contact_id), choice.preferred_name) for choice in choices
        ]

    def validate_contact(self, field: RadioField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose whose page to open"))
        if field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(_l("Choose a name from the list"))

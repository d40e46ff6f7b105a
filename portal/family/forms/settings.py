"""The family settings form: text size, colours, the Listen button, language,
and whether this device remembers them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from portal.services.preferences.display import (
    LARGE,
    LARGEST,
    STANDARD,
    FamilySettings,
    make_settings,
)

HIGH_CONTRAST = "high-contrast"
SHOW = "show"
HIDE = "hide"


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    # The language's name in that language ("Cymraeg", not "Welsh").
    name: str


def language_choices(codes: Sequence[str]) -> tuple[LanguageChoice, ...]:
    """Each language named in its own words, so people can find theirs."""
    choices = []
    for code in codes:
        try:
            name = Locale.parse(code).get_display_name(code) or code
        except (ValueError, UnknownLocaleError):
            name = code
        choices.append(LanguageChoice(code=code, name=name[:1].upper() + name[1:]))
    return tuple(choices)


class ChoiceField(RadioField):
    """Radios that refuse anything but one of their choices, with one kind
    message for both "nothing chosen" and "not one of the choices"."""

    def __init__(self, label: Any, *, choices: Any, message: Any, **kwargs: Any) -> None:
        super().__init__(label, choices=choices, validate_choice=False, **kwargs)
        self.message = message

    def pre_validate(self, form: Any) -> None:
        if self.data not in {value for value, *_rest in self.iter_choices()}:
            raise StopValidation(str(self.message))


class SettingsForm(FlaskForm):
    text_size = ChoiceField(
        _l("Text size"),
        choices=[
            SelectChoice(STANDARD, _l("Standard")),
            SelectChoice(LARGE, _l("Large")),
            SelectChoice(LARGEST, _l("Largest")),
        ],
        message=_l("Choose a text size"),
    )
    colours = ChoiceField(
        _l("Colours"),
        choices=[
            SelectChoice(STANDARD, _l("Standard colours")),
            SelectChoice(HIGH_CONTRAST, _l("High contrast: black and white")),
        ],
        message=_l("Choose the colours you want"),
    )
    read_aloud = ChoiceField(
        _l("Listen button"),
        choices=[
            SelectChoice(SHOW, _l("Show the Listen button")),
            SelectChoice(HIDE, _l("Hide the Listen button")),
        ],
        message=_l("Choose if you want the Listen button"),
    )
    language = ChoiceField(
        _l("Language"), choices=[], message=_l("Choose a language from the list")
    )
    remember = BooleanField(_l("Remember these settings on this device"))

    def __init__(self, *args: Any, languages: Sequence[LanguageChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = tuple(languages)
        if len(self.languages) > 1:
            self.language.choices = [
                SelectChoice(choice.code, choice.name) for choice in self.languages
            ]
        else:
            # One language: nothing to choose.
            del self.language

    @classmethod
    def initial_data(
        cls, settings: FamilySettings, *, language: str, remembered: bool
    ) -> dict[str, Any]:
        """What the form shows before anything is sent: the settings in use."""
        return {
            "text_size": settings.text_size,
            "colours": HIGH_CONTRAST if settings.high_contrast else STANDARD,
            "read_aloud": SHOW if settings.read_aloud else HIDE,
            "language": settings.language or language,
            "remember": remembered,
        }

    def chosen_settings(self) -> FamilySettings:
        """The settings chosen (call after `validate`)."""
        language = self.language.data if "language" in self else None
        return make_settings(
            text_size=self.text_size.data,
            high_contrast=self.colours.data == HIGH_CONTRAST,
            read_aloud=self.read_aloud.data == SHOW,
            language=language,
            supported_languages=[choice.code for choice in self.languages],
        )

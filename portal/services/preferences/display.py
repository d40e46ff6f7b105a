"""A family member's display settings: text size, colours, read aloud, language.

Kept in the session (and, if the person agrees, in a cookie on their device,
so a shared or new session starts with them). Templates read them through the
`family_settings` template global; `portal.i18n.select_locale` reads the
language from the session's "language" key.

Nothing here trusts what it is given: the session and the cookie are read
through the same checks as the settings form, and anything not understood
gives the default.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from portal import session_keys

COOKIE_NAME = "family_settings"
COOKIE_LIFETIME = timedelta(days=365)
# The cookie holds a few short words; anything longer is not ours.
COOKIE_MAX_LENGTH = 64
_COOKIE_VERSION = "1"
_NO_LANGUAGE = "-"

STANDARD = "standard"
LARGE = "large"
LARGEST = "largest"
TEXT_SIZES: tuple[str, ...] = (STANDARD, LARGE, LARGEST)


class SettingNotValid(ValueError):
    """A setting was given a value it cannot take. `name` says which setting."""

    def __init__(self, name: str) -> None:
        super().__init__(f"not a valid value for {name}")
        self.name = name


@dataclass(frozen=True)
class FamilySettings:
    text_size: str = STANDARD
    high_contrast: bool = False
    read_aloud: bool = True
    # None: the language the browser asks for.
    language: str | None = None

    @property
    def page_classes(self) -> str:
        """Classes for the page's <html> element that apply these settings."""
        classes = []
        if self.text_size != STANDARD:
            classes.append(f"app-text-{self.text_size}")
        if self.high_contrast:
            classes.append("app-high-contrast")
        if not self.read_aloud:
            # For scripts: do not offer to read the page aloud.
            classes.append("app-read-aloud-off")
        return " ".join(classes)

    @property
    def is_default(self) -> bool:
        return self == FamilySettings()


def make_settings(
    *,
    text_size: str,
    high_contrast: bool,
    read_aloud: bool,
    language: str | None,
    supported_languages: Collection[str],
) -> FamilySettings:
    """Settings from chosen values; raises SettingNotValid for a value that
    is not one of the choices (such as a language the portal does not offer)."""
    if text_size not in TEXT_SIZES:
        raise SettingNotValid("text_size")
    if not isinstance(high_contrast, bool):
        raise SettingNotValid("high_contrast")
    if not isinstance(read_aloud, bool):
        raise SettingNotValid("read_aloud")
    if language is not None and language not in supported_languages:
        raise SettingNotValid("language")
    return FamilySettings(
        text_size=text_size,
        high_contrast=high_contrast,
        read_aloud=read_aloud,
        language=language,
    )


def settings_from(data: Mapping[str, Any] | None) -> FamilySettings:
    """The settings stored in a session; defaults for anything missing or not
    understood. (The language is checked again by `select_locale`.)"""
    data = data or {}
    stored = data.get(session_keys.DISPLAY_SETTINGS) or {}
    language = data.get(session_keys.LANGUAGE)
    if not isinstance(language, str) or not language:
        language = None
    if not isinstance(stored, Mapping):
        return FamilySettings(language=language)
    text_size = stored.get("text_size")
    return FamilySettings(
        text_size=text_size if text_size in TEXT_SIZES else STANDARD,
        high_contrast=stored.get("high_contrast") is True,
        read_aloud=stored.get("read_aloud") is not False,
        language=language,
    )


def has_settings(data: Mapping[str, Any]) -> bool:
    """True when this session already holds settings (chosen here, or read
    from the device's cookie when it started)."""
    return session_keys.DISPLAY_SETTINGS in data


def save_settings(data: MutableMapping[str, Any], settings: FamilySettings) -> None:
    """Keep `settings` in the session `data`."""
    data[session_keys.DISPLAY_SETTINGS] = {
        "text_size": settings.text_size,
        "high_contrast": settings.high_contrast,
        "read_aloud": settings.read_aloud,
    }
    if settings.language is None:
        data.pop(session_keys.LANGUAGE, None)
    else:
        data[session_keys.LANGUAGE] = settings.language


def cookie_value(settings: FamilySettings) -> str:
    """The settings as a short string for the cookie: `1.large.1.0.cy`
    (version, text size, high contrast, read aloud, language or "-")."""
    return ".".join(
        (
            _COOKIE_VERSION,
            settings.text_size,
            "1" if settings.high_contrast else "0",
            "1" if settings.read_aloud else "0",
            settings.language or _NO_LANGUAGE,
        )
    )


def settings_from_cookie(
    value: str | None, supported_languages: Collection[str]
) -> FamilySettings | None:
    """The settings a cookie holds, or None when there is no cookie or it is
    not exactly what `cookie_value` writes (it came from the device, so it
    may have been changed)."""
    if not value or len(value) > COOKIE_MAX_LENGTH:
        return None
    parts = value.split(".")
    if len(parts) != 5 or parts[0] != _COOKIE_VERSION:
        return None
    _version, text_size, high_contrast, read_aloud, language = parts
    flags = {"0": False, "1": True}
    if high_contrast not in flags or read_aloud not in flags:
        return None
    try:
        return make_settings(
            text_size=text_size,
            high_contrast=flags[high_contrast],
            read_aloud=flags[read_aloud],
            language=None if language == _NO_LANGUAGE else language,
            supported_languages=supported_languages,
        )
    except SettingNotValid:
        return None

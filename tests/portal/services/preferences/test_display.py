"""Display settings: only the choices on offer are accepted, and what comes
back from the session or a cookie is checked again, never trusted."""

from __future__ import annotations

from typing import Any

import pytest

from portal import session_keys
from portal.services.preferences.display import (
    COOKIE_LIFETIME,
    COOKIE_MAX_LENGTH,
    FamilySettings,
    SettingNotValid,
    cookie_value,
    has_settings,
    make_settings,
    save_settings,
    settings_from,
    settings_from_cookie,
)

LANGUAGES = ("en", "cy")


def _make(**changes: Any) -> FamilySettings:
    values: dict[str, Any] = {
        "text_size": "standard",
        "high_contrast": False,
        "read_aloud": True,
        "language": None,
        "supported_languages": LANGUAGES,
    }
    values.update(changes)
    return make_settings(**values)


def test_the_defaults_change_nothing_on_the_page() -> None:
    settings = FamilySettings()
    assert settings.page_classes == ""
    assert settings.is_default
    assert settings == _make()


@pytest.mark.parametrize(
    ("changes", "classes"),
    [
        ({"text_size": "large"}, "app-text-large"),
        ({"text_size": "largest"}, "app-text-largest"),
        ({"high_contrast": True}, "app-high-contrast"),
        ({"read_aloud": False}, "app-read-aloud-off"),
        (
            {"text_size": "largest", "high_contrast": True, "read_aloud": False},
            "app-text-largest app-high-contrast app-read-aloud-off",
        ),
    ],
)
def test_each_setting_has_a_class_for_the_page(changes: dict[str, Any], classes: str) -> None:
    assert _make(**changes).page_classes == classes


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"text_size": "huge"}, "text_size"),
        ({"text_size": ""}, "text_size"),
        ({"text_size": "LARGE"}, "text_size"),
        ({"high_contrast": "yes"}, "high_contrast"),
        ({"read_aloud": 1}, "read_aloud"),
        ({"language": "fr"}, "language"),
        ({"language": ""}, "language"),
    ],
)
def test_a_value_that_is_not_a_choice_is_refused(changes: dict[str, Any], name: str) -> None:
    with pytest.raises(SettingNotValid) as refused:
        _make(**changes)
    assert refused.value.name == name


def test_saved_settings_come_back_from_the_session() -> None:
    data: dict[str, Any] = {}
    assert not has_settings(data)
    chosen = _make(text_size="large", high_contrast=True, read_aloud=False, language="cy")

    save_settings(data, chosen)

    assert has_settings(data)
    assert data[session_keys.LANGUAGE] == "cy"
    assert settings_from(data) == chosen


def test_saving_no_language_forgets_the_language_chosen_before() -> None:
    data: dict[str, Any] = {session_keys.LANGUAGE: "cy"}
    save_settings(data, _make())
    assert session_keys.LANGUAGE not in data
    assert settings_from(data).language is None


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "large",
        ["large"],
        {"text_size": "huge", "high_contrast": "yes", "read_aloud": "no"},
        {"text_size": None, "high_contrast": 1},
    ],
)
def test_a_session_holding_anything_else_gives_the_defaults(stored: Any) -> None:
    assert settings_from({session_keys.DISPLAY_SETTINGS: stored}) == FamilySettings()


def test_no_session_gives_the_defaults() -> None:
    assert settings_from(None) == FamilySettings()


def test_a_cookie_holds_the_settings_in_a_few_characters() -> None:
    chosen = _make(text_size="largest", high_contrast=True, read_aloud=False, language="cy")
    value = cookie_value(chosen)

    assert value == "1.largest.1.0.cy"
    assert len(value) <= COOKIE_MAX_LENGTH
    assert settings_from_cookie(value, LANGUAGES) == chosen
    assert settings_from_cookie(cookie_value(FamilySettings()), LANGUAGES) == FamilySettings()


def test_the_cookie_lasts_at_most_a_year() -> None:
    assert 0 < COOKIE_LIFETIME.days <= 365


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "garbage",
        "1.large.1.0",
        "1.large.1.0.-.extra",
        "2.large.1.0.-",
        "1.huge.1.0.-",
        "1.large.yes.0.-",
        "1.large.1.2.-",
        "1.large.1.0.fr",
        "1.large.1.0.",
        '1.large.1.0.<script>alert("x")</script>',
        "1." + "large" * 20 + ".1.0.-",
        "\x00\x01\x02",
    ],
)
def test_a_cookie_not_written_by_the_portal_is_ignored(value: str | None) -> None:
    assert settings_from_cookie(value, LANGUAGES) is None


def test_a_cookie_for_a_language_no_longer_offered_is_ignored() -> None:
    value = cookie_value(_make(language="cy"))
    assert settings_from_cookie(value, ("en",)) is None

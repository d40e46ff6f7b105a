"""A family member's display settings: text size, colours, read aloud.

Kept in the session (and, if the person agrees, in a cookie on their device).
Templates read them through the `family_settings` template global.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SESSION_KEY = "family_settings"


@dataclass(frozen=True)
class FamilySettings:
    # "standard", "large" or "largest".
    text_size: str = "standard"
    high_contrast: bool = False
    read_aloud: bool = True


def settings_from(data: Mapping[str, Any] | None) -> FamilySettings:
    """The settings stored in a session (or cookie) dictionary; defaults for
    anything missing or not understood."""
    stored = (data or {}).get(SESSION_KEY) or {}
    if not isinstance(stored, Mapping):
        return FamilySettings()
    text_size = stored.get("text_size")
    return FamilySettings(
        text_size=text_size if text_size in ("standard", "large", "largest") else "standard",
        high_contrast=stored.get("high_contrast") is True,
        read_aloud=stored.get("read_aloud") is not False,
    )

"""Themes a response seems to be about, from the themes' keywords: a
suggestion only, shown as "Suggested" until a keyworker confirms it.

A keyword matches as a whole word or phrase, whatever the case: "call"
matches "Call me" and "a phone call", never "recall"; "A&E" matches "went to
A&E." Only themes in use (`active`) are suggested. Pure functions: no
database, so the record page and tests ask the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from portal.models import FeedbackTheme


def theme_keywords(keywords: str) -> tuple[str, ...]:
    """The keywords of a theme's `keywords` text: one a line, trimmed, no blanks."""
    return tuple(word for word in (line.strip() for line in keywords.splitlines()) if word)


@lru_cache(maxsize=512)
def _pattern(keyword: str) -> re.Pattern[str]:
    # Not inside a word on either side; spaces inside a phrase match any space.
    words = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def matches(keyword: str, text: str) -> bool:
    """Whether `keyword` is in `text` as a whole word or phrase, any case."""
    return bool(keyword.strip()) and _pattern(keyword.strip()).search(text) is not None


def suggested_themes(
    texts: Iterable[str | None], themes: Sequence[FeedbackTheme]
) -> list[FeedbackTheme]:
    """The active themes, in their display order, one of whose keywords is in
    any of `texts` (what was good, what could be better, later parts)."""
    text = "\n".join(t for t in texts if t)
    if not text:
        return []
    ordered = sorted(themes, key=lambda theme: (theme.display_order, theme.id or 0))
    return [
        theme
        for theme in ordered
        if theme.active and any(matches(word, text) for word in theme_keywords(theme.keywords))
    ]

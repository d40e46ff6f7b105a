"""Numbers read from a staff page's address (`?page=2`, `?response=41`):
anything that is not a plain whole number reads as none, so a mistyped or
edited address shows the page as it is by default rather than an error."""

from __future__ import annotations

from typing import Any


def whole_number(text: Any) -> int | None:
    """`text` as a whole number, or None unless it is one of at most 9 digits."""
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None

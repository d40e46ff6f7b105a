"""URLs of the built front-end assets, with content hashes in their names."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import current_app, url_for


class AssetsNotBuilt(RuntimeError):
    """The front-end assets have not been built (run `make assets`)."""


@cache
def _manifest(static_folder: str) -> dict[str, str]:
    path = Path(static_folder) / "dist" / "manifest.json"
    try:
        return dict(json.loads(path.read_text()))
    except FileNotFoundError:
        raise AssetsNotBuilt(f"{path} is missing: run `make assets` to build it") from None


def asset_url(name: str) -> str:
    """The URL of a built asset by its logical name, such as "portal.css"."""
    static_folder = current_app.static_folder
    assert static_folder is not None
    manifest = _manifest(static_folder)
    if current_app.config.get("TEMPLATES_AUTO_RELOAD"):
        _manifest.cache_clear()
    return url_for("static", filename=manifest[name])

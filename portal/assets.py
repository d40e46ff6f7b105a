"""URLs of the built front-end assets, with content hashes in their names."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, url_for

# Where each app keeps the URLs it has worked out.
_URLS = "asset_urls"


class AssetsNotBuilt(RuntimeError):
    """The front-end assets have not been built (run `make assets`)."""


@cache
def _manifest(static_folder: str) -> dict[str, str]:
    path = Path(static_folder) / "dist" / "manifest.json"
    try:
        return dict(json.loads(path.read_text()))
    except FileNotFoundError:
        raise AssetsNotBuilt(f"{path} is missing: run `make assets` to build it") from None


def install(app: Flask) -> None:
    """Give `app` its memory of asset URLs, empty until pages ask for them."""
    app.extensions[_URLS] = {}


def asset_url(name: str) -> str:
    """The URL of a built asset by its logical name, such as "portal.css".

    Read from the manifest once per process, and worked out once per name;
    in development (templates reloading) both afresh every time, so a
    rebuilt asset shows at once."""
    static_folder = current_app.static_folder
    assert static_folder is not None
    if current_app.config.get("TEMPLATES_AUTO_RELOAD"):
        _manifest.cache_clear()
        return url_for("static", filename=_manifest(static_folder)[name])
    urls: dict[tuple[str, str, str], str] = current_app.extensions[_URLS]
    key = (static_folder, request.script_root if has_request_context() else "", name)
    if key not in urls:
        urls[key] = url_for("static", filename=_manifest(static_folder)[name])
    return urls[key]

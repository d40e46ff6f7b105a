"""Open-licensed pictograms with alt text per language.

The pictures are OpenMoji emoji (CC BY-SA 4.0), stored as `svg/<key>.svg`; see
`CREDITS.md`. Alt text says what the picture shows, in plain words, and lives in
`data/alt/<lang>.json`; a language without alt text for a key falls back to
English. Everything is read from the package once and cached: no network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from easyread.pictograms.safety import svg_problems

__all__ = [
    "LANGUAGES",
    "Pictogram",
    "PictogramCredit",
    "PictogramDataError",
    "pictogram",
    "pictogram_credits",
    "pictogram_keys",
]

# Languages with an alt text file. English is complete; the others fall back to it.
LANGUAGES: tuple[str, ...] = ("en", "cy", "pl", "ur", "ar")
_FALLBACK = "en"
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PictogramDataError(ValueError):
    """The packaged pictogram data is broken (a bug in this package, not in the caller)."""


@dataclass(frozen=True)
class Pictogram:
    key: str
    # The SVG markup, safe to place inline (no scripts, no external references).
    svg: str
    # Alt text in the language asked for (English when there is none).
    alt: str
    source: str
    licence: str
    # The language `alt` is written in: differs from the one asked for when it fell back.
    alt_lang: str = "en"
    # The OpenMoji hexcode the picture comes from, for credits.
    hexcode: str | None = None


@dataclass(frozen=True)
class PictogramCredit:
    """Who made one picture and under which licence, for a credits page."""

    key: str
    hexcode: str
    # The emoji's name in OpenMoji ("people dialogue").
    name: str
    author: str
    source: str
    source_url: str
    licence: str
    licence_url: str


def _normalise_lang(lang: str) -> str:
    """`en`, `en-GB` and `en_GB` all give `en`; a language we don't support is an error."""
    code = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    if code not in LANGUAGES:
        raise ValueError(
            f"Pictograms do not support the language {lang!r}. "
            f"Supported languages: {', '.join(sorted(LANGUAGES))}."
        )
    return code


def _read_json(*parts: str) -> Any:
    resource = resources.files("easyread.pictograms").joinpath(*parts)
    try:
        return json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise PictogramDataError(f"easyread/pictograms/{'/'.join(parts)}: {error}") from error


@cache
def _catalogue() -> dict[str, Any]:
    data = _read_json("data", "pictograms.json")
    where = "easyread/pictograms/data/pictograms.json"
    if not isinstance(data, dict) or not isinstance(data.get("pictograms"), dict):
        raise PictogramDataError(f"{where}: expected an object with a 'pictograms' object")
    for field in ("source", "source_url", "licence", "licence_url"):
        if not isinstance(data.get(field), str) or not data[field]:
            raise PictogramDataError(f"{where}: '{field}' is missing")
    for key, entry in data["pictograms"].items():
        if not _KEY.match(key):
            raise PictogramDataError(f"{where}: {key!r} is not a valid key (a-z, 0-9 and -)")
        if not isinstance(entry, dict):
            raise PictogramDataError(f"{where}: {key!r} must be an object")
        for field in ("hexcode", "name", "author"):
            if not isinstance(entry.get(field), str) or not entry[field]:
                raise PictogramDataError(f"{where}: {key!r} has no '{field}'")
    return data


@cache
def _alt_texts(lang: str) -> dict[str, str]:
    where = f"easyread/pictograms/data/alt/{lang}.json"
    try:
        data = _read_json("data", "alt", f"{lang}.json")
    except PictogramDataError:
        if lang == _FALLBACK:
            raise
        return {}  # a language without a file yet: everything falls back to English
    if not isinstance(data, dict):
        raise PictogramDataError(f"{where}: expected an object of key to alt text")
    keys = _catalogue()["pictograms"]
    for key, alt in data.items():
        if key not in keys:
            raise PictogramDataError(f"{where}: alt text for unknown pictogram {key!r}")
        if not isinstance(alt, str) or not alt.strip():
            raise PictogramDataError(f"{where}: the alt text for {key!r} is empty")
    if lang == _FALLBACK:
        missing = sorted(set(keys) - set(data))
        if missing:
            raise PictogramDataError(f"{where}: no alt text for {', '.join(missing)}")
    return {key: alt.strip() for key, alt in data.items()}


@cache
def _svg(key: str) -> str:
    resource = resources.files("easyread.pictograms").joinpath("svg", f"{key}.svg")
    try:
        svg = resource.read_text(encoding="utf-8")
    except OSError as error:
        raise PictogramDataError(f"easyread/pictograms/svg/{key}.svg: {error}") from error
    problems = svg_problems(svg)
    if problems:
        raise PictogramDataError(f"easyread/pictograms/svg/{key}.svg is unsafe: {problems[0]}")
    return svg


def pictogram_keys() -> frozenset[str]:
    """Every pictogram key (`meeting`, `doctor`, `fft-very-good`, ...)."""
    return _pictogram_keys()


@cache
def _pictogram_keys() -> frozenset[str]:
    return frozenset(_catalogue()["pictograms"])


def pictogram(key: str, lang: str = "en") -> Pictogram:
    """The pictogram `key` with alt text in `lang` (English when there is none yet).

    Raises KeyError for an unknown key and ValueError for an unsupported language.
    """
    if key not in _pictogram_keys():
        raise KeyError(f"No pictogram {key!r}. Use one of pictogram_keys(), for example 'meeting'.")
    return _pictogram(key, _normalise_lang(lang))


@cache
def _pictogram(key: str, lang: str) -> Pictogram:
    catalogue = _catalogue()
    alt = _alt_texts(lang).get(key)
    alt_lang = lang
    if alt is None:
        alt, alt_lang = _alt_texts(_FALLBACK)[key], _FALLBACK
    return Pictogram(
        key=key,
        svg=_svg(key),
        alt=alt,
        source=catalogue["source"],
        licence=catalogue["licence"],
        alt_lang=alt_lang,
        hexcode=catalogue["pictograms"][key]["hexcode"],
    )


def pictogram_credits() -> list[PictogramCredit]:
    """Where every pictogram comes from, sorted by key, for a credits page."""
    catalogue = _catalogue()
    return [
        PictogramCredit(
            key=key,
            hexcode=entry["hexcode"],
            name=entry["name"],
            author=entry["author"],
            source=catalogue["source"],
            source_url=catalogue["source_url"],
            licence=catalogue["licence"],
            licence_url=catalogue["licence_url"],
        )
        for key, entry in sorted(catalogue["pictograms"].items())
    ]

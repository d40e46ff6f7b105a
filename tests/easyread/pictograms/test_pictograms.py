"""The pictograms: every picture is there, safe to place inline, described and credited."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from easyread import check
from easyread.pictograms import (
    LANGUAGES,
    Pictogram,
    PictogramCredit,
    pictogram,
    pictogram_credits,
    pictogram_keys,
)
from easyread.pictograms.safety import svg_problems

PACKAGE = resources.files("easyread.pictograms")
KEYS = sorted(pictogram_keys())
FFT_FACES = [
    "fft-very-good",
    "fft-good",
    "fft-neither-good-nor-poor",
    "fft-poor",
    "fft-very-poor",
    "fft-dont-know",
]


def svg_text(key: str) -> str:
    return PACKAGE.joinpath("svg", f"{key}.svg").read_text(encoding="utf-8")


def alt_file(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads(
        PACKAGE.joinpath("data", "alt", f"{lang}.json").read_text(encoding="utf-8")
    )
    return data


def test_there_are_at_least_60_pictograms() -> None:
    assert len(KEYS) >= 60


def test_the_six_friends_and_family_test_faces_exist() -> None:
    assert set(FFT_FACES) <= pictogram_keys()


@pytest.mark.parametrize(
    "key",
    [
        "meeting",
        "people",
        "keyworker",
        "doctor",
        "nurse",
        "hospital",
        "home",
        "school",
        "phone",
        "text-message",
        "calendar",
        "clock",
        "place",
        "video-call",
        "question",
        "yes",
        "no",
        "not-sure",
        "happy",
        "sad",
        "worried",
        "angry",
        "safe",
        "help",
        "choice",
        "share",
        "lock",
        "plan",
        "goal",
        "medicine",
        "quiet-room",
        "interpreter",
        "wheelchair",
    ],
)
def test_the_concepts_families_meet_have_a_picture(key: str) -> None:
    assert key in pictogram_keys()


def test_every_key_has_an_svg_file_and_every_file_has_a_key() -> None:
    files = {
        entry.name.removesuffix(".svg")
        for entry in PACKAGE.joinpath("svg").iterdir()
        if entry.name.endswith(".svg")
    }
    assert files == set(KEYS)


def test_every_key_has_english_alt_text() -> None:
    english = alt_file("en")
    assert set(english) == set(KEYS)
    for key, alt in english.items():
        assert alt.strip() == alt and alt, key


def test_alt_text_says_what_the_picture_shows_plainly() -> None:
    for key, alt in alt_file("en").items():
        assert len(alt.split()) <= 15, key
        assert alt[0].isupper(), key
        assert not alt.endswith("."), key
        # Screen readers already say "image"; alt text should not repeat it.
        assert not re.match(r"(?i)(an? )?(image|picture|icon|emoji) of", alt), key


@pytest.mark.parametrize("key", KEYS)
def test_every_svg_is_safe_to_place_inline(key: str) -> None:
    svg = svg_text(key)
    assert svg_problems(svg) == []
    assert not re.search(r"(?i)<script", svg)
    assert not re.search(r"(?i)\son[a-z]+\s*=", svg)  # no event handler attributes
    assert not re.search(r"(?i)href|https?:(?!//www\.w3\.org/2000/svg\")", svg)
    assert not re.search(r"(?i)<foreignObject|<style|url\(", svg)


@pytest.mark.parametrize("key", KEYS)
def test_every_svg_can_share_a_page_and_scale(key: str) -> None:
    svg = svg_text(key)
    root = re.match(r"<svg\b[^>]*>", svg)
    assert root, key
    assert 'viewBox="0 0 72 72"' in root.group(0)
    assert 'xmlns="http://www.w3.org/2000/svg"' in root.group(0)
    # Sized by the page, not by the file.
    assert " width=" not in root.group(0) and " height=" not in root.group(0)
    # No ids: several pictures on one page must not repeat an id.
    assert " id=" not in svg
    assert "role=" not in svg and "aria-" not in svg


def test_the_pictures_are_small() -> None:
    total = sum(len(svg_text(key).encode()) for key in KEYS)
    assert total < 400_000
    assert max(len(svg_text(key).encode()) for key in KEYS) < 20_000


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.example/a.png"/></svg>',
            "href",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><path fill="url(https://x.example/#a)"/></svg>',
            "url(",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>Hi</p></foreignObject></svg>',
            "<foreignObject",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>*{}</style></svg>', "<style"),
        ('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><text>Hi</text></svg>', "<text> is not allowed"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><g id="a"/></svg>', "'id' on <g>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"', "not well-formed"),
        ("<html/>", "not an SVG element"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><path fill="javascript:alert(1)"/></svg>',
            "javascript:",
        ),
    ],
)
def test_the_safety_check_refuses_unsafe_svg(svg: str, problem: str) -> None:
    problems = svg_problems(svg)
    assert problems
    assert any(problem in found for found in problems), problems


def test_a_pictogram_has_its_svg_alt_text_and_licence() -> None:
    meeting = pictogram("meeting")
    assert isinstance(meeting, Pictogram)
    assert meeting.key == "meeting"
    assert meeting.svg == svg_text("meeting")
    assert meeting.svg.startswith("<svg")
    assert meeting.alt == "Two people talking at a table"
    assert meeting.alt_lang == "en"
    assert meeting.source == "OpenMoji"
    assert meeting.licence == "CC BY-SA 4.0"
    assert meeting.hexcode == "E246"


def test_pictograms_are_cached() -> None:
    assert pictogram("doctor") is pictogram("doctor", "en")
    assert pictogram_keys() is pictogram_keys()


@pytest.mark.parametrize("lang", ["cy", "pl", "ur", "ar"])
def test_other_languages_fall_back_to_english_alt_text(lang: str) -> None:
    assert alt_file(lang) == {}  # ready for translations, empty for now
    picture = pictogram("fft-very-good", lang)
    assert picture.alt == pictogram("fft-very-good").alt == "A face with a big smile"
    assert picture.alt_lang == "en"
    assert picture.svg == pictogram("fft-very-good").svg


def test_every_supported_language_has_an_alt_file() -> None:
    assert set(LANGUAGES) == {"en", "cy", "pl", "ur", "ar"}
    for lang in LANGUAGES:
        assert isinstance(alt_file(lang), dict)


def test_regional_language_codes_work() -> None:
    assert pictogram("home", "en-GB") is pictogram("home")
    assert pictogram("home", "cy_GB").alt == pictogram("home").alt


def test_an_unknown_key_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="No pictogram 'meetings'"):
        pictogram("meetings")


def test_an_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Supported languages: ar, cy, en, pl, ur"):
        pictogram("home", "fr")


def test_credits_name_every_picture_its_source_and_licence() -> None:
    credits = pictogram_credits()
    assert [credit.key for credit in credits] == KEYS
    for credit in credits:
        assert isinstance(credit, PictogramCredit)
        assert re.fullmatch(r"[0-9A-F]{4,5}(-[0-9A-F]{4,5})*", credit.hexcode), credit.key
        assert credit.hexcode == pictogram(credit.key).hexcode
        assert credit.name and credit.author
        assert credit.source == "OpenMoji"
        assert credit.source_url == "https://openmoji.org"
        assert credit.licence == "CC BY-SA 4.0"
        assert credit.licence_url == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_the_credits_file_lists_every_picture() -> None:
    credits_md = PACKAGE.joinpath("CREDITS.md").read_text(encoding="utf-8")
    assert "OpenMoji – the open-source emoji and icon project" in credits_md
    assert "CC BY-SA 4.0" in credits_md
    for credit in pictogram_credits():
        assert f"| `{credit.key}` | {credit.hexcode} |" in credits_md


@pytest.mark.parametrize("key", KEYS)
def test_english_alt_text_passes_the_checker(key: str) -> None:
    alt = pictogram(key).alt
    report = check(alt, "en")
    assert not report.errors, [(f.rule, alt[f.start : f.end]) for f in report.errors]

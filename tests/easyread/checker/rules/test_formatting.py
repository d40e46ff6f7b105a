"""Rules `block-capitals`, `italics` and `underline`."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from tests.easyread.checker.helpers import SMALL_GLOSSARY, findings, flagged


def test_block_capitals_are_an_error() -> None:
    text = "Thank you. PLEASE COME ON TIME."
    (finding,) = findings(text, "block-capitals")
    assert (finding.start, finding.end) == (11, 30)
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    "text", ["IMPORTANT NOTICE", "DO NOT", "I AM HAPPY", "CAMHS TEAM MEETING TODAY"]
)
def test_runs_of_capitals_are_shouting(text: str) -> None:
    assert flagged(text, "block-capitals") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Your NHS GP will call.",
        "Read Part II.",
        "Plan A is good.",
        "Ask the CAMHS LA team.",
        "Your CETR MDT is soon.",
        "Please do NOT run.",
    ],
)
def test_abbreviations_and_single_words_are_not_block_capitals(text: str) -> None:
    assert findings(text, "block-capitals", glossary=SMALL_GLOSSARY) == []


def test_block_capitals_in_other_languages() -> None:
    assert flagged("To jest BARDZO WAŻNE.", "block-capitals", "pl") == ["BARDZO WAŻNE"]
    assert flagged("Mae hyn yn PWYSIG IAWN.", "block-capitals", "cy") == ["PWYSIG IAWN"]


@pytest.mark.parametrize(
    "element", ["<i>very</i>", "<em>very</em>", "<EM class='x'>very</EM>", "<cite>very</cite>"]
)
def test_italic_tags_are_an_error_over_the_whole_element(element: str) -> None:
    text = f"<p>It is {element} good.</p>"
    (finding,) = findings(text, "italics")
    assert text[finding.start : finding.end] == element
    assert finding.severity is Severity.ERROR


def test_an_italic_style_is_an_error() -> None:
    text = '<span style="font-style: italic">very</span> good'
    assert flagged(text, "italics") == ['<span style="font-style: italic">very</span>']


def test_markdown_italics_are_an_error() -> None:
    assert flagged("It is *very* good.", "italics") == ["*very*"]
    assert flagged("It is _very good_ now.", "italics") == ["_very good_"]


@pytest.mark.parametrize(
    "text",
    [
        "It is **very** good.",
        "<b>very</b> and <strong>good</strong>",
        "* one\n* two",
        "5 * 3 * 2",
        "file_name_here",
        "It is <a href='/help'>a link</a>.",
    ],
)
def test_bold_bullets_links_and_sums_are_not_italics(text: str) -> None:
    assert findings(text, "italics") == []
    assert findings(text, "underline") == []


def test_underline_tags_and_styles_are_an_error() -> None:
    assert flagged("It is <u>very</u> good.", "underline") == ["<u>very</u>"]
    text = "<span style='text-decoration: underline'>very</span>"
    assert flagged(text, "underline") == [text]
    assert [f.severity for f in findings("<u>x</u>", "underline")] == [Severity.ERROR]


def test_an_unclosed_italic_tag_underlines_just_the_tag() -> None:
    assert flagged("It is <i>very good.", "italics") == ["<i>"]

"""Every sentence the renderer writes itself is easy read, plain text, with known pictures."""

from __future__ import annotations

import re

import pytest

from easyread.render import Block
from easyread.render.ideas import split_sentences
from easyread.render.pictures import ALL_KEYS
from tests.easyread.render.fakes import NO_TERMS, walk
from tests.easyread.render.samples import STAFF_TEXT, every_page


def _fixed_lines() -> list[str]:
    """The text of every sample block that the renderer wrote (not staff)."""
    seen: dict[str, None] = {}
    for page in every_page(NO_TERMS):
        for block in walk(page):
            if block.text not in STAFF_TEXT:
                seen[block.text] = None
    return list(seen)


FIXED_LINES = _fixed_lines()


def test_the_samples_reach_the_fixed_wording() -> None:
    assert len(FIXED_LINES) > 100
    assert "This is late. Your keyworker is checking." in FIXED_LINES
    assert "It starts at quarter past 11 in the morning." in FIXED_LINES
    # And each reader's variant of it.
    assert "This is late. Sam's keyworker is checking." in FIXED_LINES
    assert "Priya's keyworker can share information about Priya with her school." in FIXED_LINES
    assert "If Alex is not OK" in FIXED_LINES


def test_no_reader_token_is_left_unfilled() -> None:
    for text in FIXED_LINES:
        assert "{" not in text and "}" not in text, text


@pytest.mark.parametrize("sentence", [s for text in FIXED_LINES for s in split_sentences(text)])
def test_every_fixed_sentence_has_15_words_or_fewer(sentence: str) -> None:
    assert len(sentence.split()) <= 15


def test_fixed_wording_has_no_markup_or_shouting() -> None:
    for text in FIXED_LINES:
        assert not re.search(r"[<>&*_`]", text), text
        # No block capitals, except abbreviations explained nearby (CETR, GP).
        assert not re.search(r"\b[A-Z]{2,}\s+[A-Z]{2,}\b", text), text


def test_every_segment_is_a_plain_str() -> None:
    # Not markupsafe.Markup or any other str subclass a template would trust.
    for page in every_page(NO_TERMS):
        for block in walk(page):
            assert type(block) is Block
            for segment in block.segments:
                assert type(segment.text) is str
                assert segment.text


def test_every_pictogram_is_one_of_the_renderer_keys() -> None:
    used = {
        block.pictogram
        for page in every_page(NO_TERMS)
        for block in walk(page)
        if block.pictogram is not None
    }
    assert used <= ALL_KEYS

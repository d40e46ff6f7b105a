"""The renderer with the real checker, glossary and pictograms, not fakes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from easyread import check
from easyread.glossary import load_glossary
from easyread.pictograms import pictogram_keys
from easyread.render import MeetingInput, SegmentKind, render_meeting
from easyread.render.pictures import ALL_KEYS
from tests.easyread.render.fakes import NO_TERMS, linked_keys, walk
from tests.easyread.render.samples import every_page
from tests.easyread.render.test_wording import FIXED_LINES


@pytest.mark.parametrize("text", FIXED_LINES)
def test_every_fixed_line_passes_the_checker(text: str) -> None:
    report = check(text, "en")
    assert report.errors == (), [finding.to_dict() for finding in report.errors]


def test_every_pictogram_the_renderer_uses_exists() -> None:
    missing = ALL_KEYS - pictogram_keys()
    assert not missing, sorted(missing)


def test_every_pictogram_in_the_samples_exists() -> None:
    used = {
        block.pictogram for page in every_page(NO_TERMS) for block in walk(page) if block.pictogram
    }
    assert used <= pictogram_keys()


@pytest.mark.parametrize("lang", ["en", "cy", "pl", "ur", "ar"])
def test_with_the_real_glossary_each_term_is_linked_at_most_once_per_page(lang: str) -> None:
    glossary = load_glossary(lang)
    pages = list(every_page(glossary, lang=lang))
    for page in pages:
        counts = Counter(linked_keys(page))
        assert all(count == 1 for count in counts.values()), counts
        for block in walk(page):
            for segment in block.segments:
                if segment.kind == SegmentKind.TERM:
                    assert glossary.get(segment.term_key or "") is not None
    if lang == "en":
        assert any(linked_keys(page) for page in pages)


def test_a_cetr_page_links_the_words_families_need() -> None:
    meeting = MeetingInput(
        kind="cetr",
        starts_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC),
        ends_at=datetime(2025, 3, 4, 12, 0, tzinfo=UTC),
        place="Oak House",
        video_link=None,
        attendee_roles=("Keyworker", "School SENCO"),
    )
    blocks = render_meeting(meeting, today=date(2025, 3, 1))
    assert {"cetr", "panel", "advocate", "keyworker", "senco"} <= set(linked_keys(blocks))

"""Glossary terms are linked the first time they appear on a page, and only then."""

from __future__ import annotations

from datetime import UTC, date, datetime

from easyread.render import (
    ActionInput,
    ConsentItemInput,
    MeetingInput,
    PlanInput,
    Segment,
    SegmentKind,
    render_consent_item,
    render_meeting,
    render_plan,
)
from easyread.render.lines import data, heading, line, strong, to_blocks
from tests.easyread.render.fakes import GLOSSARY, linked_keys, walk

TODAY = date(2025, 3, 1)
TEXT, STRONG, TERM = SegmentKind.TEXT, SegmentKind.STRONG, SegmentKind.TERM


def test_a_term_is_linked_once_across_the_whole_page() -> None:
    plan = PlanInput(
        sections=(
            ("about_me", "My keyworker is Sam. My keyworker visits on Mondays."),
            ("what_helps", "Talking to my keyworker. My advocate."),
        ),
        actions=(ActionInput("Call the advocate", "Keyworker", None, done=False),),
    )
    blocks = render_plan(plan, glossary=GLOSSARY, today=TODAY)
    assert linked_keys(blocks) == ["keyworker", "advocate"]
    first = blocks[1]
    assert first.segments == (
        Segment(TEXT, "My "),
        Segment(TERM, "keyworker", term_key="keyworker"),
        Segment(TEXT, " is Sam."),
    )
    assert blocks[2].segments == (Segment(TEXT, "My keyworker visits on Mondays."),)


def test_each_call_is_its_own_page() -> None:
    plan = PlanInput(sections=(("about_me", "My keyworker is Sam."),))
    assert linked_keys(render_plan(plan, glossary=GLOSSARY, today=TODAY)) == ["keyworker"]
    assert linked_keys(render_plan(plan, glossary=GLOSSARY, today=TODAY)) == ["keyworker"]


def test_terms_in_headings_are_linked_where_they_are_next_used() -> None:
    blocks = to_blocks([heading("About my keyworker"), line("Your keyworker helps you.")], GLOSSARY)
    assert blocks[0].segments == (Segment(TEXT, "About my keyworker"),)
    assert blocks[1].segments[1] == Segment(TERM, "keyworker", term_key="keyworker")


def test_a_term_in_bold_words_is_linked_and_the_rest_stay_bold() -> None:
    blocks = to_blocks([line(strong("Your key worker"), " will call.")], GLOSSARY)
    assert blocks[0].segments == (
        Segment(STRONG, "Your "),
        Segment(TERM, "key worker", term_key="keyworker"),
        Segment(TEXT, " will call."),
    )


def test_several_terms_in_one_segment() -> None:
    blocks = to_blocks([line("The CETR panel and your GP.")], GLOSSARY)
    assert blocks[0].segments == (
        Segment(TEXT, "The "),
        Segment(TERM, "CETR", term_key="cetr"),
        Segment(TEXT, " "),
        Segment(TERM, "panel", term_key="panel"),
        Segment(TEXT, " and your "),
        Segment(TERM, "GP", term_key="gp"),
        Segment(TEXT, "."),
    )


def test_children_are_searched_in_page_order() -> None:
    blocks = to_blocks([line("Who:", children=[line("Your GP")]), line("Ask your GP.")], GLOSSARY)
    assert blocks[0].children[0].segments[1].kind == TERM
    assert all(segment.kind != TERM for segment in blocks[1].segments)


def test_links_and_other_data_are_never_searched() -> None:
    blocks = to_blocks(
        [line(data("https://meet.example/keyworker")), line("Your keyworker.")], GLOSSARY
    )
    assert blocks[0].segments == (Segment(TEXT, "https://meet.example/keyworker"),)
    assert blocks[1].segments[1].kind == TERM


def test_a_term_split_across_segments_is_not_linked() -> None:
    blocks = to_blocks([line(strong("key"), " worker"), line("A keyworker.")], GLOSSARY)
    assert [segment.kind for segment in blocks[0].segments] == [STRONG, TEXT]
    assert blocks[1].segments[1] == Segment(TERM, "keyworker", term_key="keyworker")


def test_a_meeting_links_each_term_once() -> None:
    item = MeetingInput(
        kind="cetr",
        starts_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC),
        ends_at=datetime(2025, 3, 4, 12, 0, tzinfo=UTC),
        place=None,
        video_link="https://meet.example/keyworker-cetr",
        attendee_roles=("Keyworker", "Advocate"),
    )
    keys = linked_keys(render_meeting(item, glossary=GLOSSARY, today=TODAY))
    assert sorted(keys) == sorted(set(keys))
    assert {"cetr", "keyworker", "advocate", "panel"} <= set(keys)


def test_a_consent_item_links_each_term_once() -> None:
    item = ConsentItemInput("share_gp", "Sharing with your GP", "Your keyworker tells your GP.")
    blocks = render_consent_item(item, glossary=GLOSSARY)
    keys = linked_keys(blocks)
    assert sorted(keys) == ["gp", "keyworker"]
    # Not in the heading (the item's title), but in the first line under it.
    assert all(
        segment.kind != TERM
        for block in walk(blocks)
        if block.is_heading
        for segment in block.segments
    )

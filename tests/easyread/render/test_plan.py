"""The plan: sections one idea per line, and who will do what by when."""

from __future__ import annotations

from datetime import date

import pytest

from easyread.render import ActionInput, Block, PlanInput, Segment, SegmentKind, render_plan
from tests.easyread.render.fakes import GLOSSARY, NO_TERMS, texts, walk

TODAY = date(2025, 3, 10)
TEXT, STRONG = SegmentKind.TEXT, SegmentKind.STRONG


def render(plan: PlanInput) -> list[Block]:
    return render_plan(plan, glossary=NO_TERMS, today=TODAY)


def action(
    what: str = "Call the school about transport.",
    who: str = "Keyworker",
    due_on: date | None = date(2025, 3, 14),
    *,
    done: bool = False,
) -> ActionInput:
    return ActionInput(what=what, who=who, due_on=due_on, done=done)


def test_each_section_has_its_heading_and_one_idea_per_line() -> None:
    plan = PlanInput(
        sections=(
            ("about_me", "I am 15. I like trains.\nI live with my mum."),
            ("what_matters", "My dog."),
            ("what_helps", "Things that help me:\n- quiet rooms\n• pictures"),
            ("what_does_not_help", "Loud rooms."),
            ("my_goals", "Go to college."),
            ("if_i_am_not_ok", "Give me time."),
        )
    )
    blocks = render(plan)
    headings = [(block.text, block.pictogram) for block in blocks if block.is_heading]
    assert headings == [
        ("About me", "young-person"),
        ("What matters to me", "heart"),
        ("What helps me", "help"),
        ("What does not help me", "sad"),
        ("My goals", "goal"),
        ("If I am not OK", "worried"),
    ]
    assert [block.text for block in blocks[:4]] == [
        "About me",
        "I am 15.",
        "I like trains.",
        "I live with my mum.",
    ]
    helps = next(block for block in blocks if block.text == "Things that help me:")
    assert [child.text for child in helps.children] == ["quiet rooms", "pictures"]


def test_empty_sections_are_left_out() -> None:
    plan = PlanInput(
        sections=(("about_me", "  \n "), ("what_helps", "Pictures."), ("my_goals", ""))
    )
    assert texts(render(plan)) == ["What helps me", "Pictures."]


def test_sections_keep_the_order_they_come_in() -> None:
    plan = PlanInput(sections=(("my_goals", "Swim."), ("about_me", "I am 15.")))
    assert [block.text for block in render(plan) if block.is_heading] == ["My goals", "About me"]


def test_an_unknown_section_kind_still_shows_its_text() -> None:
    blocks = render(PlanInput(sections=(("something_new", "A new thing."),)))
    assert [(block.text, block.is_heading) for block in blocks] == [
        ("More about my plan", True),
        ("A new thing.", False),
    ]


def test_an_empty_plan_says_so_kindly() -> None:
    assert texts(render(PlanInput(sections=()))) == [
        "There is nothing in your plan yet.",
        "Your keyworker will write it with you.",
    ]


def test_staff_html_comes_out_as_plain_text() -> None:
    blocks = render(PlanInput(sections=(("about_me", "<script>alert(1)</script>"),)))
    assert blocks[1].segments == (Segment(TEXT, "<script>alert(1)</script>"),)
    assert blocks[1].text == "<script>alert(1)</script>"


def test_an_action_says_who_will_do_what_by_when() -> None:
    blocks = render(PlanInput(sections=(), actions=(action(),)))
    assert blocks[0].is_heading
    assert blocks[0].text == "Who will do what"
    line = blocks[1]
    assert line.segments == (
        Segment(STRONG, "Your keyworker"),
        Segment(TEXT, " will "),
        Segment(TEXT, "call the school about transport"),
        Segment(TEXT, " by "),
        Segment(STRONG, "Friday 14 March"),
        Segment(TEXT, "."),
    )
    assert line.pictogram == "keyworker"
    assert [(child.text, child.pictogram) for child in line.children] == [("Not done yet", "clock")]
    assert line.children[0].segments[0].kind == STRONG


def test_a_done_action_says_done() -> None:
    blocks = render(PlanInput(sections=(), actions=(action(done=True, due_on=date(2025, 1, 1)),)))
    assert [(child.text, child.pictogram) for child in blocks[1].children] == [("Done", "yes")]


def test_an_overdue_action_is_said_kindly() -> None:
    late = action(due_on=date(2025, 3, 9))
    due_today = action(due_on=TODAY)
    blocks = render(PlanInput(sections=(), actions=(late, due_today)))
    assert [child.text for child in blocks[1].children] == [
        "Not done yet",
        "This is late. Your keyworker is checking.",
    ]
    assert [child.text for child in blocks[2].children] == ["Not done yet"]


def test_an_action_from_last_year_shows_the_year() -> None:
    blocks = render(PlanInput(sections=(), actions=(action(due_on=date(2024, 12, 20)),)))
    assert (
        blocks[1].text
        == "Your keyworker will call the school about transport by Friday 20 December 2024."
    )


def test_an_action_without_a_date() -> None:
    blocks = render(PlanInput(sections=(), actions=(action(due_on=None),)))
    assert blocks[1].text == "Your keyworker will call the school about transport."
    assert [child.text for child in blocks[1].children] == ["Not done yet"]


def test_an_action_without_anyone_named() -> None:
    blocks = render(PlanInput(sections=(), actions=(action(who="  ", due_on=None, done=True),)))
    assert blocks[1].text == "Call the school about transport."
    assert [child.text for child in blocks[1].children] == [
        "Done",
        "Your keyworker will check who will do this.",
    ]


@pytest.mark.parametrize(
    ("who", "phrase", "pictogram"),
    [
        ("Keyworker", "Your keyworker", "keyworker"),
        ("your keyworker", "Your keyworker", "keyworker"),
        ("Young person", "You", "young-person"),
        ("Parent or carer", "Your parent or carer", "family"),
        ("GP", "Your GP", "doctor"),
        ("School SENCO", "School SENCO", "school"),
        ("CAMHS", "CAMHS", "people"),
        ("learning disability nurse", "Learning disability nurse", "nurse"),
        ("Inpatient unit", "Inpatient unit", "hospital"),
    ],
)
def test_who_is_named_plainly(who: str, phrase: str, pictogram: str) -> None:
    blocks = render(PlanInput(sections=(), actions=(action(who=who),)))
    assert blocks[1].segments[0] == Segment(STRONG, phrase)
    assert blocks[1].pictogram == pictogram


@pytest.mark.parametrize(
    ("what", "shown"),
    [
        ("Call the school.", "call the school"),
        ("will send the letter", "send the letter"),
        ("CAMHS referral", "CAMHS referral"),
        ("I will help", "I will help"),
        ("Monday visit to the farm", "Monday visit to the farm"),
        ("McDonald's trip", "McDonald's trip"),
        ("A visit to college", "a visit to college"),
        ("Gateway meeting referral", "Gateway meeting referral"),
        ("Dynamic Support Register review", "Dynamic Support Register review"),
        ("Register with a new GP", "register with a new GP"),
        ("ask about the CETR!", "ask about the CETR"),
        ("   ", ""),
    ],
)
def test_what_starts_with_a_small_letter_only_when_sensible(what: str, shown: str) -> None:
    blocks = render_plan(
        PlanInput(sections=(), actions=(action(what=what, due_on=None),)),
        glossary=GLOSSARY,
        today=TODAY,
    )
    assert blocks[1].text == f"Your keyworker will {shown}."


def test_plan_blocks_hold_only_plain_strings() -> None:
    plan = PlanInput(
        sections=(("about_me", "I like <b>bold</b> & italics."),),
        actions=(action(what="Send <i>the</i> letter"),),
    )
    for block in walk(render(plan)):
        for segment in block.segments:
            assert type(segment.text) is str
    assert "I like <b>bold</b> & italics." in texts(render(plan))

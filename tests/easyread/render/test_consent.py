"""A consent choice: what it means, yes, no, and changing your mind."""

from __future__ import annotations

import pytest

from easyread.render import Block, ConsentItemInput, render_consent_item
from easyread.render.consent import KNOWN
from tests.easyread.render.fakes import NO_TERMS, texts

CODES = (
    "register",
    "share_school",
    "share_gp",
    "share_camhs",
    "share_social_care",
    "share_adult_services",
    "share_youth_justice",
    "share_housing",
    "contact_by_message",
    "share_views_with_panel",
    "feedback_in_reports",
)


def render(code: str, description: str = "We tell your school what helps you.") -> list[Block]:
    item = ConsentItemInput(code=code, title="Sharing with your school", description=description)
    return render_consent_item(item, glossary=NO_TERMS)


def section(blocks: list[Block], title: str) -> list[str]:
    start = next(i for i, block in enumerate(blocks) if block.is_heading and block.text == title)
    rest = blocks[start + 1 :]
    end = next((i for i, block in enumerate(rest) if block.is_heading), len(rest))
    return texts(rest[:end])


def test_every_known_code_has_its_own_wording() -> None:
    assert set(KNOWN) == set(CODES)


def test_the_parts_come_in_order() -> None:
    blocks = render("share_school")
    assert [(block.text, block.pictogram) for block in blocks if block.is_heading] == [
        ("Sharing with your school", "share"),
        ("What this means", "question"),
        ("If you say yes", "yes"),
        ("If you say no", "no"),
        ("You can change your mind", "choice"),
    ]


def test_what_it_means_is_the_description_one_idea_per_line() -> None:
    blocks = render("share_school", "We tell your school what helps you. Only what they need.")
    assert section(blocks, "What this means") == [
        "We tell your school what helps you.",
        "Only what they need.",
    ]


def test_sharing_with_school() -> None:
    blocks = render("share_school")
    assert section(blocks, "If you say yes") == [
        "Your keyworker can share information about you with your school.",
        "This helps your school know how to help you.",
        "Your keyworker will only share what is needed.",
    ]
    assert section(blocks, "If you say no") == [
        "Your keyworker will not share information about you with your school.",
        "If you or someone else is in danger, staff may still share.",
    ]


@pytest.mark.parametrize("code", CODES)
def test_every_known_code_says_what_yes_and_no_mean(code: str) -> None:
    blocks = render(code)
    yes, no = section(blocks, "If you say yes"), section(blocks, "If you say no")
    assert yes
    assert no
    assert set(yes).isdisjoint(no)
    assert section(blocks, "You can change your mind") == [
        "You can change your answer at any time.",
        "Tell your keyworker, or change it on this website.",
        "Your keyworker can tell you who can make this choice.",
    ]


@pytest.mark.parametrize(
    "code", [c for c in CODES if c.startswith("share_") and c != "share_views_with_panel"]
)
def test_saying_no_to_sharing_is_honest_about_danger(code: str) -> None:
    assert "If you or someone else is in danger, staff may still share." in section(
        render(code), "If you say no"
    )


def test_messages_never_carry_private_things() -> None:
    yes = section(render("contact_by_message"), "If you say yes")
    assert "The messages will not say private things about you." in yes


def test_feedback_in_reports_is_anonymous() -> None:
    yes = section(render("feedback_in_reports"), "If you say yes")
    assert "Your name will not be in the reports." in yes


def test_an_unknown_code_gets_plain_general_wording() -> None:
    blocks = render("share_dentist", "We tell your dentist about your plan.")
    assert blocks[0].pictogram == "choice"
    assert section(blocks, "What this means") == ["We tell your dentist about your plan."]
    assert section(blocks, "If you say yes") == ["We will do what this choice says."]
    assert section(blocks, "If you say no") == ["We will not do what this choice says."]


def test_no_title_or_description_leaves_those_parts_out() -> None:
    blocks = render_consent_item(
        ConsentItemInput(code="register", title=" ", description=""), glossary=NO_TERMS
    )
    assert blocks[0].text == "If you say yes"
    assert "What this means" not in texts(blocks)

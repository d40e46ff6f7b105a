"""Staff text split into one idea per line."""

from __future__ import annotations

import pytest

from easyread.render.ideas import Idea, split_ideas, split_sentences


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("I like trains. I live with my mum.", ["I like trains.", "I live with my mum."]),
        ("Is it safe? Yes! Good.", ["Is it safe?", "Yes!", "Good."]),
        ("I see Dr. Patel on Mondays.", ["I see Dr. Patel on Mondays."]),
        ("Bring things e.g. a book. Then rest.", ["Bring things e.g. a book.", "Then rest."]),
        ("Wait for J. Smith to call.", ["Wait for J. Smith to call."]),
        ("It costs 1.50 each.", ["It costs 1.50 each."]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("I start at 9. 10 is too late.", ["I start at 9.", "10 is too late."]),
        ("one  two\tthree.", ["one two three."]),
        ("میں ٹھیک ہوں۔ شکریہ", ["میں ٹھیک ہوں۔", "شکریہ"]),
        ("", []),
    ],
)
def test_sentences(value: str, expected: list[str]) -> None:
    assert split_sentences(value) == expected


def test_line_breaks_and_sentences_each_make_an_idea() -> None:
    value = "I like music.\r\nI like swimming. I do not like noise.\n\n\nI am 14."
    assert [idea.text for idea in split_ideas(value)] == [
        "I like music.",
        "I like swimming.",
        "I do not like noise.",
        "I am 14.",
    ]


def test_bullets_are_ideas_of_their_own() -> None:
    value = "- quiet rooms\n• knowing what will happen\n* pictures\n1. time to think"
    assert split_ideas(value) == [
        Idea("quiet rooms"),
        Idea("knowing what will happen"),
        Idea("pictures"),
        Idea("time to think"),
    ]


def test_bullets_after_a_colon_are_listed_under_it() -> None:
    value = "Things that help me:\n- quiet rooms\n\n- pictures. Lists too.\nI like my dog."
    assert split_ideas(value) == [
        Idea("Things that help me:", ("quiet rooms", "pictures.", "Lists too.")),
        Idea("I like my dog."),
    ]


def test_a_hyphen_inside_a_line_is_not_a_bullet() -> None:
    assert split_ideas("I like tea - with milk.") == [Idea("I like tea - with milk.")]


def test_only_spaces_and_bullets_give_nothing() -> None:
    assert split_ideas("  \n - \n\n") == []

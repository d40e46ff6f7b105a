"""The reader: the young person reads "you" and "my"; anyone else reads the
young person's name and pronouns. Words people wrote are never changed."""

from __future__ import annotations

import pytest

from easyread.glossary import load_glossary
from easyread.render import PlanInput, render_plan
from easyread.render.reader import YOUNG_PERSON, Reader

SENTENCE = "{Your} keyworker can share information about {you} with {their} school."


@pytest.mark.parametrize(
    ("reader", "said"),
    [
        (YOUNG_PERSON, "Your keyworker can share information about you with your school."),
        (
            Reader.someone_else("Sam", "he/him"),
            "Sam's keyworker can share information about Sam with his school.",
        ),
        (
            Reader.someone_else("Priya", "She / Her"),
            "Priya's keyworker can share information about Priya with her school.",
        ),
        (
            Reader.someone_else("Alex", "they/them"),
            "Alex's keyworker can share information about Alex with their school.",
        ),
        # No pronouns recorded, or ones the renderer does not know: the name.
        (
            Reader.someone_else("Jo", None),
            "Jo's keyworker can share information about Jo with Jo's school.",
        ),
        (
            Reader.someone_else("Robin", "ze/zir"),
            "Robin's keyworker can share information about Robin with Robin's school.",
        ),
    ],
)
def test_the_sentence_speaks_to_its_reader(reader: Reader, said: str) -> None:
    assert reader.say(SENTENCE) == said


def test_verbs_follow_the_reader() -> None:
    sentence = "If {I} {am|is} not OK, {my} plan says what helps {me}."
    assert YOUNG_PERSON.say(sentence) == "If I am not OK, my plan says what helps me."
    assert (
        Reader.someone_else("Sam", "he/him").say(sentence)
        == "If Sam is not OK, Sam's plan says what helps Sam."
    )


def test_a_sentence_without_tokens_is_unchanged() -> None:
    assert Reader.someone_else("Sam").say("You can change your answer.") == (
        "You can change your answer."
    )


def test_an_unknown_token_is_a_mistake_in_the_wording() -> None:
    with pytest.raises(KeyError):
        YOUNG_PERSON.say("About {somebody}")


def test_words_people_wrote_are_never_filled() -> None:
    plan = PlanInput(sections=(("about_me", "I wrote {you} in my plan."),))
    blocks = render_plan(plan, glossary=load_glossary("en"), reader=Reader.someone_else("Sam"))
    assert [block.text for block in blocks] == ["About Sam", "I wrote {you} in my plan."]

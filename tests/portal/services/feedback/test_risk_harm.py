"""The harm frame: a verb of physical harm, ordinary ones too, with a person
or a part of a body as its object, and innocent uses left alone."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_harm import FRAME_PREFIX, VERB_OF, harm_frames
from portal.services.feedback.risk_words import reading_of
from portal.services.feedback.triage import RiskKind, triage_feedback


def _kinds(text: str) -> set[RiskKind]:
    return {kind for _, kind in harm_frames(reading_of(text))}


@pytest.mark.parametrize(
    "text",
    [
        "he grabs me",
        "she pushed me down the stairs",
        "he twists my arm",
        "my stepdad shoves me",
        "they drag me across the floor",
        "he pins me down",
        "she pulls my hair",
        "my brother holds me under the water",
        "he locks me in",
        "mum yanked him by the arm",
        "he pushed her",
        "dad hits mum",
        "they spat on me",
    ],
)
def test_harm_from_others_told_with_ordinary_verbs_is_found(text: str) -> None:
    assert _kinds(text) == {RiskKind.HARM_FROM_OTHERS}, text
    assert triage_feedback(text).flagged


@pytest.mark.parametrize("text", ["i want to smash his face in", "i push my brother"])
def test_the_person_writing_doing_it_to_someone_is_harm_to_others(text: str) -> None:
    assert _kinds(text) == {RiskKind.HARM_TO_OTHERS}


@pytest.mark.parametrize(
    "text",
    [
        "he grabbed his coat",
        "grab me a coffee",
        "can you push the meeting back",
        "she pulled a muscle",
        "he threw the ball for the dog",
        "my dad choked on a crisp",
        "he beat me at chess",
        "she beat me at scrabble again",
        "pushed him on the swings",
        "she shook my hand",
        "i twisted my ankle",
        "it hit me that he has grown up",
        "the dog bit me",
        "he pushed her pram",
        "my mum pushes me to do my best",
        "he drags his feet",
        "she holds me when i cry",
        "he pulled me out of the class",
    ],
)
def test_ordinary_uses_of_the_verbs_are_not_harm(text: str) -> None:
    assert _kinds(text) == set(), text


def test_every_form_of_a_verb_is_known_and_staff_read_a_rule_not_the_text() -> None:
    assert {"grab", "grabs", "grabbed", "grabbing", "threw", "shook"} <= set(VERB_OF)
    phrases = [phrase for phrase, _ in harm_frames(reading_of("Dean grabbed me"))]
    assert phrases == [FRAME_PREFIX + "someone grab self"]


def test_someone_a_person_is_afraid_of_is_unsafe_at_home() -> None:
    assert _kinds("mum's new partner scares me") == {RiskKind.UNSAFE_AT_HOME}
    assert _kinds("the film scared me") == set()

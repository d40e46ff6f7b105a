"""Safeguarding triage: text that mentions crisis or risk is flagged; ordinary
feedback is not. The false positives below are accepted on purpose (see the
module's notes): a keyworker reading a comment early costs little."""

from __future__ import annotations

import pytest

from portal.services.feedback.triage import (
    NOT_FLAGGED,
    RISK_PHRASES,
    RiskKind,
    triage_feedback,
    words_of,
)

DISCLOSURES = [
    "I'm not safe at home",
    "I want to die",
    "i wanna die",
    "Sometimes I think about suicide.",
    "I feel suicidal at night",
    "I am going to kill myself",
    "I want to kill my self",
    "I want to end it all",
    "I don't want to live any more",
    "I don’t want to live any more",
    "I dont want to be alive",
    "I have been self-harming again",
    "self harm",
    "SELF HARM",
    "my self harm is worse",
    "I hurt myself last night",
    "I've been cutting again",
    "I cut myself",
    "she took an overdose last week",
    "He hit me.",
    "my stepdad hits me when he is angry",
    "she was abused",
    "I'm scared to go home",
    "I am scared of my dad",
    "I do not feel safe",
    "I don't feel safe with him",
    "He says he wants to kill himself",
    "she is hurting herself",
    "I want to hurt someone",
    "we are in crisis",
    "We can't cope any more",
    "we cannot cope",
    "I can't go on like this",
    "kms",
]

ORDINARY = [
    "The meeting was long but people listened to us.",
    "the meeting killed time",
    "cut the grass",
    "They cut my support hours.",
    "My keyworker is kind and helpful.",
    "Very good, thank you!",
    "I would like more notice before meetings.",
    "my back is killing me after the long drive",
    "I am dying to see the new plan",
    "The skill I learned at school helps me.",
    "We could not find the room.",
    "It was safe and calm.",
    "The cuts to the bus service make it hard to get there.",
    "",
]

# Flagged on purpose although they are not disclosures (see the module's notes).
ACCEPTED_FALSE_POSITIVES = [
    "cutting the grass is my job at home",
    "I hurt myself playing football",
    "my mum will kill me if I am late",
    "my brother beat me at chess",
    "the car park is not safe at night",
    "I am not suicidal",
    "the crisis team were kind",
]


@pytest.mark.parametrize("text", DISCLOSURES)
def test_disclosures_of_risk_are_flagged(text: str) -> None:
    assert triage_feedback(text).flagged, text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_feedback_is_not_flagged(text: str) -> None:
    assert triage_feedback(text) == NOT_FLAGGED, text


@pytest.mark.parametrize("text", ACCEPTED_FALSE_POSITIVES)
def test_documented_false_positives_stay_flagged(text: str) -> None:
    assert triage_feedback(text).flagged, text


def test_nothing_written_is_not_flagged() -> None:
    assert triage_feedback(None) == NOT_FLAGGED
    assert not NOT_FLAGGED.flagged


@pytest.mark.parametrize(
    "text",
    ["skill myself", "overkill myself", "abusers", "unsafely", "suicidebomber", "cuttings"],
)
def test_only_whole_words_match(text: str) -> None:
    assert not triage_feedback(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to live",
        "I don’t want to live",
        "I don‘t want to live",
        "I don`t want to live",
        "I dont want to live",
        "I do not want to live",
        "I DO NOT WANT TO LIVE",
        "I do not\nwant to\r\nlive",
    ],
)
def test_apostrophes_case_and_line_breaks_do_not_matter(text: str) -> None:
    assert triage_feedback(text).phrases == ("not want to live",)


def test_the_result_names_list_entries_and_kinds_never_the_text() -> None:
    result = triage_feedback("He hit me and now I want to die.")
    assert result.phrases == ("hit me", "want to die")
    assert result.kinds == (RiskKind.SUICIDE_OR_SELF_HARM, RiskKind.HARM_FROM_OTHERS)


def test_contractions_are_written_out() -> None:
    assert words_of("I'm sure I can't, I won't") == (
        "i",
        "am",
        "sure",
        "i",
        "can",
        "not",
        "i",
        "will",
        "not",
    )


def test_every_phrase_in_the_list_flags_itself() -> None:
    for kind, phrases in RISK_PHRASES.items():
        for phrase in phrases:
            result = triage_feedback(f"Well, {phrase}.")
            assert phrase in result.phrases, phrase
            assert kind in result.kinds, phrase

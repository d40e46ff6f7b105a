"""Safeguarding triage: text that mentions crisis or risk is flagged; ordinary
feedback is not. The false positives below are accepted on purpose (see the
module's notes): a keyworker reading a comment early costs little."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_words import END
from portal.services.feedback.triage import (
    MODEL_PHRASE,
    NOT_FLAGGED,
    RISK_KIND_LABELS,
    RISK_RULES,
    RiskKind,
    compile_rule,
    triage_by_rules,
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
    "my brother beat me at chess",
    "the video call kept cutting out",
    "cutting the grass is my job at home",
    "I was hit by how kind she was",
    "he overdoes it at the gym",
    "we have been saving up to pay the bills",
    "we made a plan for the summer",
    "",
]

# Flagged on purpose although they are not disclosures (see the module's notes).
ACCEPTED_FALSE_POSITIVES = [
    "I hurt myself playing football",
    "my mum will kill me if I am late",
    "the car park is not safe at night",
    "the crisis team were kind",
    "we are saying goodbye to our keyworker",
]

# A denial is still flagged: a person reads it.
DENIALS = [
    "I am not suicidal",
    "im not suicidal dont worry",
    "I would never hurt myself",
    "I'm not going to kill myself",
    "I don't want to die, don't worry",
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


@pytest.mark.parametrize("text", DENIALS)
def test_a_denial_is_still_flagged(text: str) -> None:
    assert triage_feedback(text).flagged, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ive been feeling sucidal", RiskKind.WANTING_TO_DIE),
        ("i feel suiside", RiskKind.WANTING_TO_DIE),
        ("ive been saving my tabelts", RiskKind.OVERDOSE),
        ("i want to kil myself", RiskKind.WANTING_TO_DIE),
        ("i took a overdoes", RiskKind.OVERDOSE),
        ("i've started cuting again", RiskKind.SELF_HARM),
        ("kms", RiskKind.WANTING_TO_DIE),
        ("thinking about sewer slide", RiskKind.WANTING_TO_DIE),
        ("i want to unalive myself", RiskKind.WANTING_TO_DIE),
        ("no1 would miss me", RiskKind.NOT_BEING_MISSED),
        ("idk i dont wanna be here no more", RiskKind.WANTING_TO_DIE),
    ],
)
def test_misspellings_and_text_speak_are_read(text: str, kind: RiskKind) -> None:
    assert kind in triage_feedback(text).kinds, text


@pytest.mark.parametrize(
    "text", ["he overdoes it", "the table was too small", "we paid the bills", "I blame myself"]
)
def test_real_words_are_not_corrected_into_risk_words(text: str) -> None:
    assert not triage_by_rules(text).flagged, text


def test_gaps_between_words_are_allowed_but_not_too_long() -> None:
    assert triage_feedback("no one would even care if i was gone").kinds == (
        RiskKind.NOT_BEING_MISSED,
    )
    assert not triage_feedback("nobody at the big meeting in town seemed to care").flagged


def test_a_plan_on_its_own_is_flagged_but_not_a_plan_for_something() -> None:
    assert triage_feedback("I've made a plan.").kinds == (RiskKind.FINAL_ACTS,)
    assert triage_feedback("I've made a plan").kinds == (RiskKind.FINAL_ACTS,)
    assert not triage_feedback("I made a plan for the holidays").flagged


def test_nothing_written_is_not_flagged() -> None:
    assert triage_feedback(None) == NOT_FLAGGED
    assert not NOT_FLAGGED.flagged


@pytest.mark.parametrize(
    "text",
    ["skill myself", "overkill myself", "abusers", "unsafely", "suicidebomber", "cuttings"],
)
def test_only_whole_words_match(text: str) -> None:
    assert not triage_by_rules(text).flagged, text


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
    assert triage_by_rules(text).phrases == ("not want ..2 live|alive|exist|existing",)


def test_the_result_names_list_entries_and_kinds_never_the_text() -> None:
    result = triage_by_rules("He hit me and now I want to die.")
    assert result.phrases == (
        "@someone ..5 @hit me|us",
        "want|wants|wanted|wish|wishes|wished|wishing|ready ..3 @die",
        "harm frame: someone hit self",
    )
    assert result.kinds == (RiskKind.WANTING_TO_DIE, RiskKind.HARM_FROM_OTHERS)


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


def test_words_of_the_text_leave_out_sentence_ends() -> None:
    assert words_of("No one came. My self!") == ("nobody", "came", "myself")
    assert END not in words_of("Stop. Go?")


def _plainest_reading(rule: str) -> str:
    """The rule's words, taking the first of each choice and leaving gaps empty."""
    words = []
    for element in rule.split():
        if element.startswith((".", "!", "$")):
            continue
        first = element.split("|")[0]
        if first.startswith("@"):
            from portal.services.feedback.risk_rules import SETS

            first = SETS[first[1:]].split()[0]
        words.append(first)
    return " ".join(words) + "."


def test_every_rule_flags_its_plainest_reading() -> None:
    for kind, rules in RISK_RULES.items():
        for rule in rules:
            result = triage_feedback(_plainest_reading(rule))
            assert rule in result.phrases, rule
            assert kind in result.kinds, rule


def test_every_kind_has_rules_and_a_label_for_staff() -> None:
    assert set(RISK_RULES) == set(RiskKind) == set(RISK_KIND_LABELS)
    assert all(RISK_KIND_LABELS.values())


@pytest.mark.parametrize("rule", ["", "..2 die", "die ..", "!to die"])
def test_a_rule_must_start_and_end_with_words(rule: str) -> None:
    with pytest.raises(ValueError):
        compile_rule(rule, RiskKind.CRISIS)


def test_what_only_the_classifier_flags_is_named_for_staff_without_a_category() -> None:
    result = triage_feedback("he has started carrying a knife")
    assert result.flagged and result.phrases == (MODEL_PHRASE,)
    assert result.kinds == ()

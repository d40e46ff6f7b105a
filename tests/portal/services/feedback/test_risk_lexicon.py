"""The concept frames of round five: each category's meaning as a wide word
set joined to another, with their innocent uses."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_lexicon import LEXICON_INNOCENT_USES, LEXICON_RULES
from portal.services.feedback.risk_mood import FRAME_PREFIX
from portal.services.feedback.triage import RiskKind, compile_rule, triage_by_rules


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("honestly i just wish i was gone", RiskKind.WANTING_TO_DIE),
        ("my whole existence is meaningless", RiskKind.WANTING_TO_DIE),
        ("he says hes tired of living", RiskKind.WANTING_TO_DIE),
        ("i keep thinking of stepping in front of a lorry", RiskKind.WANTING_TO_DIE),
        ("im gonna top myself", RiskKind.WANTING_TO_DIE),
        ("she wants to do herself in", RiskKind.WANTING_TO_DIE),
        ("i just want to stop existing", RiskKind.WANTING_TO_DIE),
        ("he holds a lighter to his arm and burns his skin with it", RiskKind.SELF_HARM),
        ("she scratches her legs on purpose", RiskKind.SELF_HARM),
        ("the cupboards are bare again", RiskKind.NEGLECT),
        ("dad spends all the money on betting", RiskKind.NEGLECT),
        ("no electricity since last week", RiskKind.NEGLECT),
        ("he wears the same uniform for weeks", RiskKind.NEGLECT),
        ("nobody ever took her to the doctors about it", RiskKind.NEGLECT),
        ("i have to care for my baby sister every night", RiskKind.NEGLECT),
        ("they pay him to deliver parcels", RiskKind.EXPLOITATION),
        ("a guy on snapchat keeps asking her to send pics", RiskKind.EXPLOITATION),
        ("an older lad keeps giving him lifts", RiskKind.EXPLOITATION),
        ("she had wads of cash in her bag", RiskKind.EXPLOITATION),
        ("i want to set fire to his car", RiskKind.HARM_TO_OTHERS),
        ("i dont like being at home", RiskKind.UNSAFE_AT_HOME),
        ("i dread going home when he is there", RiskKind.UNSAFE_AT_HOME),
        ("my stepdad was raging and smashing plates", RiskKind.UNSAFE_AT_HOME),
        ("we hid at the neighbours when dad got in", RiskKind.UNSAFE_AT_HOME),
        ("the house feels terrifying", RiskKind.UNSAFE_AT_HOME),
        ("we all walk on eggshells", RiskKind.UNSAFE_AT_HOME),
        ("he said his goodbyes", RiskKind.FINAL_ACTS),
        ("ive left letters for my family", RiskKind.FINAL_ACTS),
        ("i've got it all worked out", RiskKind.FINAL_ACTS),
        ("i wont need my stuff", RiskKind.FINAL_ACTS),
        ("it's not anyones fault", RiskKind.FINAL_ACTS),
        ("who will feed the dog after i am gone", RiskKind.FINAL_ACTS),
        ("once im not around anymore", RiskKind.FINAL_ACTS),
        ("i found some rope in the shed", RiskKind.FINAL_ACTS),
        ("she keeps apologising to everybody for everything", RiskKind.FINAL_ACTS),
        ("this is the last time you will hear from me", RiskKind.FINAL_ACTS),
        ("i just want out", RiskKind.WANTING_TO_DIE),
        ("i dont know if i want to be here anymore", RiskKind.WANTING_TO_DIE),
        ("he punches walls when he is upset", RiskKind.SELF_HARM),
        ("she is starving herself", RiskKind.SELF_HARM),
        ("they locked him outside in the cold", RiskKind.NEGLECT),
        ("nobody picked him up from school again", RiskKind.NEGLECT),
        ("they threatened to share her photos", RiskKind.EXPLOITATION),
        ("i will make them suffer", RiskKind.HARM_TO_OTHERS),
        ("when dad gets home i start shaking", RiskKind.UNSAFE_AT_HOME),
        ("she hides from her stepdad", RiskKind.UNSAFE_AT_HOME),
        ("ive made my peace with it", RiskKind.FINAL_ACTS),
        ("by the time you read this", RiskKind.FINAL_ACTS),
        ("i know how im going to do it", RiskKind.FINAL_ACTS),
        ("i wish a car would hit me", RiskKind.WANTING_TO_DIE),
        ("i dont care if i die", RiskKind.WANTING_TO_DIE),
        ("they never feed us", RiskKind.NEGLECT),
        ("mum is always drunk", RiskKind.NEGLECT),
        ("we have no money for food", RiskKind.NEGLECT),
        ("a man sends her gift cards", RiskKind.EXPLOITATION),
        ("he has a second phone and hides it", RiskKind.EXPLOITATION),
        ("im scared i will hurt the baby", RiskKind.HARM_TO_OTHERS),
        ("he tells me im worthless", RiskKind.HARM_FROM_OTHERS),
        ("nobody knows what goes on at home", RiskKind.UNSAFE_AT_HOME),
        ("ive written my will", RiskKind.FINAL_ACTS),
    ],
)
def test_the_concept_frames_find_families_of_phrasings(text: str, kind: RiskKind) -> None:
    result = triage_by_rules(text)
    assert kind in result.kinds, result
    assert any(phrase.startswith(FRAME_PREFIX) for phrase in result.phrases), result


@pytest.mark.parametrize(
    "text",
    [
        "i wish the meeting was over sooner",
        "i want it to be gone by friday",
        "we had no heating in the waiting room",
        "he wrote a letter to his favourite footballer",
        "she wrote a thank you note for her teacher",
        "when im gone on holiday the cat needs feeding",
        "we bought him a skipping rope",
        "she is scared of the dogs at home",
        "my dad shouts at the telly during the football",
        "he locks the door so he doesnt run off",
        "its not your fault the bus was late",
        "he set fire to the bonfire with grandad",
        "there is nothing to eat he likes at the cafe",
        "he will not need the taxi anymore",
        "sorry to everyone for the late reply",
        "I don't know how we would do it without you",
        "not sure if i want to be here for the review",
        "we got kicked out of the group for being late",
        "the other side of the road",
        "my grandad died last year",
        "we have made a will for his future",
        "he stopped eating gluten",
        "I'm sick to death of chasing the GP",
        "she was scared to death of the dentist",
    ],
)
def test_the_concept_frames_innocent_uses_are_not_flagged(text: str) -> None:
    assert not triage_by_rules(text).flagged, triage_by_rules(text)


def test_every_concept_frame_and_innocent_use_compiles() -> None:
    for kind, texts in LEXICON_RULES.items():
        assert texts, kind
        for text in texts:
            assert compile_rule(text, kind).steps
    for text in LEXICON_INNOCENT_USES:
        assert compile_rule(text, RiskKind.CRISIS).steps

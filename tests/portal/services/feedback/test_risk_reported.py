"""The distress frame and reported speech, hedges and questions (round five),
with the check that keeps complaints about a service out."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_mood import FRAME_PREFIX
from portal.services.feedback.risk_reported import REPORTED_INNOCENT_USES, REPORTED_RULES
from portal.services.feedback.triage import RiskKind, compile_rule, triage_by_rules


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("he talks about not being here", RiskKind.WANTING_TO_DIE),
        ("my son keeps saying stuff about not waking up", RiskKind.WANTING_TO_DIE),
        ("she keeps asking what happens after people die", RiskKind.WANTING_TO_DIE),
        ("i caught him googling ways to overdose", RiskKind.WANTING_TO_DIE),
        ("she searched how many it takes to die", RiskKind.WANTING_TO_DIE),
        ("sometimes i think about dying", RiskKind.WANTING_TO_DIE),
        ("a bit of me wants to disappear", RiskKind.WANTING_TO_DIE),
        ("is it even worth carrying on?", RiskKind.WANTING_TO_DIE),
        ("why bother living", RiskKind.WANTING_TO_DIE),
        ("i'm done", RiskKind.CRISIS),
        ("she says she is finished with everything", RiskKind.CRISIS),
        ("we have had enough", RiskKind.CRISIS),
        ("he has given up on life", RiskKind.CRISIS),
        ("i just cant take it any more", RiskKind.CRISIS),
        ("mum is falling to pieces", RiskKind.CRISIS),
        ("i think im cracking up", RiskKind.CRISIS),
        ("she broke down again last night", RiskKind.CRISIS),
        ("i am on the edge", RiskKind.CRISIS),
        ("we've reached our limit", RiskKind.CRISIS),
        ("its like a black hole", RiskKind.CRISIS),
        ("i hate my life", RiskKind.CRISIS),
        ("please somebody help", RiskKind.CRISIS),
        ("holding on by a thread", RiskKind.CRISIS),
        ("i cant keep going like this", RiskKind.CRISIS),
        ("i feel like im going mad", RiskKind.CRISIS),
        ("my life is a mess", RiskKind.CRISIS),
        ("i might do something stupid", RiskKind.CRISIS),
        ("i keep having intrusive thoughts", RiskKind.CRISIS),
        ("i am so tired of everything", RiskKind.CRISIS),
        ("i cant get out of bed", RiskKind.CRISIS),
    ],
)
def test_the_distress_and_reported_frames_find_kinds(text: str, kind: RiskKind) -> None:
    result = triage_by_rules(text)
    assert kind in result.kinds, result
    assert any(phrase.startswith(FRAME_PREFIX) for phrase in result.phrases), result


@pytest.mark.parametrize(
    "text",
    [
        "i give up with the phone line",
        "we are done with waiting lists",
        "im done for the day so will ring tomorrow",
        "he has done everything they asked",
        "i have had enough of the council",
        "we have given up on the gp",
        "she is at her limit with school",
        "the car broke down on the way to the review",
        "he was cracking up laughing",
        "he hates everything about school dinners",
        "can someone help me with the form",
        "the paperwork is drowning me lol",
        "she gets overwhelmed in crowds",
        "he is killing it at school this year",
        "he googled how to get to the clinic",
        "he is sick of everything to do with the council",
        "we are tired of everything the school says",
        "i feel like im going mad with the noise of the building work",
    ],
)
def test_complaints_about_a_service_are_not_flagged(text: str) -> None:
    assert not triage_by_rules(text).flagged, triage_by_rules(text)


def test_every_reported_frame_and_innocent_use_compiles() -> None:
    for kind, texts in REPORTED_RULES.items():
        assert texts, kind
        for text in texts:
            assert compile_rule(text, kind).steps
    for text in REPORTED_INNOCENT_USES:
        assert compile_rule(text, RiskKind.CRISIS).steps

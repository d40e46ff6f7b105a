"""The frames: low mood and hopelessness on their own, crisis metaphors,
being a burden, final acts and methods, with their innocent uses."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_mood import FRAME_INNOCENT_USES, FRAME_PREFIX, FRAME_RULES
from portal.services.feedback.triage import RiskKind, compile_rule, triage_feedback


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I feel so low all the time", RiskKind.CRISIS),
        ("I can't cope any more", RiskKind.CRISIS),
        ("i really cant manage any of this", RiskKind.CRISIS),
        ("I'm drowning", RiskKind.CRISIS),
        ("I'm at the end of my rope", RiskKind.CRISIS),
        ("everything is too much", RiskKind.CRISIS),
        ("she is completely numb", RiskKind.CRISIS),
        ("i dont see a future for me", RiskKind.WANTING_TO_DIE),
        ("i only make things worse for everyone", RiskKind.NOT_BEING_MISSED),
        ("she drank bleach", RiskKind.OVERDOSE),
        ("he is left on his own all weekend", RiskKind.NEGLECT),
        ("he goes missing for days", RiskKind.EXPLOITATION),
        ("when he drinks he gets violent", RiskKind.UNSAFE_AT_HOME),
        ("i've picked a date", RiskKind.FINAL_ACTS),
        ("tell my mum i love her", RiskKind.FINAL_ACTS),
    ],
)
def test_frames_find_what_no_single_phrase_rule_did(text: str, kind: RiskKind) -> None:
    result = triage_feedback(text)
    assert kind in result.kinds, result
    assert any(phrase.startswith(FRAME_PREFIX) for phrase in result.phrases), result


@pytest.mark.parametrize(
    "text",
    [
        "we were drowning in paperwork before you helped",
        "i was low on credit so couldnt reply",
        "im at the end of my tether with the council about the ramp but you lot are great",
        "she is giving some old stuff away to the charity shop",
        "she was a bit overwhelmed at first",
        "the group was all too much for him at first",
        "there is no hope of getting an appointment before june",
        "we got lost in the car park for ages",
        "no point in me filling in the form",
    ],
)
def test_the_frames_innocent_uses_are_not_flagged(text: str) -> None:
    assert not triage_feedback(text).flagged, triage_feedback(text)


def test_every_frame_and_innocent_use_compiles() -> None:
    for kind, texts in FRAME_RULES.items():
        assert texts, kind
        for text in texts:
            assert compile_rule(text, kind).steps
    for text in FRAME_INNOCENT_USES:
        assert compile_rule(text, RiskKind.CRISIS).steps

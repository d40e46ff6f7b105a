"""The triage's backstop: strong risk words and short risk phrases flag a text
that no meaning rule flagged, with their own best-guess category, unless they
are part of a known idiom or innocent use."""

from __future__ import annotations

import pytest

from portal.services.feedback.risk_backstop import BACKSTOP_PREFIX, BACKSTOP_RULES, INNOCENT_USES
from portal.services.feedback.risk_words import Speller
from portal.services.feedback.triage import RiskKind, compile_rule, triage_by_rules

CAUGHT_BY_THE_BACKSTOP = [
    ("everything feels dead inside", RiskKind.WANTING_TO_DIE),
    ("i just want it all to stop", RiskKind.WANTING_TO_DIE),
    ("i cant see a way out of this", RiskKind.WANTING_TO_DIE),
    ("honestly there is no point", RiskKind.WANTING_TO_DIE),
    ("it all looks hopeless", RiskKind.WANTING_TO_DIE),
    ("what a burden", RiskKind.NOT_BEING_MISSED),
    ("there was blood on his sleeve", RiskKind.SELF_HARM),
    ("she has paracetamol in her bag", RiskKind.OVERDOSE),
    ("someone choked", RiskKind.HARM_FROM_OTHERS),
    ("my brother punches", RiskKind.HARM_FROM_OTHERS),
    ("he is always hungry when he comes back", RiskKind.NEGLECT),
    ("he keeps a knife under his bed", RiskKind.HARM_TO_OTHERS),
    ("i get scared at night", RiskKind.UNSAFE_AT_HOME),
    ("goodbye", RiskKind.FINAL_ACTS),
    ("desperate times here", RiskKind.CRISIS),
    ("she is terrifed", RiskKind.UNSAFE_AT_HOME),
]

INNOCENT = [
    "my phone died",
    "the battery is dead",
    "i am dying to see the new room",
    "we died laughing",
    "my back is killing me",
    "the waiting is killing me",
    "i would kill for a coffee",
    "she beat me at chess",
    "it hit me that he is nearly grown up",
    "the call kept cutting out",
    "the visit was cut short",
    "he plays games on his tablet",
    "the tablet needs charging",
    "he takes his tablets with breakfast",
    "he is scared of dogs",
    "the road by the school is dangerous",
    "he had a blood test",
    "no harm done",
]


@pytest.mark.parametrize(("text", "kind"), CAUGHT_BY_THE_BACKSTOP)
def test_strong_words_flag_with_their_best_guess_category(text: str, kind: RiskKind) -> None:
    result = triage_by_rules(text)
    assert result.kinds == (kind,), result
    assert all(phrase.startswith(BACKSTOP_PREFIX) for phrase in result.phrases)


@pytest.mark.parametrize("text", INNOCENT)
def test_idioms_and_innocent_uses_are_not_flagged(text: str) -> None:
    assert not triage_by_rules(text).flagged, triage_by_rules(text)


def test_an_innocent_use_clears_only_the_words_it_covers() -> None:
    assert not triage_by_rules("my phone died").flagged
    result = triage_by_rules("my phone died and he hit her")
    assert result.kinds == (RiskKind.HARM_FROM_OTHERS,)


def test_the_meaning_rules_come_first_and_give_the_category() -> None:
    result = triage_by_rules("i want to die, he hit me")
    assert result.flagged
    assert not any(phrase.startswith(BACKSTOP_PREFIX) for phrase in result.phrases)
    assert RiskKind.WANTING_TO_DIE in result.kinds


def test_every_backstop_rule_and_innocent_use_compiles() -> None:
    for kind, texts in BACKSTOP_RULES.items():
        for text in texts:
            assert compile_rule(text, kind).steps
    for text in INNOCENT_USES:
        assert compile_rule(text, RiskKind.CRISIS).steps


def test_a_misspelling_with_two_nearest_words_is_read_the_same_way_every_time() -> None:
    # "scred" is one letter from both; the alphabetical first wins, whatever
    # order the speller's sets come in.
    assert Speller(["shred", "scared"]).correct("scred") == "scared"
    assert Speller(["scared", "shred"]).correct("scred") == "scared"


def test_a_real_word_is_never_read_as_a_backstop_word() -> None:
    # Before the word list, "scored" was read as "scared".
    assert not triage_by_rules("she scored two goals").flagged

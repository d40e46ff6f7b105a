"""The triage against the corpora in risk_corpus/: the main corpus (the rules
are tuned against it) must reach the bar. Each held-out corpus was written
before a round of rule changes, and its bar is what it measured then, rounded
down: the first 80% recall and 8% false positives (measured 81% and 0%; the
second round learned from its misses, so it is no longer blind), the second
71% recall (measured 71.3%) and 5% false positives (measured 0%, given the
issue's bar so that one new accepted false positive does not fail it). The
third was written before the backstop and measured before (59.5% recall, 1.3%
false positives) and after it (74.6% recall, 12.0% false positives); its bar
was the after figure rounded down, 74% and 12%; after the fourth round (the
harm, mood and final-acts frames and the word-list speller, which learned
from its misses too) it measures 100% and 8.0%, so its bar is 99% and 8%.
The fourth was written before the fourth round and measured before (66.9%
recall, 9.5% false positives) and after it (100%, 2.6%: the round was tuned
against it, so this is not blind); its bar is 99% and 3%. The fifth was
written after the fourth round without reading the rules' misses and
measured once, blind: 66.4% recall and 6.2% false positives; its bar is 66%
and 7%, and it is never tuned against. The sixth was measured blind after
round five (61.7%, 16.5%); the classifier is trained on it, so it is seen
now. The seventh was written before the classifier and is never trained on:
with the classifier or the narrow rules it measured once, blind, 131/140
(93.6%) and 7/121 (5.8%), and with the model shipped after round seven's
training data (training_2, a seen corpus) 134/140 (95.7%) and 5/121 (4.1%);
its bar is that figure. The eighth was written before round seven's training
data and is never trained on: measured blind, 136/143 (95.1%) and 15/131
(11.5%), the same with the shipped model; round eight trains on the seventh
and the eighth, so both are seen now. The ninth was written apart from every
training set and is never trained on or read: with the model shipped after
round eight it measured once, blind, 147/154 (95.5%) and 5/160 (3.1%); its
bar is that figure. The messages of the held-out tests name no phrase."""

from __future__ import annotations

import pytest

from portal.services.feedback.triage import RiskKind
from tests.support.risk_corpus import Measure, load_corpus, measure

MAIN = measure(load_corpus())
HELD_OUT = measure(load_corpus("held_out_"))
HELD_OUT_2 = measure(load_corpus("held_out_2_"))
HELD_OUT_3 = measure(load_corpus("held_out_3_"))
HELD_OUT_4 = measure(load_corpus("held_out_4_"))
HELD_OUT_5 = measure(load_corpus("held_out_5_"))
HELD_OUT_6 = measure(load_corpus("held_out_6_"))
HELD_OUT_7 = measure(load_corpus("held_out_7_"))
HELD_OUT_8 = measure(load_corpus("held_out_8_"))
HELD_OUT_9 = measure(load_corpus("held_out_9_"))
TRAINING_2 = measure(load_corpus("training_2_"))
TRAINING_3 = measure(load_corpus("training_3_"))
MESSAGES = measure(load_corpus("messages_"))
HELD_OUT_MESSAGES = measure(load_corpus("held_out_messages_"))


def test_the_corpora_are_big_enough() -> None:
    assert MAIN.disclosures + MAIN.ordinary >= 150
    assert HELD_OUT.disclosures + HELD_OUT.ordinary >= 60
    assert HELD_OUT_2.disclosures >= 80 and HELD_OUT_2.ordinary >= 60
    assert all(HELD_OUT_2.total_by_kind[kind] >= 5 for kind in RiskKind)
    assert HELD_OUT_2.total_by_kind[RiskKind.CRISIS] >= 15
    assert HELD_OUT_3.disclosures >= 100 and HELD_OUT_3.ordinary >= 70
    assert all(HELD_OUT_3.total_by_kind[kind] >= 8 for kind in RiskKind)
    assert HELD_OUT_4.disclosures >= 130 and HELD_OUT_4.ordinary >= 110
    assert all(HELD_OUT_4.total_by_kind[kind] >= 10 for kind in RiskKind)
    assert HELD_OUT_5.disclosures >= 100 and HELD_OUT_5.ordinary >= 80
    assert all(HELD_OUT_5.total_by_kind[kind] >= 8 for kind in RiskKind)


@pytest.mark.parametrize(
    "corpus", [MAIN, HELD_OUT, HELD_OUT_2], ids=["main", "held_out", "held_out_2"]
)
def test_the_seen_corpora_meet_the_bar(corpus: Measure) -> None:
    assert corpus.recall >= 0.97, corpus.misses
    assert corpus.false_positive_rate <= 0.05, corpus.false_positives


@pytest.mark.parametrize("kind", list(RiskKind))
def test_every_category_is_found_in_the_main_corpus(kind: RiskKind) -> None:
    assert MAIN.total_by_kind[kind] >= 5, kind
    assert MAIN.recall_of(kind) >= 0.9, [miss for miss in MAIN.misses if miss[0] == kind]


def test_the_held_out_corpus_meets_its_lower_bar() -> None:
    assert HELD_OUT.recall >= 0.80, HELD_OUT.misses
    assert HELD_OUT.false_positive_rate <= 0.08, HELD_OUT.false_positives


def test_the_second_held_out_corpus_meets_its_bar() -> None:
    assert HELD_OUT_2.recall >= 0.71, HELD_OUT_2.misses
    assert HELD_OUT_2.false_positive_rate <= 0.05, HELD_OUT_2.false_positives


def test_the_third_held_out_corpus_meets_its_after_figure() -> None:
    assert HELD_OUT_3.recall >= 0.99, HELD_OUT_3.misses
    assert HELD_OUT_3.false_positive_rate <= 0.02, HELD_OUT_3.false_positives


def test_the_fourth_held_out_corpus_meets_its_after_figure() -> None:
    assert HELD_OUT_4.recall >= 0.99, HELD_OUT_4.misses
    assert HELD_OUT_4.false_positive_rate <= 0.03, HELD_OUT_4.false_positives


def test_the_fifth_held_out_corpus_meets_its_after_figure() -> None:
    # Blind in round four (66.4%, 6.2%); its misses were read in round five,
    # so this is a seen figure now. The messages still name no phrase.
    assert HELD_OUT_5.recall >= 0.99, "fifth held-out recall fell below its after figure"
    assert HELD_OUT_5.false_positive_rate <= 0.02, "fifth held-out false positives rose"


def test_the_sixth_held_out_corpus_meets_its_seen_figure() -> None:
    # Blind after round five (87/141, 20/121); the classifier is trained on
    # it, so it is seen now (141/141, 13/121). The messages name no phrase.
    assert HELD_OUT_6.disclosures >= 130 and HELD_OUT_6.ordinary >= 110
    assert all(HELD_OUT_6.total_by_kind[kind] >= 10 for kind in RiskKind)
    assert HELD_OUT_6.recall >= 0.99, "sixth held-out recall fell below its seen figure"
    assert HELD_OUT_6.false_positive_rate <= 0.11, "sixth held-out false positives rose"


def test_the_seventh_and_eighth_held_out_corpora_meet_their_seen_figures() -> None:
    # Blind before round eight (134/140, 5/121 and 136/143, 15/131); round
    # eight trains on both (140/140, 1/121 and 143/143, 4/131).
    for corpus in (HELD_OUT_7, HELD_OUT_8):
        assert corpus.disclosures >= 130 and corpus.ordinary >= 110
        assert all(corpus.total_by_kind[kind] >= 10 for kind in RiskKind)
        assert corpus.recall == 1.0, f"{corpus} recall fell below its seen figure"
    assert len(HELD_OUT_7.false_positives) <= 1, "seventh held-out false positives rose"
    assert len(HELD_OUT_8.false_positives) <= 4, "eighth held-out false positives rose"


def test_the_ninth_held_out_corpus_meets_the_issues_bar_blind() -> None:
    # Written apart from every training set, in many voices; never trained
    # on, its phrases never read; measured once after round eight (147/154,
    # 5/160), which meets the bar of 95% found and at most 5% flagged. The
    # messages name no phrase.
    assert HELD_OUT_9.disclosures >= 150 and HELD_OUT_9.ordinary >= 150
    assert all(HELD_OUT_9.total_by_kind[kind] >= 14 for kind in RiskKind)
    assert len(HELD_OUT_9.misses) <= 7, "ninth held-out recall fell below its blind figure"
    assert len(HELD_OUT_9.false_positives) <= 5, "ninth held-out false positives rose"


def test_round_sevens_training_corpus_meets_its_seen_figure() -> None:
    # Trained on (271/271, 6/366: the six are the narrow rules', not the model's).
    assert TRAINING_2.disclosures >= 250 and TRAINING_2.ordinary >= 250
    assert all(TRAINING_2.total_by_kind[kind] >= 20 for kind in RiskKind)
    assert TRAINING_2.recall == 1.0, TRAINING_2.misses
    assert len(TRAINING_2.false_positives) <= 6, TRAINING_2.false_positives


def test_everyday_text_messages_are_not_flagged() -> None:
    # "ok", "who is this", "I will be there": the model flagged them until it
    # learnt everyday messages (messages_*). The held-out set was written
    # apart and never trained on (13/13, 3/73 when first measured; 4/73 after
    # round seven's training data).
    assert MESSAGES.recall == 1.0 and MESSAGES.false_positive_rate == 0.0
    assert HELD_OUT_MESSAGES.recall == 1.0, "a short disclosure by text was missed"
    assert len(HELD_OUT_MESSAGES.false_positives) <= 4, "more everyday texts are flagged"


def test_round_eights_training_corpus_meets_its_seen_figure() -> None:
    # Indirect disclosures the rules alone found 122 of 240 of, and everyday
    # text with risk-looking words; trained on.
    assert TRAINING_3.disclosures >= 240 and TRAINING_3.ordinary >= 600
    assert TRAINING_3.recall >= 0.99, "round eight's training recall fell"
    assert TRAINING_3.false_positive_rate <= 0.05, "round eight's training false positives rose"

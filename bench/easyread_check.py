"""Benchmark the easy-read checker: `.venv/bin/python bench/easyread_check.py`.

Checks a realistic 2,000-word plan (a mix of easy-read sentences and the kind
of sentences the checker reports) 50 times and prints the median and 95th
percentile in milliseconds, then times 200 KB of text and a single
5,000-character sentence to show the time grows in a straight line with the
length of the text. Exits with status 1 if the median for 2,000 words is over
50 ms. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

from easyread import check

BUDGET_MS = 50.0
RUNS = 50

GOOD = [
    "Your keyworker is Sam.",
    "Sam will meet you every week.",
    "We will meet on Tuesday 4 March at 10 in the morning.",
    "The meeting is at your school.",
    "Your mum and dad can come too.",
    "You like football and drawing.",
    "You do not like loud places.",
    "You feel worried when plans change.",
    "We will help you with your feelings.",
    "We will talk to your teachers about school.",
    "You can say no to anything in this plan.",
    "If you need help now, call 999.",
    "We will look at this plan again in July.",
    "Everything you tell us is private, unless you are not safe.",
    "You can ask questions at any time.",
]
BAD = [
    "Following the multi-disciplinary team meeting, it was agreed that the care plan will be "
    "reviewed by the CAMHS practitioner prior to the CETR on 04/03/25 at 14:00.",
    "The outcome of the assessment indicated that it is not unlikely that additional support "
    "will be required; however, this is contingent upon funding in Q3.",
    "In order to facilitate a smooth transition, the team will endeavour to touch base with "
    "the family on a regular basis.",
    "Approximately 25% of young people in the locality experience comparable difficulties.",
    "Please note that ALL CORRESPONDENCE MUST BE RETURNED WITHIN FOURTEEN DAYS.",
    "The <i>Mental Health Act</i> s117 aftercare entitlement was discussed with the LA.",
    "Medication will be administered by ward staff, and any concerns should be escalated.",
    "Stage II of the plan commences in the third quarter, whereupon the IMHA will be consulted.",
    "The SENCO will liaise with the SENDIASS and keep the family in the loop going forward.",
    "Over 1,500 families have been supported since the service's inception.",
]


def plan_text(words: int, seed: int = 2025) -> str:
    """A plan of about `words` words: headings, short paragraphs and lists."""
    chooser = random.Random(seed)  # noqa: S311 (a repeatable sample, not a secret)
    parts: list[str] = []
    count = 0
    while count < words:
        if chooser.random() < 0.1:
            parts.append(f"\n\nSection {len(parts)}\n")
        sentence = chooser.choice(BAD if chooser.random() < 0.3 else GOOD)
        if chooser.random() < 0.15:
            sentence = f"\n- {sentence}"
        parts.append(sentence)
        count += len(sentence.split())
    return " ".join(parts)


def timings(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm up: data files and the glossary load once
    function()
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        found.append((time.perf_counter() - started) * 1000)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, text: str, runs: int) -> float:
    found = timings(lambda: check(text), runs)
    median = statistics.median(found)
    per_kb = median / (len(text) / 1000)
    print(
        f"{label:<34} {len(text):>8,} chars {len(text.split()):>7,} words  "
        f"median {median:8.2f} ms  p95 {percentile(found, 0.95):8.2f} ms  "
        f"({per_kb:.3f} ms per 1,000 chars)"
    )
    return median


def main() -> int:
    plan = plan_text(2_000)
    summary = check(plan).summary
    print(
        f"2,000-word plan: {summary.words} words, {summary.sentences} sentences, "
        f"{len(check(plan).findings)} findings"
    )
    median = report("2,000-word plan", plan, RUNS)
    report("20,000-word plan", plan_text(20_000), 10)
    big = plan_text(40_000)
    big = big[: big.rfind(" ", 0, 200_000)]
    report("200 KB of text", big, 5)
    sentence = " ".join(["word"] * 1_000)[:4_999] + "."
    report("one 5,000-character sentence", sentence, RUNS)
    report("one 50,000-character sentence", " ".join(["word"] * 10_000) + ".", 10)
    if median > BUDGET_MS:
        print(f"FAIL: the median for 2,000 words is {median:.2f} ms, over {BUDGET_MS:.0f} ms.")
        return 1
    print(f"OK: the median for 2,000 words is under {BUDGET_MS:.0f} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

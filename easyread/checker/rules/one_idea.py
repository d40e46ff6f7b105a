"""One idea in each sentence (rule `one-idea`, English).

Guidance: Inclusion Europe "Information for all" ("say only one idea in each
sentence"), Mencap "Am I making myself clear?" (one idea per sentence),
Department of Health (2010) (keep to one main idea in each sentence).

A sentence is taken to hold more than one idea when it has a semicolon, or
when it joins three or more parts with words like "but", "which", "because"
and "although". "and" and "or" count only when a new part starts after them
("and we will", "or you can"), so "mum and dad" is fine. A warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from easyread.checker.document import Sentence
from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context

RULE = "one-idea"

# Words that start a new part of a sentence wherever they appear.
JOINERS = frozenset(
    {
        "although",
        "because",
        "but",
        "however",
        "though",
        "unless",
        "whereas",
        "which",
        "whilst",
        "therefore",
    }
)
# "and" and "or" join two parts only when a subject follows them.
SOFT_JOINERS = frozenset({"and", "or"})
SUBJECTS = frozenset(
    {"i", "you", "we", "they", "he", "she", "it", "there", "this", "that", "then", "also"}
)
# Two joiners make three parts: more than one idea.
MOST_JOINERS = 1


def _joiners(ctx: Context, sentence: Sentence) -> list[int]:
    words = ctx.doc.words
    found = []
    for index in range(sentence.first, sentence.last):
        word = words[index].lower
        following = words[index + 1].lower if index + 1 < sentence.last else ""
        if index == sentence.first:
            # "But we can..." at the start joins to the sentence before, not
            # inside this one; "Because" at the start makes 2 parts, not 3.
            continue
        strong = word in JOINERS or (word == "so" and following == "that")
        if strong or (word in SOFT_JOINERS and following in SUBJECTS):
            found.append(index)
    return found


def check_one_idea(ctx: Context) -> Iterator[Finding]:
    plain = ctx.doc.plain
    for sentence in ctx.doc.sentences:
        if sentence.word_count < 6:
            continue
        text = plain[sentence.start : sentence.end]
        joiners = _joiners(ctx, sentence)
        if ";" in text.rstrip("; "):
            message = "This sentence has a semicolon (;), so it has more than one idea."
            suggestion = "Put a full stop where the semicolon is and start a new sentence."
        elif len(joiners) > MOST_JOINERS:
            named = ", ".join(f"'{ctx.doc.words[i].text}'" for i in joiners)
            message = (
                f"This sentence has more than one idea. It joins {len(joiners) + 1} parts "
                f"with {named}. Say one thing in each sentence."
            )
            suggestion = f"Start a new sentence at '{ctx.doc.words[joiners[0]].text}'."
        else:
            continue
        yield ctx.finding(RULE, Severity.WARNING, sentence.start, sentence.end, message, suggestion)

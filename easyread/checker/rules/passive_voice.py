"""Passive voice (rule `passive-voice`, English).

Guidance: Inclusion Europe "Information for all" ("use active language, not
passive"), Mencap "Am I making myself clear?" (say who is doing what: "we
will send you a letter", not "a letter will be sent"), Department of Health
(2010) (use the active voice).

A form of "be" ("is", "was", "will be", "has been", "being") followed by a
past participle ("reviewed", "agreed", "given", "sent"), with at most two
small words such as "not" or "also" between: "will be reviewed by", "was
agreed", "has been decided". Participles that work as everyday describing
words ("I am tired", "we are worried", "the office is closed", "you are
allowed") pass. A warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context, quote
from easyread.checker.wordsets import word_set

RULE = "passive-voice"

BE = word_set("am is are was were be been being isn't aren't wasn't weren't")
# Words that may sit between "be" and the participle: "will not be reviewed".
BETWEEN = word_set(
    """not also then already now still always never often just all both usually being
    been only sometimes normally"""
)
# Words before "be" that belong to the passive: "*will* be reviewed", "*has* been".
HELPERS = word_set(
    """will would can could should must may might shall has have had won't can't cannot
    wouldn't couldn't shouldn't hasn't haven't hadn't to"""
)
IRREGULAR = word_set(
    """arisen awoken beaten begun bent bet bitten blown broken brought built bought caught
    chosen cut dealt done drawn driven drunk eaten fallen fed felt forbidden forgiven
    forgotten found frozen given got gotten grown heard held hidden hit hung kept known
    laid led left lent let lit made meant met paid put quit read ridden rung risen run
    said seen sold sent set shaken shown shut sung sunk sat slept spent spoken spread
    stolen struck stuck sworn swept taken taught thought thrown told torn understood
    undertaken woken won worn withdrawn written"""
)
# Participles used as describing words, and -ed words that are not participles.
NOT_PASSIVE = word_set(
    """tired worried scared frightened excited bored pleased interested surprised confused
    disappointed embarrassed annoyed stressed relaxed married divorced retired qualified
    called named based located situated supposed used related concerned involved allowed
    prepared engaged closed finished limited detailed experienced skilled talented
    crowded complicated mixed aged need feed seed speed bleed breed weed heed deed greed
    indeed succeed proceed exceed hundred sacred naked wicked beloved kindred ragged
    rugged learned determined devoted dedicated fed-up committed needed wanted welcomed
    satisfied unsatisfied unsure"""
)


# Words that end the name of who did it: "by your keyworker *next* week".
AGENT_ENDS = word_set(
    """in on at for to with from about and or but because when if next this last every
    before after during so"""
)


def _agent(ctx: Context, index: int) -> str | None:
    """Who did it, from "by your keyworker" at word `index`, or None."""
    words = ctx.doc.words
    if index >= len(words) or words[index].lower != "by":
        return None
    agent: list[int] = []
    for look in range(index + 1, min(len(words), index + 4)):
        gap = ctx.doc.gap(look - 1, look)
        if (
            words[look].sentence != words[index].sentence
            or gap.strip()
            or (words[look].lower in AGENT_ENDS)
        ):
            break
        agent.append(look)
    if not agent:
        return None
    return ctx.text(words[agent[0]].start, words[agent[-1]].end)


def is_participle(word: str) -> bool:
    if word in NOT_PASSIVE:
        return False
    if word in IRREGULAR:
        return True
    return len(word) >= 5 and word.endswith("ed") and word.isalpha()


def check_passive_voice(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    count = len(words)
    index = 0
    while index < count:
        word = words[index]
        if word.lower not in BE:
            index += 1
            continue
        sentence = word.sentence
        look = index + 1
        while look < count and look - index <= 2 and words[look].lower in BETWEEN:
            look += 1
        if look >= count or words[look].sentence != sentence:
            index = look
            continue
        participle = words[look]
        fed_up = participle.lower == "fed" and look + 1 < count and words[look + 1].lower == "up"
        if not is_participle(participle.lower) or fed_up:
            index += 1
            continue
        first = index
        if (
            index > 0
            and words[index - 1].lower in HELPERS
            and words[index - 1].sentence == sentence
        ):
            first = index - 1
        start, end = words[first].start, participle.end
        by_whom = _agent(ctx, look + 1)
        text = ctx.text(start, end)
        if by_whom:
            suggestion = f"Start with who does it: '{by_whom} …'"
        else:
            suggestion = "Say who does it, like 'We will review your plan'."
        yield ctx.finding(
            RULE,
            Severity.WARNING,
            start,
            end,
            f"{quote(text)} does not say who does it. Say who does what.",
            suggestion,
        )
        index = look + 1

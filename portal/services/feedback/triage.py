"""Safeguarding triage of what families write: does the text mention crisis or risk?

Anything a young person or family member writes may disclose risk (DOMAIN.md,
"Safeguarding"). `triage_feedback` looks for the words and phrases below. When
it finds one, the keyworker's notice is marked urgent and the person is shown
where to get help at once. It only ever adds urgency: the keyworker reads every
comment, flagged or not, and the person is always shown the crisis lines.

How the text is matched:
- case does not matter, and neither do punctuation, hyphens or line breaks
  ("Self-harm", "self harm" and "SELF HARM" are the same);
- whole words and whole phrases only: "skill myself" is not "kill myself",
  "abusers" is not "abuse" (the forms that matter are listed);
- apostrophes of any kind (' ’ ‘ `) are dropped, then common short forms are
  written out: "don't", "dont" and "do not" are the same, as are "can't",
  "cant", "cannot" and "can not"; "I'm" is "I am"; "wanna" is "want to";
  "my self" is "myself".

Known false positives, accepted on purpose. Missing a disclosure costs far more
than a keyworker reading a comment sooner than needed, so these stay flagged:
- "cutting" on its own ("they are cutting our hours", "cutting the grass"),
  because young people say "I have been cutting again". Plain "cut" is not
  flagged ("cut the grass", "they cut my support"); "cut myself" is.
- "hurt myself" or "burnt myself" by accident ("I hurt myself playing football").
- "kill me" said as a figure of speech ("my mum will kill me").
- "beat me", "hit me", "kicked me", "touched me" in other senses ("my brother
  beat me at chess", "it hit me that", "they kicked me out of the group",
  "your letter touched me").
- "not safe", "abuse", "neglected", "crisis" about a service or a place
  ("the car park is not safe", "abuse of power", "they neglected to tell us",
  "the crisis team were kind").
- A denial still mentions the risk ("I am not suicidal"): a person reads it.

Deliberately not flagged, because they are common in ordinary feedback and
rarely a disclosure on their own: "killing me" ("my back is killing me"),
"die"/"dying" alone ("dying to see you"), "hopeless", "give up", "bullied",
"police", "knife". The keyworker still reads these comments.

Changing the list: add the phrase in its plain written form (with any
apostrophes), a true-positive and, where likely, a false-positive test in
tests/portal/services/test_feedback_triage.py, and a note above if it brings a
new kind of false positive.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class RiskKind(enum.StrEnum):
    SUICIDE_OR_SELF_HARM = "suicide_or_self_harm"
    HARM_FROM_OTHERS = "harm_from_others"
    HARM_TO_OTHERS = "harm_to_others"
    CRISIS = "crisis"


@dataclass(frozen=True)
class TriageResult:
    """What triage found. `phrases` are entries of the reviewed list (never
    the person's own words); `kinds` are the kinds of risk, in list order."""

    phrases: tuple[str, ...] = ()
    kinds: tuple[RiskKind, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.phrases)


NOT_FLAGGED = TriageResult()

_REFLEXIVES = ("myself", "himself", "herself", "themselves", "themself", "yourself")
_SELF_HARM_VERBS = (
    "kill",
    "kills",
    "killing",
    "killed",
    "hurt",
    "hurts",
    "hurting",
    "harm",
    "harms",
    "harming",
    "harmed",
    "cut",
    "cuts",
    "hang",
    "hanging",
    "hanged",
    "starve",
    "starving",
    "starved",
    "burn",
    "burning",
    "burnt",
    "burned",
    "unalive",
)
# "cutting" needs no object: it is in the list on its own.
_VIOLENCE_VERBS = (
    "hurt",
    "hit",
    "hits",
    "hitting",
    "beat",
    "beats",
    "beating",
    "punch",
    "punches",
    "punched",
    "punching",
    "kick",
    "kicks",
    "kicked",
    "kicking",
    "slap",
    "slaps",
    "slapped",
    "slapping",
    "strangle",
    "strangles",
    "strangled",
    "choke",
    "chokes",
    "choked",
    "choking",
    "threaten",
    "threatens",
    "threatened",
    "threatening",
    "touches",
    "touched",
    "touching",
    "grooming",
    "groomed",
    "hurts",
    "hurting",
)
_VICTIMS = ("me", "him", "her", "them", "us")
_FEARED_PEOPLE = (
    "him",
    "her",
    "my dad",
    "my mum",
    "my mom",
    "my stepdad",
    "my step dad",
    "my stepmum",
    "my step mum",
    "my parents",
    "my brother",
    "my sister",
    "my carer",
    "my carers",
    "my foster carer",
    "my boyfriend",
    "my girlfriend",
    "my partner",
    "my husband",
    "my wife",
    "my uncle",
)
_FEAR_WORDS = ("scared", "afraid", "frightened", "terrified")


def _combine(firsts: Iterable[str], seconds: Iterable[str]) -> tuple[str, ...]:
    seconds = tuple(seconds)
    return tuple(f"{first} {second}" for first in firsts for second in seconds)


RISK_PHRASES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.SUICIDE_OR_SELF_HARM: (
        "suicide",
        "suicidal",
        "kms",
        "unalive",
        "end my life",
        "ending my life",
        "end his life",
        "end her life",
        "end their life",
        "end it all",
        "ending it all",
        "take my own life",
        "take my life",
        "want to die",
        "wanted to die",
        "wants to die",
        "want to be dead",
        "wish I was dead",
        "wish I were dead",
        "better off dead",
        "better off without me",
        "not want to live",
        "not want to be alive",
        "no reason to live",
        "not worth living",
        "self harm",
        "selfharm",
        "self harming",
        "self harmed",
        "cutting",
        "cut my arm",
        "cut my arms",
        "cut my wrist",
        "cut my wrists",
        "cut my legs",
        "slit my wrists",
        "overdose",
        "overdosed",
        "overdosing",
        "over dose",
        "jump off a bridge",
        "jump in front of",
        *_combine(_SELF_HARM_VERBS, _REFLEXIVES),
    ),
    RiskKind.HARM_FROM_OTHERS: (
        "not safe",
        "unsafe",
        "never feel safe",
        "never safe",
        "not feel safe",
        "abuse",
        "abused",
        "abusing",
        "abusive",
        "neglect",
        "neglected",
        "rape",
        "raped",
        "kill me",
        "kill us",
        "scared to go home",
        "scared of going home",
        "afraid to go home",
        "frightened to go home",
        "not want to go home",
        "can't go home",
        "scared at home",
        "kicked out",
        "run away from home",
        "running away from home",
        "ran away from home",
        "going to run away",
        "homeless",
        *_combine(_VIOLENCE_VERBS, _VICTIMS),
        "beaten",
        "beaten up",
        *_combine(_FEAR_WORDS, (f"of {person}" for person in _FEARED_PEOPLE)),
    ),
    RiskKind.HARM_TO_OTHERS: (
        "kill him",
        "kill her",
        "kill them",
        "kill someone",
        "kill somebody",
        "kill people",
        "hurt someone",
        "hurt somebody",
        "hurt people",
        "hurt other people",
        "stab",
        "stabbed",
        "stabbing",
    ),
    RiskKind.CRISIS: (
        "crisis",
        "in danger",
        "can't cope",
        "can't go on",
        "can't take it any more",
        "can't take it anymore",
        "breaking point",
    ),
}

_APOSTROPHES = re.compile(r"['’‘`´ʼ′]")
_WORD = re.compile(r"[^\W_]+")
# Short forms written out, after apostrophes are dropped ("don't" is "dont").
_LONG_FORMS = {
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "cannot": ("can", "not"),
    "wont": ("will", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
}


def words_of(text: str) -> tuple[str, ...]:
    """`text` as lower-case words, apostrophes dropped and short forms written
    out, so that phrases and text compare alike."""
    words: list[str] = []
    for word in _WORD.findall(_APOSTROPHES.sub("", text.casefold())):
        words.extend(_LONG_FORMS.get(word, (word,)))
    return tuple(words)


def _spellings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A phrase's words, and the same with "myself" written "my self" (and
    "yourself" as "your self")."""
    spellings = [words]
    for joined, (first, second) in (("myself", ("my", "self")), ("yourself", ("your", "self"))):
        if joined in words:
            at = words.index(joined)
            spellings.append((*words[:at], first, second, *words[at + 1 :]))
    return spellings


def _index(
    phrases: dict[RiskKind, tuple[str, ...]],
) -> dict[str, list[tuple[tuple[str, ...], str, RiskKind]]]:
    """Phrases by their first word, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str, RiskKind]]] = {}
    for kind, entries in phrases.items():
        for phrase in entries:
            for words in _spellings(words_of(phrase)):
                index.setdefault(words[0], []).append((words, phrase, kind))
    for candidates in index.values():
        candidates.sort(key=lambda candidate: -len(candidate[0]))
    return index


_PHRASES_BY_FIRST_WORD = _index(RISK_PHRASES)


def triage_feedback(text: str | None) -> TriageResult:
    """Whether `text` mentions crisis or risk, and which listed phrases it used."""
    if not text:
        return NOT_FLAGGED
    words = words_of(text)
    found: dict[str, RiskKind] = {}
    for start, word in enumerate(words):
        for phrase_words, phrase, kind in _PHRASES_BY_FIRST_WORD.get(word, ()):
            if words[start : start + len(phrase_words)] == phrase_words:
                found.setdefault(phrase, kind)
    if not found:
        return NOT_FLAGGED
    kinds = tuple(kind for kind in RiskKind if kind in found.values())
    return TriageResult(phrases=tuple(found), kinds=kinds)

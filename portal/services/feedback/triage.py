"""Safeguarding triage of what families write: may the text disclose risk?

Anything a young person or family member writes may disclose risk (DOMAIN.md,
"Safeguarding"). `triage_feedback` runs on every free-text feedback answer and
every message that arrives, on the web and by text. When it flags one, the
keyworker's notice is marked urgent and the person is shown where to get help
at once. It only ever adds urgency: the keyworker reads every comment, flagged
or not, and the person is always shown the crisis lines.

It matches meaning, not single fixed phrases: each category of risk
(`RiskKind`, in `risk_rules`) has rules made of word groups in order, with
gaps allowed ("nobody .. miss|care .. me" finds "no one would even care if I
was gone"). Before matching, `risk_words` reads the text: case, punctuation
and apostrophes do not matter, short forms and text-speak are written out
("dont", "kms", "wanna", "idk", "u", "cuz", "wot", "sewer slide"), and
likely misspellings of the rules' words are corrected ("sucidal", "tabelts";
never a real word such as "overdoes"). The rules and figures are in
docs/safeguarding-triage.md.

A denial still flags ("I am not suicidal", "I would never hurt myself"): a
person reads it. Known false positives, accepted on purpose, because missing
a disclosure costs far more than a keyworker reading a comment sooner:
- "hurt myself" or "hit my head" by accident ("I hurt myself playing football");
- "kill me" said by a person as a figure of speech ("my mum will kill me"),
  "I could kill him";
- "touched me", "threatened us" in other senses ("he touched me with his kind
  words", "they threatened us with a fine");
- "not safe", "abuse", "crisis" about a place or a service ("the car park is
  not safe", "abuse of power", "the crisis team were kind");
- "saying goodbye" to a worker, "I don't want to go home" at the end of a fun
  day, "I don't want to live in this flat", "keeping his tablets in a box",
  "I wish the problem would disappear", "sleep on the floor" by choice,
  "shoulder blade", "I'd rather die than sit through that meeting", "easier if
  I was not here on Mondays", "standing on the bridge" watching boats, "I
  can't do this anymore" about a form.
Deliberately not flagged, because common and rarely a disclosure: "killing me"
about a thing ("my back is killing me"), "dying to", "cutting out", "cut the
grass", "beat me at chess", "hit by how kind", "nightmare", "overdue", "kicked
off", "gave away his old toys", "made a plan for the summer".

When no rule matches, the backstop (`risk_backstop`) flags strong risk words
and short phrases ("dead", "pills", "scared", "no point") unless they are part
of a known idiom ("dying to", "my phone died", "cut short"): on phrases nobody
had seen, the rules alone found only 60 to 81% of disclosures. Its matches are
named "backstop: ..." so staff can tell them from a rule.

With the rules run frames (`risk_mood`: low mood, crisis metaphors, being a
burden, final acts, methods, signs of neglect and exploitation, each with its
own innocent uses) and the harm frame (`risk_harm`: a verb of physical harm,
ordinary ones too, with a person as its object). The speller (`risk_speller`)
never corrects a real English word (the shipped `english_words.txt`).

Round five adds concept frames (`risk_lexicon`: each category's lexicon
joined to a second concept, "fear words near home or the adults at home",
"nothing to eat", "when I'm gone") and the distress frame with reported
speech, hedges and questions (`risk_reported`: "I'm done", "he talks about
not being around", "he googled how to"), with innocent uses that keep
complaints about a service out ("done with waiting lists"). Accepted false
positives of round five: "he wrote a letter to his nan", "she set fire to
the curtains", "it's not your fault" on its own, "she broke down in tears".

Round six adds a classifier (`risk_model`: logistic regression on TF-IDF
character and word n-grams, in plain Python, trained by
scripts/train_risk_model.py). A text is flagged when its probability is at
least the model's threshold (0.6) or a rule or frame matches; the backstop
is no longer used by `triage_feedback` (on a blind corpus it added false
positives and no recall). What only the classifier flags is named
`MODEL_PHRASE` ("model: possible risk") with no kind. `triage_by_rules`
gives the rules alone, with the backstop.

Changing the rules: add the phrase to the corpus first, and retrain the
classifier (docs/safeguarding-triage.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from portal.services.feedback.risk_backstop import (
    BACKSTOP_PREFIX,
    BACKSTOP_RULES,
    BACKSTOP_SETS,
    INNOCENT_USES,
    KNOWN_WORDS,
    SPELLED_WORDS,
)
from portal.services.feedback.risk_harm import frame_words as harm_words
from portal.services.feedback.risk_harm import harm_frames
from portal.services.feedback.risk_lexicon import (
    LEXICON_INNOCENT_USES,
    LEXICON_RULES,
    LEXICON_SETS,
)
from portal.services.feedback.risk_model import risk_probability, shipped_model
from portal.services.feedback.risk_mood import (
    FRAME_INNOCENT_USES,
    FRAME_PREFIX,
    FRAME_RULES,
    MOOD_SETS,
)
from portal.services.feedback.risk_reported import (
    REPORTED_INNOCENT_USES,
    REPORTED_RULES,
    REPORTED_SETS,
)
from portal.services.feedback.risk_rules import RISK_KIND_LABELS, RISK_RULES, SETS, RiskKind
from portal.services.feedback.risk_words import END, Speller, reading_of, words_of

__all__ = [
    "MODEL_PHRASE",
    "NOT_FLAGGED",
    "RISK_KIND_LABELS",
    "RISK_RULES",
    "RiskKind",
    "TriageResult",
    "triage_by_rules",
    "triage_feedback",
    "words_of",
]

DEFAULT_GAP = 3
# What staff read when the classifier flags a text: it names no category.
MODEL_PHRASE = "model: possible risk"
_SETS = SETS | BACKSTOP_SETS | MOOD_SETS | LEXICON_SETS | REPORTED_SETS


@dataclass(frozen=True)
class TriageResult:
    """What triage found. `phrases` are the rules that matched (never the
    person's own words); `kinds` are the kinds of risk, in RiskKind order."""

    phrases: tuple[str, ...] = ()
    kinds: tuple[RiskKind, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.phrases)


NOT_FLAGGED = TriageResult()


@dataclass(frozen=True)
class _Step:
    words: frozenset[str]
    gap: int = 0  # other words allowed before this one
    is_not: bool = False  # the next word must not be one of `words`


@dataclass(frozen=True)
class _Rule:
    text: str
    kind: RiskKind
    steps: tuple[_Step, ...]


def _words(alternatives: str) -> frozenset[str]:
    words: set[str] = set()
    for word in alternatives.split("|"):
        words.update(_SETS[word[1:]].split() if word.startswith("@") else (word,))
    return frozenset(words)


def compile_rule(text: str, kind: RiskKind) -> _Rule:
    """`text` in the rules' notation (see risk_rules) as steps to match."""
    steps: list[_Step] = []
    gap = 0
    for element in text.split():
        if element.startswith(".."):
            gap = int(element[2:] or DEFAULT_GAP)
        elif element.startswith("!"):
            steps.append(_Step(_words(element[1:]), is_not=True))
        else:
            steps.append(_Step(_words(element), gap))
            gap = 0
    if not steps or steps[0].is_not or steps[0].gap or gap:
        raise ValueError(f"a rule starts and ends with words: {text!r}")
    return _Rule(text, kind, tuple(steps))


def _match_end(steps: tuple[_Step, ...], words: tuple[str, ...], at: int) -> int:
    """Where the last word of `steps` matches `words`, the word before the
    first step being at `at`; -1 if they do not match."""
    if not steps:
        return at
    step, rest = steps[0], steps[1:]
    if step.is_not:
        following = words[at + 1] if at + 1 < len(words) else END
        return -1 if following in step.words else _match_end(rest, words, at)
    for place in range(at + 1, min(at + 2 + step.gap, len(words))):
        if words[place] in step.words:
            end = _match_end(rest, words, place)
            if end >= 0:
                return end
    return -1


def _index(rules: list[_Rule]) -> dict[str, list[_Rule]]:
    """The rules by the words they start with."""
    index: dict[str, list[_Rule]] = {}
    for rule in rules:
        for word in rule.steps[0].words:
            index.setdefault(word, []).append(rule)
    return index


def _lexicon(rules: list[_Rule]) -> set[str]:
    return {word for rule in rules for step in rule.steps for word in step.words}


def _compiled(rules: dict[RiskKind, tuple[str, ...]]) -> dict[str, list[_Rule]]:
    return _index([compile_rule(text, kind) for kind, texts in rules.items() for text in texts])


_RULES_BY_FIRST_WORD = _compiled(RISK_RULES)


def _merged(*rule_sets: dict[RiskKind, tuple[str, ...]]) -> dict[RiskKind, tuple[str, ...]]:
    merged: dict[RiskKind, tuple[str, ...]] = {}
    for rules in rule_sets:
        for kind, texts in rules.items():
            merged[kind] = merged.get(kind, ()) + texts
    return merged


# The frames of round four (risk_mood) and five (risk_lexicon, risk_reported).
_FRAMES_BY_FIRST_WORD = _compiled(_merged(FRAME_RULES, LEXICON_RULES, REPORTED_RULES))
_BACKSTOP_BY_FIRST_WORD = _compiled(BACKSTOP_RULES)
# The kind of an innocent use is never read: it only says where one is.
_INNOCENT_BY_FIRST_WORD = _compiled({RiskKind.CRISIS: INNOCENT_USES})
# The frames are narrower than the backstop's words, so only their own
# innocent uses cancel them ("drowning in paperwork").
_FRAME_INNOCENT_BY_FIRST_WORD = _compiled(
    {RiskKind.CRISIS: FRAME_INNOCENT_USES + LEXICON_INNOCENT_USES + REPORTED_INNOCENT_USES}
)


def _all(rules_by_first_word: dict[str, list[_Rule]]) -> list[_Rule]:
    return list(
        {id(rule): rule for rules in rules_by_first_word.values() for rule in rules}.values()
    )


# Every rule's word may be read from a misspelling of it: the speller never
# changes a real English word, so short backstop words are safe too ("depth"
# stays "depth"). The innocent uses' words are read as themselves too.
_LEXICON = (
    _lexicon(_all(_RULES_BY_FIRST_WORD))
    | _lexicon(_all(_FRAMES_BY_FIRST_WORD))
    | {word for word in _lexicon(_all(_BACKSTOP_BY_FIRST_WORD)) if len(word) >= 5}
    | _lexicon(_all(_INNOCENT_BY_FIRST_WORD))
    | _lexicon(_all(_FRAME_INNOCENT_BY_FIRST_WORD))
    | SPELLED_WORDS
    | KNOWN_WORDS
    | harm_words()
)
_SPELLER = Speller(word for word in _LEXICON if word != END)


def _spans(
    words: tuple[str, ...], rules_by_first_word: dict[str, list[_Rule]]
) -> Iterator[tuple[_Rule, int, int]]:
    """Each rule that matches, with the places of its first and last words."""
    for start, word in enumerate(words):
        for rule in rules_by_first_word.get(word, ()):
            end = _match_end(rule.steps[1:], words, start)
            if end >= 0:
                yield rule, start, end


def _found(words: tuple[str, ...]) -> Iterator[_Rule]:
    for rule, _, _ in _spans(words, _RULES_BY_FIRST_WORD):
        yield rule


def _found_outside_innocent(
    words: tuple[str, ...],
    rules_by_first_word: dict[str, list[_Rule]],
    innocent_by_first_word: dict[str, list[_Rule]],
) -> Iterator[_Rule]:
    """Rules (frames, backstop) that match outside every innocent use of their words."""
    hits = list(_spans(words, rules_by_first_word))
    if not hits:
        return
    innocent = [(start, end) for _, start, end in _spans(words, innocent_by_first_word)]
    for rule, start, end in hits:
        if not any(start <= last and first <= end for first, last in innocent):
            yield rule


def rule_matches(text: str, backstop: bool = True) -> dict[str, RiskKind]:
    """The rules, frames and (when `backstop`) backstop words that match
    `text`, each with its kind."""
    words = reading_of(text, _SPELLER)
    found: dict[str, RiskKind] = {}
    for rule in _found(words):
        found.setdefault(rule.text, rule.kind)
    for rule in _found_outside_innocent(
        words, _FRAMES_BY_FIRST_WORD, _FRAME_INNOCENT_BY_FIRST_WORD
    ):
        found.setdefault(FRAME_PREFIX + rule.text, rule.kind)
    for phrase, kind in harm_frames(words):
        found.setdefault(phrase, kind)
    if not found and backstop:
        # The meaning rules and frames give the precise category; the
        # backstop only catches what they miss.
        for rule in _found_outside_innocent(
            words, _BACKSTOP_BY_FIRST_WORD, _INNOCENT_BY_FIRST_WORD
        ):
            found.setdefault(BACKSTOP_PREFIX + rule.text, rule.kind)
    return found


def triage_by_rules(text: str | None, backstop: bool = True) -> TriageResult:
    """What the rules alone find, with the backstop as before the classifier:
    for the rules' own tests and the classifier's evaluation."""
    found = rule_matches(text, backstop) if text else {}
    kinds = tuple(kind for kind in RiskKind if kind in found.values())
    return TriageResult(phrases=tuple(found), kinds=kinds)


def rules_flag(text: str, backstop: bool = True) -> bool:
    """Whether the rules alone flag `text` (for the classifier's evaluation)."""
    return triage_by_rules(text, backstop).flagged


def triage_feedback(text: str | None) -> TriageResult:
    """Whether `text` may disclose risk, and which rules matched."""
    if not text:
        return NOT_FLAGGED
    # The policy chosen from the time-ordered evaluation: the classifier or
    # the narrow rules; the backstop's single words added false positives on
    # phrases nobody had seen and no recall the classifier did not give.
    found = rule_matches(text, backstop=False)
    phrases = tuple(found)
    if risk_probability(text) >= shipped_model().threshold:
        phrases += (MODEL_PHRASE,)
    if not phrases:
        return NOT_FLAGGED
    kinds = tuple(kind for kind in RiskKind if kind in found.values())
    return TriageResult(phrases=phrases, kinds=kinds)


def first_kind(result: TriageResult) -> RiskKind | None:
    """The kind a person should read about first: the first in RiskKind order."""
    return result.kinds[0] if result.kinds else None

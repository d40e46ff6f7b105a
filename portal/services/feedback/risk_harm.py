"""Physical harm told with ordinary verbs: "he grabs me", "she pushed me down
the stairs", "my dad twists my arm", "they drag me across the floor".

A phrase-by-phrase rule cannot keep up with every verb a person may use, so
this is a frame: a verb of physical harm (`HARM_VERBS`, every form of it:
"grab", "grabs", "grabbed", "grabbing"), then a person as its object ("me",
"us", "him", "her", "them", "my sister") or a part of a body ("my arm", "his
face"), and before the verb, when there is one, who did it. Someone else
doing it is harm from others; "I" doing it to another person is harm to
others ("I want to smash his face in", "I push my brother").

Ordinary uses are not counted (`_innocent`):
- the verb has a thing as its object ("he grabbed his coat", "push the
  meeting back", "she pulled a muscle"), or none ("he choked on a crisp");
- a thing or an animal did it ("it hit me that", "the dog bit me");
- a game, a sport or play ("beat me at chess", "pushed him on the swings",
  "play fighting", "tripped me in football");
- a verb's ordinary sense: "grab me a coffee", "push me to do my best",
  "shook my hand", "hold me" (only "hold me down", "under", "against" is
  harm), "pull me out of school" (only "pull my hair" and the like), "locked
  me out of my account", "choked me up", "beat me to it", "hit me up";
- "I" hurting my own body is an accident or self-harm, left to those rules
  ("I twisted my ankle").
"""

from __future__ import annotations

from collections.abc import Iterator

from portal.services.feedback.risk_backstop import BACKSTOP_SETS
from portal.services.feedback.risk_rules import RiskKind

FRAME_PREFIX = "harm frame: "


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _forms(base: str, *irregular: str) -> set[str]:
    """The forms of a regular English verb, and the irregular ones given."""
    if base.endswith("e"):
        stem = base[:-1]
        forms = {base, base + "s", stem + "ed", stem + "ing"}
    elif (
        len(base) <= 5 and base[-1] in "bdgmnpt" and base[-2] in "aeiou" and base[-3] not in "aeiou"
    ):
        forms = {base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    elif base.endswith(("sh", "ch", "ss", "x")):
        forms = {base, base + "es", base + "ed", base + "ing"}
    else:
        forms = {base, base + "s", base + "ed", base + "ing"}
    return forms | set(irregular)


# A verb, and the words that must come soon after its object for it to be
# harm ("" when any object will do): "hold me down", but not "hold me".
_VERBS: dict[str, tuple[set[str], str]] = {
    "hit": (_forms("hit", "hitting"), ""),
    "punch": (_forms("punch"), ""),
    "kick": (_forms("kick"), ""),
    "slap": (_forms("slap"), ""),
    "smack": (_forms("smack"), ""),
    "thump": (_forms("thump"), ""),
    "whack": (_forms("whack"), ""),
    "wallop": (_forms("wallop"), ""),
    "batter": (_forms("batter"), ""),
    "beat": (_forms("beat", "beaten"), ""),
    "headbutt": (_forms("headbutt", "headbutted", "headbutting"), ""),
    "strangle": (_forms("strangle"), ""),
    "choke": (_forms("choke"), ""),
    "smother": (_forms("smother"), ""),
    "suffocate": (_forms("suffocate"), ""),
    "shove": (_forms("shove"), ""),
    "push": (_forms("push"), ""),
    "grab": (_forms("grab"), ""),
    "yank": (_forms("yank"), ""),
    "shake": (_forms("shake", "shook", "shaken"), ""),
    "pin": (_forms("pin"), ""),
    "pinch": (_forms("pinch"), ""),
    "scratch": (_forms("scratch"), ""),
    "bite": (_forms("bite", "bit", "bitten", "biting"), ""),
    "spit": (_forms("spit", "spat", "spitting"), ""),
    "trip": (_forms("trip"), ""),
    "drag": (_forms("drag"), ""),
    "throw": (_forms("throw", "threw", "thrown"), ""),
    "twist": (_forms("twist"), ""),
    "burn": (_forms("burn", "burnt"), ""),
    "scald": (_forms("scald"), ""),
    "whip": (_forms("whip"), ""),
    "belt": (_forms("belt"), ""),
    "cane": (_forms("cane"), ""),
    "strike": (_forms("strike", "struck"), ""),
    "attack": (_forms("attack"), ""),
    "restrain": (_forms("restrain"), ""),
    "smash": (_forms("smash"), ""),
    "elbow": (_forms("elbow"), ""),
    "chuck": (_forms("chuck"), "on onto against across down into off at"),
    "fling": (_forms("fling", "flung"), "on onto against across down into off at"),
    "hurl": (_forms("hurl"), "on onto against across down into off at"),
    "slam": (_forms("slam"), "on onto against into"),
    "stamp": (_forms("stamp"), "on"),
    "pull": (_forms("pull"), "hair ear ears arm arms by down across along off"),
    "hold": (_forms("hold", "held"), "down under underwater against by"),
    "lock": (_forms("lock"), "in inside out up"),
    "tie": (_forms("tie", "tying"), "up to"),
    "bend": (_forms("bend", "bent"), "back"),
    "squeeze": (_forms("squeeze"), "neck throat arm arms wrist wrists hard tight"),
    "knock": (_forms("knock"), "over down out off unconscious"),
}
VERB_OF: dict[str, str] = {form: base for base, (forms, _) in _VERBS.items() for form in forms}
_NEEDS: dict[str, frozenset[str]] = {
    base: frozenset(need.split()) for base, (_, need) in _VERBS.items()
}

_PEOPLE = _set("""son daughter sons daughters boy girl child children kid kids baby brother brothers
    sister sisters mum dad mother father nan grandad grandma friend friends partner
    wife husband girlfriend boyfriend cousin stepdad stepmum carer""")
BODY = _set("""arm arms wrist wrists leg legs hair neck throat face head ear ears finger fingers
    hand hands back stomach belly tummy chest nose mouth skin body bum thigh thighs""")
_POSSESSIVE = _set("my his her their our your")
# Who may do it; "i" and "we" are the person writing.
_AGENTS = _PEOPLE | _set(
    """he she they someone somebody people man men lad lads guy guys bully bullies
    teacher teachers staff mums dads parents uncle aunt auntie stepdad stepmum i we"""
)
_THINGS = _set("it that this which what dog cat dogs cats horse ball door")
_PLAY = _set(
    """chess cards game games football rugby tennis match playing play played plays pe
    swing swings wheelchair buggy pram trolley tag wrestling judo karate boxing fight
    fighting joke joking messing mucking pretend tickle tickling race """
    + BACKSTOP_SETS["games"]
)
# A verb's ordinary sense, told by the word just after its object.
_ORDINARY_NEXT: dict[str, frozenset[str]] = {
    "grab": _set("a an some one"),
    "throw": _set("a an some one party"),
    "hold": _set("a an some back"),
    "push": _set("to too forward harder"),
    "choke": frozenset({"up"}),
    "hit": frozenset({"up"}),
    "beat": frozenset({"to"}),
    "knock": frozenset({"out"}),
    "drag": frozenset({"along"}),
}
_ORDINARY_BODY: dict[str, frozenset[str]] = {
    "shake": frozenset({"hand", "hands"}),
    "grab": frozenset({"hand", "hands"}),
    "hold": frozenset({"hand", "hands"}),
    "squeeze": frozenset({"hand", "hands"}),
    "drag": frozenset({"feet"}),
    "pull": frozenset({"leg"}),
}
# Fear of a person: "mum's new partner scares me" (not "the film scared me").
_FEAR_VERBS = frozenset(
    _forms("scare") | _forms("frighten") | _forms("terrify", "terrifies", "terrified")
)
# Words after "her" that show it is the object ("pushed her down"), not "her
# coat"; a part of a body or a person after it is read as hers.
_AFTER_OBJECT = _set(
    """$ down over into onto against across around round out off up to in on by and
    when so really hard again every if because till until about with away back the a all too
    for or but at like then she he they i sometimes always lots loads"""
)


def _object_after(words: tuple[str, ...], at: int) -> tuple[str, str, int] | None:
    """The verb's object: ("self", "me", place), ("other", "him", place) or
    ("body", owner, place of the body part); None when it is not a person."""
    place = at + 1
    if place < len(words) and words[place] in ("on", "at"):
        place += 1
    if place >= len(words):
        return None
    word = words[place]
    following = words[place + 1] if place + 1 < len(words) else "$"
    if word in ("me", "us"):
        return "self", word, place
    if word in ("him", "them") or (word == "her" and following in _AFTER_OBJECT):
        return "other", word, place
    if word in _PEOPLE:
        return "other", word, place
    if word not in _POSSESSIVE and word != "the":
        return None
    for noun_at in (place + 1, place + 2):
        noun = words[noun_at] if noun_at < len(words) else "$"
        if noun in _PEOPLE:
            return "other", word, noun_at
        if noun in BODY and word != "the":
            return "body", word, noun_at
    return None


def _agent_before(words: tuple[str, ...], at: int) -> str | None:
    """Who did it: the nearest person, or thing, in the four words before."""
    for place in range(at - 1, max(-1, at - 5), -1):
        word = words[place]
        if word == "$":
            return None
        if word in _AGENTS or word in _THINGS:
            return word
    return None


def _innocent(base: str, words: tuple[str, ...], at: int, end: int) -> bool:
    """Whether the verb at `at`, its object ending at `end`, is an ordinary use."""
    near = words[max(0, at - 4) : end + 6]
    if any(word in _PLAY for word in near):
        return True
    following = words[end + 1] if end + 1 < len(words) else "$"
    if following in _ORDINARY_NEXT.get(base, ()):
        return True
    if words[end] in _ORDINARY_BODY.get(base, ()):
        return True
    needs = _NEEDS[base]
    return bool(needs) and not any(word in needs for word in words[end : end + 5])


def _kind(agent: str | None, target: tuple[str, str, int]) -> RiskKind | None:
    """Harm from others, harm to others, or neither (an accident, or "he hit
    his head", left to the other rules)."""
    what, owner, _ = target
    if agent in ("i", "we"):
        if what == "self" or (what == "body" and owner in ("my", "our")):
            return None
        return RiskKind.HARM_TO_OTHERS
    if what == "body" and agent is None and owner in ("my", "our"):
        return None  # "twisted my ankle at football": nobody else named
    same = {"he": "his", "she": "her", "they": "their"}
    if what == "body" and agent is not None and same.get(agent) == owner:
        return None
    return RiskKind.HARM_FROM_OTHERS


def harm_frames(words: tuple[str, ...]) -> Iterator[tuple[str, RiskKind]]:
    """Each harm told with a verb of physical harm and a person as its object,
    as (what staff read, kind): "harm frame: someone grab me"."""
    for at, word in enumerate(words):
        base = VERB_OF.get(word)
        fear = word in _FEAR_VERBS
        if base is None and not fear:
            continue
        target = _object_after(words, at)
        if target is None:
            continue
        agent = _agent_before(words, at)
        if agent in _THINGS:
            continue
        if fear:
            if agent is not None and agent not in ("i", "we") and target[0] == "self":
                yield f"{FRAME_PREFIX}someone {word} me", RiskKind.UNSAFE_AT_HOME
            continue
        if base is None or _innocent(base, words, at, target[2]):
            continue
        kind = _kind(agent, target)
        if kind is not None:
            who = "i" if kind is RiskKind.HARM_TO_OTHERS else "someone"
            yield f"{FRAME_PREFIX}{who} {base} {target[0]}", kind


def frame_words() -> frozenset[str]:
    """The frame's words, for the speller to correct a misspelling to."""
    verbs = set(VERB_OF) | _FEAR_VERBS
    return frozenset(word for word in verbs if len(word) >= 5)

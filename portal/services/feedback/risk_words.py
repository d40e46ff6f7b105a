"""Text as the triage rules read it: lower-case words, short forms and
text-speak written out, likely misspellings of the rules' words corrected.

`words_of` is used for every message, so it stays cheap: one pass over the
words, and a misspelling is looked up in an index of the rules' words with
letters left out (a word one or two letters away shares such a form), then
checked with the edit distance. Corrections are remembered.
"""

from __future__ import annotations

import re

from portal.services.feedback.risk_speller import Speller

# The end of a sentence (". ! ? ;") and of the text. Rules may ask for it
# ("I have made a plan" on its own, not "a plan for the summer"); line
# breaks are not an end, because people break lines anywhere.
END = "$"

_APOSTROPHES = re.compile(r"['’‘`´ʼ′]")
_TOKEN = re.compile(r"[^\W_]+|[.!?;]+")

# One word written as several, after apostrophes are dropped.
_LONG_FORMS: dict[str, tuple[str, ...]] = {
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "cannot": ("can", "not"),
    "wont": ("will", "not"),
    "wouldnt": ("would", "not"),
    "couldnt": ("could", "not"),
    "shouldnt": ("should", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "werent": ("were", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "aint": ("am", "not"),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "id": ("i", "would"),
    "youre": ("you", "are"),
    "hes": ("he", "is"),
    "shes": ("she", "is"),
    "theyre": ("they", "are"),
    "theres": ("there", "is"),
    "whats": ("what", "is"),
    "thats": ("that", "is"),
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
    "gotta": ("got", "to"),
    # Text-speak.
    "kms": ("kill", "myself"),
    "kys": ("kill", "yourself"),
    "idk": ("i", "do", "not", "know"),
    "u": ("you",),
    "ur": ("your",),
    "cuz": ("because",),
    "coz": ("because",),
    "cos": ("because",),
    "bc": ("because",),
    "2": ("to",),
    "no1": ("nobody",),
    "noone": ("nobody",),
    "nobdy": ("nobody",),
    "every1": ("everyone",),
    "sewerslide": ("suicide",),
    "kil": ("kill",),
    "ded": ("dead",),
    "wot": ("what",),
    "til": ("till",),
    "nite": ("night",),
    "pils": ("pills",),
    "od": ("overdose",),
    "oding": ("overdosing",),
    "oded": ("overdosed",),
    "pic": ("pics",),
    "pictures": ("pics",),
    "picture": ("pics",),
    "photos": ("pics",),
    "photo": ("pics",),
    "mom": ("mum",),
    "moms": ("mums",),
}

# Two words that mean one: read as the one.
_JOINED: dict[tuple[str, str], str] = {
    ("no", "one"): "nobody",
    ("no", "body"): "nobody",
    ("no", "where"): "nowhere",
    ("any", "more"): "anymore",
    ("my", "self"): "myself",
    ("your", "self"): "yourself",
    ("her", "self"): "herself",
    ("him", "self"): "himself",
    ("them", "selves"): "themselves",
    ("self", "harm"): "selfharm",
    ("self", "harming"): "selfharming",
    ("self", "harmed"): "selfharmed",
    ("sewer", "slide"): "suicide",
    ("over", "dose"): "overdose",
    ("good", "bye"): "goodbye",
    ("better", "of"): "better off",
    ("step", "dad"): "stepdad",
    ("step", "mum"): "stepmum",
    ("step", "mom"): "stepmum",
}


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for token in _TOKEN.findall(_APOSTROPHES.sub("", text.casefold())):
        if not token[0].isalnum():
            tokens.append(END)
        else:
            tokens.extend(_LONG_FORMS.get(token, (token,)))
    return tokens


def words_of(text: str) -> tuple[str, ...]:
    """`text` as lower-case words: apostrophes dropped, short forms and
    text-speak written out ("don't", "dont" are "do not"; "kms" is "kill
    myself"), and two words that mean one joined ("no one" is "nobody")."""
    return tuple(word for word in reading_of(text) if word != END)


def reading_of(text: str, speller: Speller | None = None) -> tuple[str, ...]:
    """`words_of(text)` with the sentence ends as END (the text always ends
    with one), and with `speller`, likely misspellings of the rules' words
    corrected."""
    tokens = _tokens(text)
    words: list[str] = []
    at = 0
    while at < len(tokens):
        pair = (tokens[at], tokens[at + 1]) if at + 1 < len(tokens) else None
        if pair in _JOINED:
            words.extend(_JOINED[pair].split())
            at += 2
            continue
        word = tokens[at]
        words.append(speller.correct(word) if speller else word)
        at += 1
    if not words or words[-1] != END:
        words.append(END)
    return tuple(words)

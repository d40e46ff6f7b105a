"""The glossary: words of this world with plain meanings, loaded once per language.

The terms live in `data/<lang>.json`, one file per language. English is complete;
Welsh, Polish, Urdu and Arabic have the same structure and no terms yet. Each
file is read and checked once (required fields, meanings of at most 20 words,
known pictogram keys, no word belonging to two terms) and then cached.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from easyread.glossary.model import Term, TermMatch
from easyread.pictograms import pictogram_keys

__all__ = [
    "LANGUAGES",
    "MAX_MEANING_WORDS",
    "Glossary",
    "GlossaryDataError",
    "Term",
    "TermMatch",
    "count_words",
    "load_glossary",
    "parse_terms",
]

# Languages the glossary supports: English, Welsh, Polish, Urdu and Arabic.
LANGUAGES: tuple[str, ...] = ("en", "cy", "pl", "ur", "ar")
MAX_MEANING_WORDS = 20

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")
_APOSTROPHES = "'\u2019"


class GlossaryDataError(ValueError):
    """A glossary data file is broken (a bug in this package, not in the caller)."""


def count_words(text: str) -> int:
    """Words as a reader sees them: runs of characters between spaces."""
    return len(_WORD.findall(text))


def _is_initialism(word: str) -> bool:
    """`CETR`, `GPs`, `DoLS`, `C(E)TR`: two or more capitals. These match only as written."""
    return sum(1 for char in word if char.isupper()) >= 2


def _normal_form(text: str) -> str:
    """The form used to compare variants: spaces collapsed, case and apostrophes folded."""
    return _SPACE.sub(" ", text.strip()).casefold().replace("\u2019", "'")


def _form_pattern(form: str) -> str:
    """A regular expression for one way of writing a term.

    Words with two or more capitals (abbreviations) must match their capitals;
    other words match in any case. Any run of white space matches any other
    (a term may be split across lines), and straight and curly apostrophes
    match each other.
    """
    parts: list[str] = []
    for chunk in _SPACE.split(form.strip()):
        escaped = "".join(
            f"[{_APOSTROPHES}]" if char in _APOSTROPHES else re.escape(char) for char in chunk
        )
        parts.append(escaped if _is_initialism(chunk) else f"(?i:{escaped})")
    return r"\s+".join(parts)


def _alternation(forms: Iterable[str]) -> str:
    """One regular expression matching any of `forms`, the longest where several match.

    The forms are grouped by their first letter, and each group starts with a
    look-ahead for that letter, so the engine skips most groups at once: finding
    terms stays fast on long texts. Within a group the longest form comes first,
    so at any place the longest term wins ("delayed discharge" before "discharge").
    """
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form.strip()[0].lower(), []).append(form)
    branches: list[str] = []
    for first, members in sorted(groups.items()):
        members.sort(key=lambda form: (-len(form), form))
        look_ahead = f"(?i:{re.escape(first)})" if first.isalpha() else re.escape(first)
        branches.append(f"(?={look_ahead})(?:{'|'.join(_form_pattern(f) for f in members)})")
    return "|".join(branches)


class Glossary:
    """All terms of one language, with fast lookup of terms in a text."""

    lang: str
    # Sorted by term, case-insensitively: the order of the "words we use" page.
    terms: tuple[Term, ...]

    def __init__(self, lang: str, terms: Iterable[Term] = ()) -> None:
        self.lang = lang
        self.terms = tuple(sorted(terms, key=lambda term: (term.term.casefold(), term.key)))
        self._by_key: dict[str, Term] = {term.key: term for term in self.terms}
        self._by_form: dict[str, Term] = {}
        for term in self.terms:
            for form in (term.term, *term.variants):
                self._by_form.setdefault(_normal_form(form), term)
        forms = {form for term in self.terms for form in (term.term, *term.variants)}
        self._core: re.Pattern[str] | None = None
        self._search: re.Pattern[str] | None = None
        if forms:
            alternation = _alternation(forms)
            self._core = re.compile(f"(?:{alternation})")
            # Whole words only: no letter, digit or underscore just before or after.
            self._search = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __repr__(self) -> str:
        return f"<Glossary {self.lang} with {len(self.terms)} terms>"

    def get(self, key: str) -> Term | None:
        """The term with this key (`"cetr"`), or None."""
        return self._by_key.get(key)

    def lookup(self, text: str) -> Term | None:
        """The term that `text` is a way of writing, or None.

        Follows the same rules as `find_terms`: `lookup("C(E)TR")` and
        `lookup("care, education and treatment review")` give the CETR term,
        `lookup("cetr")` gives None because abbreviations must match their capitals.
        """
        if self._core is None or self._core.fullmatch(text.strip()) is None:
            return None
        return self._by_form.get(_normal_form(text))

    def find_terms(self, text: str) -> list[TermMatch]:
        """Every term or variant in `text`, left to right, longest match first,
        not overlapping, whole words only, case-insensitive except for
        abbreviations (which must match their capitals).

        A match that starts earlier wins over one that starts later; of the
        matches that start at the same place, the longest wins. Whole words:
        no letter, digit or underscore just before or after, so brackets,
        quotes and apostrophes around a term are fine ("the GP's", "(CETR)").
        Plurals are listed as variants, so "MDTs" matches only because it is listed.
        """
        if self._search is None:
            return []
        matches: list[TermMatch] = []
        for match in self._search.finditer(text):
            term = self._by_form.get(_normal_form(match.group()))
            if term is not None:
                matches.append(TermMatch(term, match.start(), match.end(), match.group()))
        return matches


def _normalise_lang(lang: str) -> str:
    """`en`, `en-GB` and `en_GB` all give `en`; a language we don't support is an error."""
    code = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    if code not in LANGUAGES:
        raise ValueError(
            f"The glossary does not support the language {lang!r}. "
            f"Supported languages: {', '.join(sorted(LANGUAGES))}."
        )
    return code


def load_glossary(lang: str = "en") -> Glossary:
    """The glossary for `lang`, read from the package once and then cached.

    A supported language with no terms yet (Welsh, Polish, Urdu, Arabic) gives
    an empty glossary; a language we don't support raises ValueError. A broken
    data file raises GlossaryDataError, which says which file and term are wrong.
    """
    return _load(_normalise_lang(lang))


@cache
def _load(lang: str) -> Glossary:
    where = f"easyread/glossary/data/{lang}.json"
    resource = resources.files("easyread.glossary").joinpath("data", f"{lang}.json")
    if not resource.is_file():
        return Glossary(lang)
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise GlossaryDataError(f"{where}: {error}") from error
    return Glossary(lang, parse_terms(data, lang=lang, where=where))


_FIELDS = {
    "key",
    "term",
    "variants",
    "meaning",
    "pictogram",
    "explanation",
    "is_abbreviation",
    "expansion",
    "related",
}


def parse_terms(data: Any, *, lang: str, where: str = "glossary data") -> list[Term]:
    """The terms in one language's data, checked; GlossaryDataError lists every problem."""
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryDataError(f"{where}: expected an object with a 'terms' list")
    if data.get("lang") != lang:
        raise GlossaryDataError(f"{where}: 'lang' is {data.get('lang')!r}, expected {lang!r}")
    problems: list[str] = []
    terms: list[Term] = []
    known_pictograms = pictogram_keys()
    owners: dict[str, str] = {}
    for index, raw in enumerate(data["terms"]):
        if not isinstance(raw, dict):
            problems.append(f"term {index + 1}: expected an object")
            continue
        name = f"term {raw.get('key', index + 1)!r}"
        found = _term_problems(raw, known_pictograms)
        problems.extend(f"{name}: {problem}" for problem in found)
        if found:
            continue
        term = Term(
            key=raw["key"],
            term=raw["term"].strip(),
            variants=tuple(variant.strip() for variant in raw.get("variants", ())),
            meaning=raw["meaning"].strip(),
            pictogram=raw["pictogram"],
            explanation=(raw.get("explanation") or "").strip() or None,
            is_abbreviation=raw.get("is_abbreviation", False),
            expansion=raw.get("expansion"),
            related=tuple(raw.get("related", ())),
        )
        if any(existing.key == term.key for existing in terms):
            problems.append(f"{name}: the key is used by another term")
        seen: set[str] = set()
        for form in (term.term, *term.variants):
            # "SENCO" and "SENCo" may both be listed: abbreviations match as written.
            written = _SPACE.sub(" ", form).replace("\u2019", "'")
            if written in seen:
                problems.append(f"{name}: {form!r} is listed twice")
            seen.add(written)
            owner = owners.setdefault(_normal_form(form), term.key)
            if owner != term.key:
                problems.append(f"{name}: {form!r} already belongs to the term {owner!r}")
        terms.append(term)
    keys = {term.key for term in terms}
    for term in terms:
        for related in term.related:
            if related not in keys or related == term.key:
                problems.append(f"term {term.key!r}: related term {related!r} is unknown")
    if problems:
        raise GlossaryDataError(f"{where}: " + "; ".join(problems))
    return terms


def _term_problems(raw: dict[str, Any], known_pictograms: frozenset[str]) -> list[str]:
    problems: list[str] = []
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        problems.append(f"unknown fields {', '.join(unknown)}")
    for field in ("key", "term", "meaning", "pictogram"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            problems.append(f"'{field}' is missing or empty")
    if problems:
        return problems
    if not _KEY.match(raw["key"]):
        problems.append("the key must be lower-case letters, digits and hyphens")
    words = count_words(raw["meaning"])
    if words > MAX_MEANING_WORDS:
        problems.append(f"the meaning has {words} words; at most {MAX_MEANING_WORDS}")
    if raw["pictogram"] not in known_pictograms:
        problems.append(f"unknown pictogram {raw['pictogram']!r}")
    variants = raw.get("variants", [])
    if not isinstance(variants, list) or not all(
        isinstance(variant, str) and variant.strip() for variant in variants
    ):
        problems.append("'variants' must be a list of words")
    for field in ("explanation", "expansion"):
        if raw.get(field) is not None and not isinstance(raw[field], str):
            problems.append(f"'{field}' must be text")
    if not isinstance(raw.get("is_abbreviation", False), bool):
        problems.append("'is_abbreviation' must be true or false")
    elif raw.get("is_abbreviation") and not raw.get("expansion"):
        problems.append("an abbreviation needs an 'expansion' (what it stands for)")
    related = raw.get("related", [])
    if not isinstance(related, list) or not all(isinstance(key, str) for key in related):
        problems.append("'related' must be a list of term keys")
    return problems

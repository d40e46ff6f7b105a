"""The glossary: its data, how it is loaded, and how terms are found in a text."""

from __future__ import annotations

import copy
import itertools
import json
import re
import time
from importlib import resources
from typing import Any

import pytest

from easyread.glossary import (
    LANGUAGES,
    MAX_MEANING_WORDS,
    Glossary,
    GlossaryDataError,
    Term,
    count_words,
    load_glossary,
    parse_terms,
)
from easyread.pictograms import pictogram_keys

ENGLISH = load_glossary("en")
TERMS = ENGLISH.terms


def found(text: str) -> list[tuple[str, str]]:
    """(matched text, term key) for every term found in `text`."""
    return [(match.matched_text, match.term.key) for match in ENGLISH.find_terms(text)]


def english_data() -> dict[str, Any]:
    text = resources.files("easyread.glossary").joinpath("data", "en.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# -- The data ------------------------------------------------------------------------


def test_english_has_at_least_80_terms() -> None:
    assert len(TERMS) >= 80


@pytest.mark.parametrize(
    "key",
    [
        "register",
        "cetr",
        "mdt",
        "tier-4",
        "camhs",
        "hospital-admission",
        "discharge",
        "delayed-discharge",
        "step-down",
        "placement",
        "placement-breakdown",
        "looked-after-child",
        "ehcp",
        "transition",
        "section-117-aftercare",
        "mental-capacity-act",
        "best-interests-decision",
        "lasting-power-of-attorney",
        "deputy",
        "dols",
        "gillick-competence",
        "advocate",
        "imha",
        "senco",
        "sbar",
        "keyworker",
        "consent",
        "safeguarding",
        "youth-justice",
        "respite",
        "short-breaks",
        "occupational-therapy",
        "speech-and-language-therapy",
        "psychiatrist",
        "psychologist",
        "ld-nurse",
        "social-worker",
        "gp",
        "commissioner",
        "risk-rating",
        "person-centred-plan",
        "reasonable-adjustments",
        "communication-needs",
        "accessible-information-standard",
        "easy-read",
        "panel",
        "expert-by-experience",
        "review",
        "action",
        "parental-responsibility",
        "capacity",
        "crisis",
        "nhs-111",
        "samaritans",
        "childline",
        "community",
        "inpatient",
        "ward",
        "medication",
        "appointment",
        "referral",
        "assessment",
        "autism",
        "learning-disability",
        "camhs-crisis-team",
        "social-care",
        "local-authority",
        "icb",
        "carer",
        "interpreter",
        "bsl",
        "friends-and-family-test",
        "feedback",
        "you-said-we-did",
        "gateway-meeting",
        "register-review-meeting",
        "sen",
        "mental-health",
        "paediatrician",
        "positive-behaviour-support",
        "sensory-needs",
    ],
)
def test_the_words_of_this_world_are_explained(key: str) -> None:
    assert ENGLISH.get(key) is not None


def test_every_term_is_complete() -> None:
    for term in TERMS:
        assert term.key and term.term and term.meaning and term.pictogram, term.key
        assert term.explanation, f"{term.key} has no longer explanation"
        assert term.meaning.endswith("."), f"{term.key}: end the meaning with a full stop"


@pytest.mark.parametrize("term", TERMS, ids=lambda term: term.key)
def test_every_meaning_has_at_most_20_words(term: Term) -> None:
    assert count_words(term.meaning) <= MAX_MEANING_WORDS == 20


def test_every_pictogram_a_term_uses_exists() -> None:
    missing = {term.key: term.pictogram for term in TERMS if term.pictogram not in pictogram_keys()}
    assert not missing


def test_keys_are_unique_ignoring_case() -> None:
    keys = [term.key.casefold() for term in TERMS]
    assert len(keys) == len(set(keys))


def test_no_word_belongs_to_two_terms() -> None:
    owners: dict[str, set[str]] = {}
    for term in TERMS:
        for form in (term.term, *term.variants):
            normal = " ".join(form.split()).casefold().replace("\u2019", "'")
            owners.setdefault(normal, set()).add(term.key)
    clashes = {form: keys for form, keys in owners.items() if len(keys) > 1}
    assert not clashes


def test_related_terms_exist() -> None:
    for term in TERMS:
        for key in term.related:
            assert ENGLISH.get(key) is not None, f"{term.key} -> {key}"


def test_abbreviations_say_what_they_stand_for() -> None:
    abbreviations = [term for term in TERMS if term.is_abbreviation]
    assert {"cetr", "mdt", "ehcp", "senco", "camhs", "imha", "sbar", "dols", "gp", "bsl"} <= {
        term.key for term in abbreviations
    }
    for term in abbreviations:
        assert term.expansion, term.key
        assert term.explanation and term.expansion in term.explanation, term.key


def test_cetr_covers_every_way_of_writing_it() -> None:
    cetr = ENGLISH.get("cetr")
    assert cetr is not None
    assert {"CETR", "C(E)TR", "CTR", "Care, Education and Treatment Review"} <= {
        cetr.term,
        *cetr.variants,
    }


def test_meanings_use_no_abbreviations() -> None:
    # "No abbreviation without its explanation": a meaning is the explanation.
    for term in TERMS:
        shouting = [word for word in re.findall(r"\w+", term.meaning) if word.isupper()]
        assert not [word for word in shouting if len(word) > 1], term.key


def test_meanings_speak_to_the_reader_kindly_about_the_register() -> None:
    register = ENGLISH.get("register")
    assert register is not None
    # Young people dislike the word "register": the meaning never uses it.
    assert "register" not in register.meaning.casefold()
    assert "you" in register.meaning.casefold().split()
    assert {"DSR", "database", "DSD", "register"} <= set(register.variants)


def test_terms_are_sorted_for_the_words_we_use_page() -> None:
    names = [term.term.casefold() for term in TERMS]
    assert names == sorted(names)
    assert list(ENGLISH) == list(TERMS)
    assert len(ENGLISH) == len(TERMS)


def test_get_gives_a_term_or_none() -> None:
    term = ENGLISH.get("keyworker")
    assert term is not None and term.term == "keyworker"
    assert ENGLISH.get("no-such-term") is None


# -- Loading -------------------------------------------------------------------------


def test_the_glossary_is_loaded_once() -> None:
    assert load_glossary() is load_glossary("en") is ENGLISH


def test_regional_language_codes_give_the_same_glossary() -> None:
    assert load_glossary("en-GB") is ENGLISH
    assert load_glossary("en_GB") is ENGLISH
    assert load_glossary("EN") is ENGLISH


@pytest.mark.parametrize("lang", ["cy", "pl", "ur", "ar"])
def test_welsh_polish_urdu_and_arabic_are_ready_and_empty(lang: str) -> None:
    glossary = load_glossary(lang)
    assert isinstance(glossary, Glossary)
    assert glossary.lang == lang
    assert glossary.terms == ()
    assert glossary.find_terms("The CETR meeting is on Tuesday.") == []
    assert glossary.get("cetr") is None
    assert load_glossary(lang) is glossary
    data = json.loads(
        resources.files("easyread.glossary").joinpath("data", f"{lang}.json").read_text("utf-8")
    )
    assert data == {"lang": lang, "terms": []}


def test_every_supported_language_has_a_data_file() -> None:
    for lang in LANGUAGES:
        assert resources.files("easyread.glossary").joinpath("data", f"{lang}.json").is_file()


@pytest.mark.parametrize("lang", ["fr", "xx", "", "english"])
def test_an_unsupported_language_is_a_clear_error(lang: str) -> None:
    with pytest.raises(ValueError, match="Supported languages: ar, cy, en, pl, ur"):
        load_glossary(lang)


# -- Checking the data on load -------------------------------------------------------


def test_the_english_data_checks_clean() -> None:
    assert len(parse_terms(english_data(), lang="en")) == len(TERMS)


def broken(change: str) -> dict[str, Any]:
    data = english_data()
    data["terms"] = copy.deepcopy(data["terms"][:3])
    first = data["terms"][0]
    if change == "long meaning":
        first["meaning"] = "word " * 21
    elif change == "unknown pictogram":
        first["pictogram"] = "no-such-picture"
    elif change == "missing meaning":
        del first["meaning"]
    elif change == "clash":
        data["terms"][1]["variants"].append(first["term"].upper())
    elif change == "duplicate key":
        data["terms"][1]["key"] = first["key"]
    elif change == "unknown field":
        first["meening"] = "typo"
    elif change == "abbreviation without expansion":
        first["is_abbreviation"] = True
        first["expansion"] = None
    elif change == "unknown related":
        first["related"] = ["no-such-term"]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("long meaning", "the meaning has 21 words; at most 20"),
        ("unknown pictogram", "unknown pictogram 'no-such-picture'"),
        ("missing meaning", "'meaning' is missing or empty"),
        ("clash", "already belongs to the term"),
        ("duplicate key", "the key is used by another term"),
        ("unknown field", "unknown fields meening"),
        ("abbreviation without expansion", "needs an 'expansion'"),
        ("unknown related", "related term 'no-such-term' is unknown"),
    ],
)
def test_broken_data_is_a_clear_error(change: str, message: str) -> None:
    with pytest.raises(GlossaryDataError, match=re.escape(message)) as error:
        parse_terms(broken(change), lang="en", where="en.json")
    assert str(error.value).startswith("en.json: term ")


def test_data_for_the_wrong_language_is_refused() -> None:
    with pytest.raises(GlossaryDataError, match="expected 'cy'"):
        parse_terms({"lang": "en", "terms": []}, lang="cy")
    with pytest.raises(GlossaryDataError, match="'terms' list"):
        parse_terms({"lang": "cy"}, lang="cy")


# -- Finding terms in a text -----------------------------------------------------------


def test_terms_are_found_left_to_right_with_their_places() -> None:
    text = "Your keyworker will invite you to the CETR. Your GP will come too."
    matches = ENGLISH.find_terms(text)
    assert [(m.term.key, m.matched_text) for m in matches] == [
        ("keyworker", "keyworker"),
        ("cetr", "CETR"),
        ("gp", "GP"),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.matched_text


def test_the_longest_term_wins() -> None:
    assert found("This is a delayed discharge.") == [("delayed discharge", "delayed-discharge")]
    assert found("After discharge you go home.") == [("discharge", "discharge")]
    assert found("Call the CAMHS crisis team.") == [("CAMHS crisis team", "camhs-crisis-team")]
    assert found("a learning disability nurse") == [("learning disability nurse", "ld-nurse")]
    assert found("the register review meeting") == [
        ("register review meeting", "register-review-meeting")
    ]
    assert found("Tier 4 CAMHS") == [("Tier 4 CAMHS", "tier-4")]


def test_matches_do_not_overlap() -> None:
    matches = ENGLISH.find_terms("CAMHS crisis team crisis CAMHS")
    assert [m.term.key for m in matches] == ["camhs-crisis-team", "crisis", "camhs"]
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start


def test_whole_words_only() -> None:
    assert found("the GPS in the car") == []  # not "GP" inside "GPS"
    assert found("Egypt and gp surgery") == []  # abbreviations must match their capitals
    assert found("wards and a ward") == [("wards", "ward"), ("ward", "ward")]
    assert found("keyworkers") == [("keyworkers", "keyworker")]
    assert found("unconsented") == []
    assert found("MDT_2") == []


def test_plurals_of_abbreviations_are_listed_so_they_match() -> None:
    assert found("MDTs and CETRs and GPs") == [
        ("MDTs", "mdt"),
        ("CETRs", "cetr"),
        ("GPs", "gp"),
    ]


def test_abbreviations_must_match_their_capitals() -> None:
    assert found("cetr, Cetr, mdt, Gp and ehcp") == []
    assert found("CETR, MDT, GP and EHCP") == [
        ("CETR", "cetr"),
        ("MDT", "mdt"),
        ("GP", "gp"),
        ("EHCP", "ehcp"),
    ]
    assert found("DoLS and SENCo") == [("DoLS", "dols"), ("SENCo", "senco")]


def test_other_words_match_in_any_case() -> None:
    assert found("KEYWORKER, Keyworker and keyworker") == [
        ("KEYWORKER", "keyworker"),
        ("Keyworker", "keyworker"),
        ("keyworker", "keyworker"),
    ]
    assert found("care, education and treatment review") == [
        ("care, education and treatment review", "cetr")
    ]
    assert found("Delayed Discharge") == [("Delayed Discharge", "delayed-discharge")]


def test_brackets_apostrophes_and_quotes_around_terms() -> None:
    assert found("Your C(E)TR is soon.") == [("C(E)TR", "cetr")]
    assert found("A review (CETR) and an [MDT].") == [
        ("review", "review"),
        ("CETR", "cetr"),
        ("MDT", "mdt"),
    ]
    assert found("the GP's letter and your keyworker’s plan") == [
        ("GP", "gp"),
        ("keyworker", "keyworker"),
    ]
    assert found("“CETR”, 'MDT' and \"EHCP\"") == [
        ("CETR", "cetr"),
        ("MDT", "mdt"),
        ("EHCP", "ehcp"),
    ]
    assert found("children's social care") == [("children's social care", "social-care")]
    assert found("children’s social care") == [("children’s social care", "social-care")]


def test_a_term_can_run_across_a_line_break() -> None:
    assert found("delayed\ndischarge") == [("delayed\ndischarge", "delayed-discharge")]
    assert found("Care,  Education and\n  Treatment Review") == [
        ("Care,  Education and\n  Treatment Review", "cetr")
    ]


def test_numbers_are_whole_too() -> None:
    assert found("Call NHS 111 or 999.") == [("NHS 111", "nhs-111"), ("999", "call-999")]
    assert found("Call 111.") == [("111", "nhs-111")]
    assert found("Childline is on 0800 1111.") == [("Childline", "childline")]


def test_no_terms_in_an_empty_or_plain_text() -> None:
    assert ENGLISH.find_terms("") == []
    assert ENGLISH.find_terms("We will meet on Tuesday at 10 in the morning.") == []


def test_an_empty_glossary_finds_nothing() -> None:
    glossary = Glossary("en")
    assert glossary.find_terms("CETR") == []
    assert glossary.lookup("CETR") is None


def test_lookup_follows_the_same_rules() -> None:
    cetr = ENGLISH.get("cetr")
    assert ENGLISH.lookup("C(E)TR") is cetr
    assert ENGLISH.lookup(" care, education and treatment review ") is cetr
    assert ENGLISH.lookup("cetr") is None
    assert ENGLISH.lookup("CETR meeting") is None
    assert ENGLISH.lookup("Samaritans") is ENGLISH.get("samaritans")


def test_a_glossary_can_be_built_from_any_terms() -> None:
    terms = [
        Term("ab", "AB", ("ABs",), "A thing.", "question", is_abbreviation=True),
        Term("ab-test", "AB test", (), "A test.", "question"),
    ]
    glossary = Glossary("en", terms)
    assert [(m.matched_text, m.term.key) for m in glossary.find_terms("An AB test, ABs, ab")] == [
        ("AB test", "ab-test"),
        ("ABs", "ab"),
    ]


def test_finding_terms_is_fast_on_a_long_text() -> None:
    sentence = (
        "Your keyworker will ask the GP and school SENCO to the MDT before the CETR, "
        "so the plan for discharge is ready and nothing is missed. "
    )
    text = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    started = time.perf_counter()
    matches = ENGLISH.find_terms(text)
    elapsed = time.perf_counter() - started
    assert len(matches) > 8_000
    # Typically well under 0.1 seconds; the bound is loose so slow machines pass.
    assert elapsed < 2.0


def test_a_long_text_without_terms_is_fast_too() -> None:
    text = ("abcdefghij klmnop qrstuv wxyz care and " * 6000)[:200_000]
    started = time.perf_counter()
    assert ENGLISH.find_terms(text) == []
    assert time.perf_counter() - started < 2.0

"""Searching "Words we use": by a term's name, the other ways of writing it,
what it stands for, or its meaning, ignoring case."""

from __future__ import annotations

import pytest

from easyread.glossary import Term, load_glossary
from portal.services.easy_read.glossary_search import (
    MAX_QUERY_LENGTH,
    normalise_query,
    search_terms,
)

TERMS = load_glossary("en").terms


def _keys(query: str | None) -> list[str]:
    return [term.key for term in search_terms(TERMS, query)]


@pytest.mark.parametrize("query", [None, "", "   ", "\t\n"])
def test_nothing_typed_gives_every_term_in_order(query: str | None) -> None:
    assert _keys(query) == [term.key for term in TERMS]


@pytest.mark.parametrize("query", ["CETR", "cetr", "  Cetr  ", "C(E)TR"])
def test_a_term_is_found_by_its_name_in_any_case(query: str) -> None:
    assert _keys(query)[0] == "cetr"


def test_a_term_is_found_by_what_it_stands_for() -> None:
    assert "cetr" in _keys("education and treatment review")


def test_a_term_is_found_by_another_way_of_writing_it() -> None:
    assert _keys("British Sign Language")[0] == "bsl"


def test_a_term_is_found_by_its_meaning() -> None:
    found = _keys("PRIVATE LIST of young people")
    assert found == ["register"]


def test_terms_whose_name_matches_come_before_terms_whose_meaning_matches() -> None:
    found = search_terms(TERMS, "keyworker")
    assert found[0].key == "keyworker"
    names_match = [term for term in found if "keyworker" in term.term.casefold()]
    assert list(found[: len(names_match)]) == names_match
    assert len(found) > len(names_match), "other terms mention keyworkers in their meaning"


def test_something_no_term_holds_finds_nothing() -> None:
    assert search_terms(TERMS, "zzqxj") == ()


def test_spaces_are_tidied_and_a_long_search_is_cut_short() -> None:
    assert normalise_query("  mental \n  health ") == "mental health"
    assert len(normalise_query("a" * 1000)) == MAX_QUERY_LENGTH
    assert "mental-health" in _keys("Mental   health")


def test_curly_and_straight_apostrophes_match() -> None:
    term = Term(
        key="example",
        term="example",
        variants=(),
        meaning="It is the young person\u2019s plan.",
        pictogram="plan",
    )
    assert search_terms([term], "person's plan") == (term,)

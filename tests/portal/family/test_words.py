"""Words we use: every term with its picture and its own anchor, and a search
(a plain GET form) by term or by meaning."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from easyread.glossary import load_glossary
from portal.extensions import db
from portal.models import Contact, Relationship
from tests.client import PortalClient, check_page
from tests.support.factories import make_contact, make_team, make_young_person
from tests.support.family_sessions import sign_in_family

TERMS = load_glossary("en").terms
TERM_ID = re.compile(r'<li class="app-words__term" id="([^"]+)"')


def _term_ids(html: str) -> list[str]:
    return TERM_ID.findall(html)


@pytest.fixture
def contact(app: Flask) -> Contact:
    with app.app_context():
        person = make_young_person(db.session, team=make_team(db.session))
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        return contact


def test_every_term_has_its_own_anchor_and_picture(client: PortalClient) -> None:
    html = client.get("/words-we-use").get_data(as_text=True)
    assert _term_ids(html) == [term.key for term in TERMS]
    for term in TERMS:
        assert f"pictograms/{term.pictogram}." in html, term.key


def test_the_page_is_the_same_signed_in(app: Flask, client: PortalClient, contact: Contact) -> None:
    sign_in_family(app, client, contact)
    html = client.get("/words-we-use").get_data(as_text=True)
    assert _term_ids(html) == [term.key for term in TERMS]


def test_the_search_is_a_labelled_get_form_that_needs_no_javascript(
    client: PortalClient,
) -> None:
    html = client.get("/words-we-use").get_data(as_text=True)
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>.*?</form>", html, re.S)
    assert form is not None
    assert 'method="get"' in form[0]
    assert 'action="/words-we-use"' in form[0]
    assert 'name="q"' in form[0]
    assert '<label class="nhsuk-label nhsuk-label--s" for="search-words">' in form[0]


@pytest.mark.parametrize("query", ["CETR", "cetr", "Care, Education"])
def test_a_search_finds_a_term_by_its_name(client: PortalClient, query: str) -> None:
    html = client.get("/words-we-use", query_string={"q": query}).get_data(as_text=True)
    ids = _term_ids(html)
    assert ids[0] == "cetr"
    assert "register" not in ids
    assert f'value="{query}"' in html


def test_a_search_finds_a_term_by_its_meaning(client: PortalClient) -> None:
    html = client.get("/words-we-use", query_string={"q": "private LIST"}).get_data(as_text=True)
    assert _term_ids(html) == ["register"]
    assert "1 word matches" in html


def test_results_keep_the_same_anchors_as_the_whole_list(client: PortalClient) -> None:
    html = client.get("/words-we-use", query_string={"q": "hospital"}).get_data(as_text=True)
    ids = _term_ids(html)
    assert len(ids) > 1
    assert set(ids) <= {term.key for term in TERMS}
    assert f"{len(ids)} words match" in html


def test_a_search_that_finds_nothing_says_so_kindly(client: PortalClient) -> None:
    html = client.get("/words-we-use", query_string={"q": "zzqxj"}).get_data(as_text=True)
    assert _term_ids(html) == []
    assert "No words match" in html
    assert 'href="/words-we-use">' in html  # show all the words again


def test_a_search_is_shown_back_safely(client: PortalClient) -> None:
    html = client.get("/words-we-use", query_string={"q": '<script>alert("x")</script>'}).get_data(
        as_text=True
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    check_page(html)


def test_an_empty_or_long_search_is_handled(client: PortalClient) -> None:
    blank = client.get("/words-we-use", query_string={"q": "   "}).get_data(as_text=True)
    assert _term_ids(blank) == [term.key for term in TERMS]
    assert "No words match" not in blank

    long = client.get("/words-we-use", query_string={"q": "x" * 5000})
    assert long.status_code == 200
    assert "No words match" in long.get_data(as_text=True)

"""A `next` value is followed only when it is a plain path on this site, under
the pages it was meant for, in the form the browser will follow."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.urls import iri_to_uri
from werkzeug.utils import redirect

from portal.family.leaving import family_page_sections
from portal.safe_redirects import MAX_LENGTH, safe_redirect_path
from tests.support.hostile_redirects import (
    FAMILY_PAGES,
    FAMILY_PAGES_FOR_STAFF,
    NOT_FAMILY_PAGES,
    OFF_SITE,
    STAFF_PAGES,
    followed_by_a_browser,
    stays_on_the_site,
)

# Where a redirect may go is decided from the URL alone, on any database, so
# these run once.
pytestmark = pytest.mark.one_database

STAFF = frozenset({"staff"})
# Some of what family_page_sections finds in the URL map (the last test).
FAMILY = frozenset({"", "home", "who-has-looked", "my-meetings", "words-we-use"})


@pytest.mark.parametrize("value", OFF_SITE)
def test_a_hostile_value_is_refused_on_both_sides(value: str) -> None:
    assert safe_redirect_path(value, sections=STAFF) is None
    assert safe_redirect_path(value, sections=FAMILY) is None


def test_nothing_is_refused() -> None:
    assert safe_redirect_path(None, sections=STAFF) is None


@pytest.mark.parametrize("value", STAFF_PAGES)
def test_a_staff_page_is_kept_unchanged(value: str) -> None:
    assert safe_redirect_path(value, sections=STAFF) == value


@pytest.mark.parametrize("value", FAMILY_PAGES)
def test_a_family_page_is_kept_unchanged(value: str) -> None:
    assert safe_redirect_path(value, sections=FAMILY) == value


@pytest.mark.parametrize("value", FAMILY_PAGES_FOR_STAFF)
def test_family_pages_are_not_staff_pages(value: str) -> None:
    assert safe_redirect_path(value, sections=STAFF) is None


@pytest.mark.parametrize("value", NOT_FAMILY_PAGES)
def test_staff_and_other_pages_are_not_family_pages(value: str, app: Flask) -> None:
    assert safe_redirect_path(value, sections=family_page_sections(app)) is None


@pytest.mark.parametrize("value", STAFF_PAGES + FAMILY_PAGES)
def test_what_is_kept_reaches_the_browser_unchanged(value: str) -> None:
    """Werkzeug's Location (after its iri_to_uri) and the browser's reading of
    it are the value itself, on this site."""
    assert iri_to_uri(value) == value
    response = redirect(value, 303)
    assert response.get_wsgi_headers({})["Location"] == value
    assert followed_by_a_browser(value) == "http://portal.test" + value
    assert stays_on_the_site(value)


def test_the_tab_that_werkzeug_would_drop_is_refused() -> None:
    """The case that went wrong: after the old check, urlsplit removed the tab
    and the browser was sent to //evil.example."""
    value = "/\t/evil.example"
    assert iri_to_uri(value) == "//evil.example"
    assert not stays_on_the_site(iri_to_uri(value))
    assert safe_redirect_path(value, sections=FAMILY) is None


def test_the_length_limit() -> None:
    just_fits = "/staff/" + "a" * (MAX_LENGTH - len("/staff/"))
    assert safe_redirect_path(just_fits, sections=STAFF) == just_fits
    assert safe_redirect_path(just_fits + "a", sections=STAFF) is None


def test_one_level_of_percent_encoding_is_fine_when_it_decodes_to_a_plain_path() -> None:
    assert safe_redirect_path("/staff/young%2Dpeople/1", sections=STAFF) is not None
    # Decoded three times over, an address is refused whatever it becomes.
    assert safe_redirect_path("/staff/%2525252D", sections=STAFF) is None


def test_the_family_pages_come_from_the_url_map(app: Flask) -> None:
    sections = family_page_sections(app)
    assert FAMILY | {"tell-us", "my-plan", "settings"} <= sections
    assert not sections & {"staff", "webhooks", "static", "healthz"}

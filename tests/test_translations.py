"""Every user-visible string is marked for translation, and the committed
translations/messages.pot matches the code.

The marking test renders every page example with a pseudo-translation: each
message comes back as "⟦English⟧". Any visible text outside the markers that is
not data (names, emails, dates and so on) was never marked for translation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from babel import Locale
from babel.dates import get_day_names, get_month_names
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Date, Engine, Enum, String, select

from easyread.dates import easy_date, easy_duration, easy_time, easy_time_range
from easyread.glossary import load_glossary
from easyread.pictograms import pictogram, pictogram_credits
from easyread.render.reader import Reader
from portal.extensions import babel, db
from portal.models import Base, Meeting, YoungPerson
from portal.models.base import UtcDateTime
from portal.services.easy_read.review import review_family_text
from tests.conftest import _empty_every_table, build_test_app
from tests.support.page_examples import (
    PAGE_EXAMPLES,
    PageExample,
    World,
    add_error_route,
    build_world,
    visit_example,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POT_PATH = PROJECT_ROOT / "translations" / "messages.pot"
MAKEFILE_PATH = PROJECT_ROOT / "Makefile"
# The options of `pybabel extract` in the Makefile's `translations` target.
EXTRACT_OPTIONS = ("--omit-header", "--sort-by-file", "--add-location=file")

# Esperanto stands in for a pseudo-locale: Babel knows it (plural rules, date
# names), and the portal will never be translated into it.
PSEUDO_LOCALE = "eo"
# easyread has no Esperanto data: it falls back to English, as for any language
# it has no translation for yet.
PSEUDO_LOCALE_FALLBACK = "en"
OPEN, CLOSE = "⟦", "⟧"
INNERMOST_MARKED_SPAN = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Elements whose contents are not text for people to read (<code> holds the
# authenticator key, which is data; a <textarea> holds what someone typed).
UNREAD_ELEMENTS = {"script", "style", "svg", "code", "textarea"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
LETTER = re.compile(r"[^\W\d_]")

# A message's id: its text, or (singular, plural) for plural forms.
MessageKey = str | tuple[str, ...]

# The database only holds the examples' data: which words are marked for
# translation is the same on any database, so this runs once.
pytestmark = pytest.mark.one_database


# Extraction


def extract_messages(output: Path) -> Catalog:
    """Run `pybabel extract` as `make translations` does, into `output`."""
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            f"--mapping-file={PROJECT_ROOT / 'babel.cfg'}",
            *EXTRACT_OPTIONS,
            f"--output-file={output}",
            str(PROJECT_ROOT),
        ]
    )
    return read_catalog(output)


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def message_keys(catalog: Catalog) -> set[MessageKey]:
    """Each message's id, the header left out."""
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
    }


@pytest.fixture(scope="module")
def extracted_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return extract_messages(tmp_path_factory.mktemp("extracted") / "messages.pot")


def test_messages_pot_is_up_to_date(extracted_catalog: Catalog) -> None:
    committed = message_keys(read_catalog(POT_PATH))
    current = message_keys(extracted_catalog)
    missing = sorted(map(str, current - committed))
    gone = sorted(map(str, committed - current))
    assert not missing and not gone, (
        "translations/messages.pot is out of date: run `make translations` and commit it.\n"
        f"Not in the .pot yet: {missing}\nIn the .pot but no longer used: {gone}"
    )


def test_makefile_extracts_with_the_same_options() -> None:
    # The staleness test is only meaningful if it extracts the way the Makefile does.
    recipe = MAKEFILE_PATH.read_text(encoding="utf-8").split("\ntranslations:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    for option in ("--mapping-file=babel.cfg", *EXTRACT_OPTIONS):
        assert option in recipe, f"the Makefile's translations target lacks {option}"


# The pseudo-locale


def pseudo_translate(text: str) -> str:
    """Wrap the English in markers; %(name)s placeholders inside stay intact."""
    return f"{OPEN}{text}{CLOSE}"


def pseudo_catalog(extracted: Catalog) -> Catalog:
    catalog = Catalog(locale=PSEUDO_LOCALE)
    for message in extracted:
        if not message.id:
            continue
        if isinstance(message.id, str):
            catalog.add(message.id, pseudo_translate(message.id), flags=message.flags)
        else:
            singular, plural = message.id
            # Every plural form the locale has: the first is the singular.
            forms = [singular] + [plural] * (catalog.num_plurals - 1)
            catalog.add(message.id, tuple(map(pseudo_translate, forms)), flags=message.flags)
    return catalog


@pytest.fixture(scope="module")
def pseudo_translations_dir(
    tmp_path_factory: pytest.TempPathFactory, extracted_catalog: Catalog
) -> Path:
    directory = tmp_path_factory.mktemp("pseudo-translations")
    messages_dir = directory / PSEUDO_LOCALE / "LC_MESSAGES"
    messages_dir.mkdir(parents=True)
    with (messages_dir / "messages.mo").open("wb") as file:
        write_mo(file, pseudo_catalog(extracted_catalog))
    return directory


def _forget_cached_translations(app: Flask) -> None:
    # Flask-Babel caches loaded catalogues on the shared extension object, by
    # locale, for the whole process: without this, another app in the same run
    # could be served the pseudo-translations, or this one stale ones.
    with app.app_context():
        babel.domain_instance.cache.clear()


@pytest.fixture(scope="module")
def pseudo_app(
    database_url: str, migrated_engine: Engine, pseudo_translations_dir: Path
) -> Iterator[Flask]:
    app = build_test_app(
        database_url,
        BABEL_TRANSLATION_DIRECTORIES=str(pseudo_translations_dir),
        BABEL_DEFAULT_LOCALE=PSEUDO_LOCALE,
        SUPPORTED_LANGUAGES=(PSEUDO_LOCALE,),
    )
    # A plain client: the checking PortalClient compares the title with the h1
    # in English words, which the markers deliberately change.
    app.test_client_class = FlaskClient
    add_error_route(app)
    _forget_cached_translations(app)
    yield app
    _forget_cached_translations(app)
    _empty_every_table(migrated_engine)


@pytest.fixture(scope="module")
def pseudo_world(pseudo_app: Flask) -> World:
    # Built once for the module, as the browser tests do: examples only read
    # it or add rows of their own (sessions, failed attempts).
    with pseudo_app.app_context():
        return build_world(db.session)


def pseudo_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = PSEUDO_LOCALE
    return client


def render_example(app: Flask, client: FlaskClient, world: World, example: PageExample) -> str:
    return visit_example(app, client, world, example).get_data(as_text=True)


# What people read on a page


def read_text(element: Any) -> Iterator[str]:
    """The text and user-visible attributes of `element` and its descendants.

    Parts of the page declared English (lang="en") are left out: the easy-read
    renderer's sentences are English in every language for now, and say so."""
    if not isinstance(element.tag, str):  # a comment
        return
    if element.get("lang") == "en" and element.tag != "html":
        return
    yield from visible_attributes(element)
    if element.tag in UNREAD_ELEMENTS:
        return
    yield element.text or ""
    for child in element:
        yield from read_text(child)
        yield child.tail or ""


def visible_attributes(element: Any) -> Iterator[str]:
    for name in READ_ATTRIBUTES:
        if element.get(name):
            yield element.get(name)
    if element.tag == "input" and element.get("type") in BUTTON_INPUT_TYPES:
        yield element.get("value") or ""


def strip_marked(text: str) -> str:
    """`text` without its ⟦…⟧ spans, innermost first (markers can nest)."""
    while True:
        stripped = INNERMOST_MARKED_SPAN.sub(" ", text)
        if stripped == text:
            return text
        text = stripped


def data_strings(app: Flask) -> set[str]:
    """Every text value stored in the database, plus the configured service
    name and team contact details.

    Enum columns are left out: their raw values (like "in_progress") must never
    be shown, so they do not count as data.
    """
    strings = {app.config["SERVICE_NAME"]} | {
        app.config[name] for name in ("TEAM_PHONE", "TEAM_EMAIL", "TEAM_HOURS") if app.config[name]
    }
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                if isinstance(column.type, String) and not isinstance(column.type, Enum)
            ]
            if columns:
                for row in db.session.execute(select(*columns)):
                    strings.update(value for value in row if value)
                    # Text kept with its line breaks is shown line by line.
                    strings.update(
                        line.strip()
                        for value in row
                        if value and "\n" in value
                        for line in value.splitlines()
                        if line.strip()
                    )
    return strings | reader_variants(app, strings) | easyread_strings() | easy_dates_and_times(app)


def reader_variants(app: Flask, strings: set[str]) -> set[str]:
    """Stored words with reader tokens (the consent items' family wording, as
    easyread.render.reader fills it), as each young person's family reads them."""
    worded = {value for value in strings if "{" in value}
    if not worded:
        return set()
    with app.app_context():
        people = db.session.execute(select(YoungPerson.preferred_name, YoungPerson.pronouns)).all()
    readers = [Reader(), *(Reader.someone_else(name, pronouns) for name, pronouns in people)]
    return {reader.say(value) for value in worded for reader in readers}


def easy_dates_and_times(app: Flask) -> set[str]:
    """Dates and times in the stored data, written the easy-read way. easyread
    writes them in English for a language it has no data for (as here), so
    they are data, not text that was never marked."""
    strings: set[str] = set()
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [
                column for column in table.columns if isinstance(column.type, UtcDateTime | Date)
            ]
            for column in columns:
                for (value,) in db.session.execute(select(column).distinct()):
                    if value is not None:
                        strings.add(_easy_date(value))
        for starts_at, ends_at in db.session.execute(select(Meeting.starts_at, Meeting.ends_at)):
            strings.add(easy_time_range(starts_at, ends_at, PSEUDO_LOCALE_FALLBACK))
            strings.add(easy_time(starts_at, PSEUDO_LOCALE_FALLBACK))
            strings.add(easy_duration(ends_at - starts_at, PSEUDO_LOCALE_FALLBACK))
    return strings


# Every example reads every stored date again, and most were there for the
# one before: each is written once.
@functools.cache
def _easy_date(value: Any) -> str:
    return easy_date(value, PSEUDO_LOCALE_FALLBACK)


@functools.cache
def easyread_strings() -> frozenset[str]:
    """Words that come translated from easyread's own data files, per language,
    not from the gettext catalogue: the glossary, pictogram alt text and credits."""
    strings: set[str] = set()
    for credit in pictogram_credits():
        strings.update({credit.hexcode, credit.author, credit.licence})
        strings.add(pictogram(credit.key, PSEUDO_LOCALE_FALLBACK).alt)
    for term in load_glossary(PSEUDO_LOCALE_FALLBACK).terms:
        strings.update(
            text for text in (term.term, term.expansion, term.meaning, term.explanation) if text
        )
    return frozenset(strings | checker_findings())


def checker_findings() -> set[str]:
    """What the easy-read checker says about the text the examples submit:
    easyread writes its findings in the checked text's language, from its own
    rules, with the words it is about quoted."""
    strings: set[str] = set()
    for example in PAGE_EXAMPLES:
        for text in (example.submit or {}).values():
            for item in review_family_text(text).findings_in_context():
                strings.update({item.finding.message, f"“{item.quoted}”"})
                strings.update({item.finding.suggestion} if item.finding.suggestion else set())
    return strings


def date_words(locale: str) -> set[str]:
    """The day and month names dates are written with in `locale`."""
    words: set[str] = set()
    for context in ("format", "stand-alone"):
        words.update(get_day_names("wide", context, locale=Locale.parse(locale)).values())
        words.update(get_month_names("wide", context, locale=Locale.parse(locale)).values())
    return words


def language_names(locale: str) -> set[str]:
    """Languages' names in `locale`, which come translated from Babel's data
    (staff pages name a preferred language), capitalised as pages show them."""
    names = Locale.parse(locale).languages.values()
    return {name[:1].upper() + name[1:] for name in names}


def data_pattern(strings: Iterable[str]) -> re.Pattern[str]:
    """Matches any of `strings` as whole words, longest first."""
    alternatives = sorted({" ".join(text.split()) for text in strings}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")


def unmarked_texts(html: str, data: Iterable[str]) -> list[str]:
    """Visible text on the page that is neither marked for translation nor
    one of the `data` strings."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    texts = [" ".join(text.split()) for text in read_text(document)]
    unmarked = [strip_marked(text) for text in texts]
    # Only the data strings the page's text holds can match: compiling a
    # pattern of every stored string would take half a second a page.
    shown = "\n".join(unmarked)
    pattern = data_pattern(text for text in data if " ".join(text.split()) in shown)
    return [
        text
        for text, remainder in zip(texts, unmarked, strict=True)
        if LETTER.search(pattern.sub(" ", remainder))
    ]


@pytest.mark.parametrize("example", PAGE_EXAMPLES, ids=lambda example: example.name)
def test_every_visible_string_is_marked_for_translation(
    pseudo_app: Flask, pseudo_world: World, example: PageExample
) -> None:
    html = render_example(pseudo_app, pseudo_client(pseudo_app), pseudo_world, example)
    data = data_strings(pseudo_app) | date_words(PSEUDO_LOCALE) | language_names(PSEUDO_LOCALE)
    problems = unmarked_texts(html, data)
    assert not problems, (
        f"{example.name}: this text is not marked for translation. Wrap it in _() in the "
        "template (or _l() in Python), or pass a translated value to the NHS.UK macro "
        f"that supplies it, then run `make translations`:\n" + "\n".join(problems)
    )


def test_the_pseudo_locale_test_finds_unmarked_text() -> None:
    # A guard on the checker itself: English outside the markers is reported,
    # marked text and data are not.
    data = {"Sam Testfield"}
    html = (
        f"<html><head><title>{OPEN}Plan{CLOSE}</title></head><body>"
        f"<p>{OPEN}Hello {OPEN}Sam{CLOSE}{CLOSE}</p><p>Sam Testfield, 4</p>"
        '<p>Not marked</p><img alt="A picture"><code>ABCD</code>'
        '<div lang="en"><p>Declared English</p></div></body></html>'
    )
    assert unmarked_texts(html, data) == ["Not marked", "A picture"]


# The html lang attribute


def html_lang(client: FlaskClient) -> str | None:
    document = html5lib.parse(client.get("/").get_data(as_text=True), namespaceHTMLElements=False)
    return document.get("lang")


def test_html_lang_follows_the_locale(pseudo_app: Flask) -> None:
    assert html_lang(pseudo_client(pseudo_app)) == PSEUDO_LOCALE


def test_html_lang_is_english_by_default(client: FlaskClient) -> None:
    assert html_lang(client) == "en"

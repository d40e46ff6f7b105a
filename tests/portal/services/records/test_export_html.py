"""record.html: readable, printable, everything escaped, nothing loaded."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import html5lib
from sqlalchemy.orm import Session

from portal.services.records.export_html import record_html
from portal.services.records.export_json import record_data
from portal.services.wording import PlainTranslator
from tests.support.export_data import LINK_SECRET, MARKUP, make_full_record

NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def _page(session: Session) -> str:
    full = make_full_record(session)
    return record_html(record_data(session, full.young_person.id), NOW, PlainTranslator())


def test_what_people_wrote_is_shown_as_text(session: Session) -> None:
    page = _page(session)
    assert MARKUP not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page
    assert LINK_SECRET not in page


def test_it_loads_nothing_from_any_host(session: Session) -> None:
    page = _page(session)
    document = html5lib.parse(page, namespaceHTMLElements=False)
    tags = {element.tag for element in document.iter()}
    assert tags.isdisjoint({"script", "img", "link", "iframe", "object", "embed", "base"})
    assert not any(
        element.get(attribute)
        for element in document.iter()
        for attribute in ("src", "href", "srcset", "style")
    )
    style = "".join(element.text or "" for element in document.iter("style"))
    assert "url(" not in style and "@import" not in style


def test_it_reads_as_a_page(session: Session) -> None:
    page = _page(session)
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert document.get("lang") == "en"
    assert len(document.findall(".//h1")) == 1
    headings = ["".join(h.itertext()) for h in document.iter("h2")]
    assert headings[:3] == [
        "About Robin",
        "People on the record",
        "Phone numbers and emails we checked",
    ]
    assert "It was made on Wednesday 1 July 2026, 10:30." in page
    assert "@media print" in page
    # Days and times in words, in London time, with the day of the week.
    assert re.search(r"Monday 2 March 2026", page)
    # Stored codes as words.
    assert "<dd>on register</dd>" in page and "<dd>quiet room</dd>" in page

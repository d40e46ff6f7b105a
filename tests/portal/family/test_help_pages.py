"""Help, "What we do with your information" and the accessibility statement:
public pages, the same for everyone, with a little more for a signed-in
family member; in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import Engine, select

from portal.extensions import db
from portal.models import Contact, Relationship, YoungPerson
from tests.client import PortalClient
from tests.conftest import _empty_every_table, build_test_app
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family

PAGES = ("/help", "/privacy", "/accessibility")


@pytest.fixture
def contact(app: Flask) -> Contact:
    with app.app_context():
        team = make_team(db.session)
        person = make_young_person(db.session, team=team)
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
        return contact


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_open_to_everyone(
    app: Flask, client: PortalClient, contact: Contact, path: str
) -> None:
    signed_out = client.get(path)
    assert signed_out.status_code == 200

    sign_in_family(app, client, contact)
    signed_in = client.get(path)
    assert signed_in.status_code == 200
    assert "Sign out" in signed_in.get_data(as_text=True)


def test_staff_can_read_them_too(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        user = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    for path in PAGES:
        html = client.get(path).get_data(as_text=True)
        assert "/who-has-looked" not in html, path


def test_help_says_how_to_get_a_new_link_and_how_long_it_lasts(client: PortalClient) -> None:
    html = client.get("/help").get_data(as_text=True)
    assert 'href="/sign-in"' in html
    text = _text(html)
    assert "A link only works for a short time." in text
    # ACCESS_LINK_REQUEST_LIFETIME in the config.
    assert "A new link works for 15 minutes." in text
    assert "Each link works 1 time only." in text


def test_help_is_honest_about_when_messages_are_read_and_gives_the_crisis_lines(
    client: PortalClient,
) -> None:
    html = client.get("/help").get_data(as_text=True)
    text = _text(html)
    assert "Monday to Friday" in text
    assert "wait until the next weekday" in text
    for number in ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"', 'href="sms:85258"'):
        assert number in html


def test_help_links_to_the_other_help_pages(client: PortalClient) -> None:
    html = client.get("/help").get_data(as_text=True)
    for path in ("/words-we-use", "/pictures-we-use", "/privacy", "/accessibility", "/settings"):
        assert f'href="{path}"' in html, path


def test_only_a_signed_in_family_member_sees_who_has_looked_and_their_plan(
    app: Flask, client: PortalClient, contact: Contact
) -> None:
    signed_out = client.get("/help").get_data(as_text=True)
    assert "Who has looked at your information" not in _text(signed_out)
    assert 'href="/my-plan"' not in signed_out

    sign_in_family(app, client, contact)
    signed_in = client.get("/help").get_data(as_text=True)
    main = signed_in.split('id="maincontent"', 1)[1].split("</main>", 1)[0]
    assert 'href="/who-has-looked"' in main
    assert 'href="/my-plan"' in main


def test_every_family_page_links_to_help_settings_privacy_and_accessibility(
    client: PortalClient,
) -> None:
    for path in ("/", "/words-we-use", "/sign-in"):
        footer = client.get(path).get_data(as_text=True).split("nhsuk-footer", 1)[1]
        for link in ("/help", "/settings", "/privacy", "/accessibility"):
            assert f'href="{link}"' in footer, (path, link)


def test_the_privacy_notice_says_what_we_keep_who_sees_it_and_for_how_long(
    client: PortalClient,
) -> None:
    text = _text(client.get("/privacy").get_data(as_text=True))
    for words in (
        "The NHS organisation that runs your keyworker service looks after your information.",
        "your plan",
        "your meetings",
        "your choices",
        "what you tell us on this website",
        "Your keyworker and their team can see it.",
        "Other people can only see it if you say yes.",
        "Sometimes the law says we must share information.",
        "until your 25th birthday",
        "If you were 17 when your care ended, we keep them until your 26th birthday.",
        "You can ask to see the information we keep about you.",
        "You can ask us to correct it if it is wrong.",
        "You can complain if you are not happy.",
        "Information Commissioner's Office",
        "We never sell your information.",
        "We do not show adverts.",
        "We use 1 more cookie only if you ask us to remember your settings.",
    ):
        assert words in text.replace("&#39;", "'"), words


def test_the_accessibility_statement_says_what_works_what_does_not_and_how_to_ask(
    client: PortalClient,
) -> None:
    html = client.get("/accessibility").get_data(as_text=True)
    text = _text(html)
    for words in (
        "Web Content Accessibility Guidelines, version 2.2",
        "level AA",
        "small phone screen",
        "4 times bigger",
        "only a keyboard",
        "screen reader",
        "JavaScript",
        "Some pages are not in every language yet.",
        "The easy read words in your plan are only in English for now.",
        "large print",
        "British Sign Language (BSL)",
        "another language",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "axe-core",
        "November 2026",
    ):
        assert words in text, words
    assert 'href="https://www.equalityadvisoryservice.com/"' in html


def test_help_runs_a_fixed_number_of_queries_whatever_the_data(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalars(
            select(Contact)
            .join(Contact.young_person)
            .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
        ).one()
        db.session.commit()
    sign_in_family(app, client, sam)
    client.get("/help")  # the first page of a session also explains "Exit this page"

    with app.app_context():
        engine = db.engine

    def queries() -> int:
        with count_queries(engine) as log:
            assert client.get("/help").status_code == 200
        return log.count

    before = queries()
    with app.app_context():
        team = make_team(db.session)
        for _ in range(20):
            person = make_young_person(db.session, team=team)
            make_contact(db.session, young_person=person)
        db.session.commit()
    assert queries() == before


@pytest.mark.parametrize("path", ["/help", "/my-plan"])
def test_the_team_contact_details_show_when_set(
    database_url: str, migrated_engine: Engine, path: str
) -> None:
    for settings, shown in (
        ({}, True),
        ({"TEAM_PHONE": None, "TEAM_EMAIL": None, "TEAM_HOURS": None}, False),
    ):
        app = build_test_app(database_url, **settings)
        with app.app_context():
            add_demo_data(db.session)
            db.session.commit()
            sam = db.session.scalars(
                select(Contact)
                .join(YoungPerson)
                .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
            ).one()
        client = app.test_client()
        sign_in_family(app, client, sam)
        html = client.get(path).get_data(as_text=True)
        assert ('href="tel:07700900999"' in html) is shown
        assert ("mailto:keyworker.team@example.org" in html) is shown
        assert (
            "Someone answers Monday to Friday, 9 in the morning to 5 in the afternoon." in html
        ) is shown
        _empty_every_table(migrated_engine)

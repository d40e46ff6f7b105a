"""My plan: Sam's plan in easy read or standard wording, only what families may
see, what changed, who helps, listen and print, and who may open the page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import session_keys
from portal.database import engine_for
from portal.extensions import db
from portal.models import (
    ActionStatus,
    Contact,
    Plan,
    PlanVersion,
    Relationship,
    WebSession,
    YoungPerson,
    utc_now,
)
from portal.sessions import hash_session_id
from portal.timezones import london_today
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import (
    PASSWORD,
    make_action,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family
from tests.support.page_examples_family.plan import LONG_PLAN_ACTIONS, add_long_plan

SECTION_HEADINGS = (
    "About me",
    "What matters to me",
    "What helps me",
    "What does not help me",
    "My goals",
    "If I am not OK",
)
CRISIS_LINKS = ('href="tel:999"', 'href="tel:111"', 'href="tel:116123"', 'href="tel:08001111"')
LATE = "This is late. Your keyworker is checking."
# Sam's hidden action (demo data): the social worker will ask for a transition assessment.
HIDDEN_WORDS = ("transition assessment",)


@dataclass(frozen=True)
class Sam:
    young_person_id: int
    himself: Contact
    parent: Contact


# Data is set up in an app context of its own, so that each request has its
# own database session, as in production (an open app context would be shared
# by the requests, and its session would answer from what it already holds).
@contextmanager
def _database(app: Flask) -> Iterator[Session]:
    with app.app_context():
        yield db.session
        db.session.commit()


@pytest.fixture
def sam(app: Flask) -> Sam:
    with _database(app) as session:
        add_demo_data(session)
        person = session.scalars(
            select(YoungPerson).where(YoungPerson.preferred_name == "Sam")
        ).one()
        himself = session.scalars(
            select(Contact).where(
                Contact.young_person_id == person.id, Contact.relation == Relationship.SELF
            )
        ).one()
        parent = session.scalars(
            select(Contact).where(
                Contact.young_person_id == person.id,
                Contact.relation == Relationship.PARENT,
                Contact.portal_access_enabled.is_(True),
            )
        ).first()
        assert parent is not None
        return Sam(person.id, himself, parent)


def _plan_page(app: Flask, client: PortalClient, contact: Contact) -> str:
    sign_in_family(app, client, contact)
    response = client.get("/my-plan")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _choose_wording(client: PortalClient, wording: str) -> None:
    response = client.post_form("/my-plan/wording", {"wording": wording}, token_page="/my-plan")
    assert response.status_code == 303
    assert response.headers["Location"] == "/my-plan"


def test_sams_plan_shows_every_section_in_easy_read(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    html = _plan_page(app, client, sam.himself)

    assert "<h1>My plan</h1>" in html
    for heading in SECTION_HEADINGS:
        assert f"<span>{heading}</span>" in html
    assert "I like trains, drawing and my dog." in html
    assert "Go to my quiet room." in html
    assert "pictograms/young-person" in html


def test_if_i_am_not_ok_has_the_plans_words_then_the_crisis_lines(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    html = _plan_page(app, client, sam.himself)

    not_ok = html.index("<span>If I am not OK</span>")
    plans_words = html.index("Go to my quiet room.")
    crisis = html.index("If you need help now")
    assert not_ok < plans_words < crisis
    for link in CRISIS_LINKS:
        assert link in html
    assert 'href="sms:85258"' in html


def test_what_will_happen_next_shows_family_actions_and_says_late_kindly(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    html = _plan_page(app, client, sam.himself)

    next_part = html[html.index("What will happen next") : html.index("What changed")]
    assert "will start planning the move to" in next_part
    assert "will arrange a visit to the college" in next_part
    assert next_part.count("Not done yet") == 2
    assert next_part.count(LATE) == 1
    for word in HIDDEN_WORDS:
        assert word not in html


def test_change_notes_newest_first(app: Flask, client: PortalClient, sam: Sam) -> None:
    html = _plan_page(app, client, sam.himself)

    changed = html[html.index("What changed") :]
    assert changed.index("Added a new goal.") < changed.index("Earlier changes")
    assert changed.index("Earlier changes") < changed.index("First plan, made with the family.")


def test_people_who_help_name_the_keyworker_and_other_roles(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    html = _plan_page(app, client, sam.himself)

    people = html[html.index("People who help me") :]
    assert "Your keyworker is Priya Keyworker-Demo." in people
    assert "The keyworker team is Demo Keyworker Team (fictional)." in people
    assert "Your GP" in people
    assert 'href="/my-meetings"' in people
    assert 'href="/help"' in people
    # The staff sign-in email is not a way for families to reach anyone.
    assert "priya.keyworker@example.org" not in html


def test_a_parent_sees_the_plan_for_their_child(app: Flask, client: PortalClient, sam: Sam) -> None:
    html = _plan_page(app, client, sam.parent)
    assert "<h1>Sam's plan</h1>" in html
    assert "This is the plan for Sam." in html
    # The page speaks to the parent about Sam, not to Sam.
    assert "This is late. Sam&#39;s keyworker is checking." in html
    assert "<span>About Sam</span>" in html
    assert "<span>What matters to Sam</span>" in html
    assert "<span>About me</span>" not in html


def test_no_plan_yet_is_said_kindly(app: Flask, client: PortalClient) -> None:
    with _database(app) as session:
        team = make_team(session)
        keyworker = make_staff_user(session, team=team, name="Kim Keyworker-Test")
        person = make_young_person(session, team=team, keyworker=keyworker)
        reader = make_contact(session, young_person=person, relation=Relationship.SELF)

    html = _plan_page(app, client, reader)

    assert "Your keyworker is writing your plan with you." in html
    assert "When it is ready, you can read it here." in html
    assert "Your keyworker is Kim Keyworker-Test." in html
    assert 'href="tel:999"' in html
    assert "What will happen next" not in html
    assert "/my-plan/wording" not in html


def test_listen_and_print_start_hidden_for_javascript_to_show(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    html = _plan_page(app, client, sam.himself)
    assert 'data-read-aloud="app-plan" hidden>Listen to this page</button>' in html
    assert "data-read-aloud-stop hidden>Stop listening</button>" in html
    assert "data-print-page hidden>Print this page</button>" in html
    assert 'id="app-plan"' in html


def _set_session_data(app: Flask, cookie: str, data: dict[str, object]) -> None:
    with app.app_context():
        record = db.session.scalars(
            select(WebSession).where(WebSession.id_hash == hash_session_id(cookie))
        ).one()
        record.data = {**record.data, **data}
        db.session.commit()


def test_no_listen_button_when_read_aloud_is_turned_off(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    cookie = sign_in_family(app, client, sam.himself)
    _set_session_data(app, cookie, {"family_settings": {"read_aloud": False}})

    html = client.get("/my-plan").get_data(as_text=True)

    assert "Listen to this page" not in html
    assert "Print this page" in html


# Easy read or standard wording


def test_standard_wording_is_remembered_for_the_session(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    sign_in_family(app, client, sam.parent)
    _choose_wording(client, "standard")

    for _visit in range(2):
        html = client.get("/my-plan").get_data(as_text=True)
        assert "This is the plan as Sam's keyworker wrote it." in html
        # The staff's words as written, not split into one idea per line.
        assert "<p>I like trains, drawing and my dog. I live with my family.</p>" in html
        assert "<h2>About me</h2>" in html
        assert "pictograms/young-person" not in html
        assert 'class="nhsuk-table nhsuk-table--responsive"' in html
        assert "Start planning the move to adult services." in html
        assert LATE in html
        for link in CRISIS_LINKS:
            assert link in html
        for word in HIDDEN_WORDS:
            assert word not in html
        assert "Show the plan in easy read" in html

    _choose_wording(client, "easy")
    html = client.get("/my-plan").get_data(as_text=True)
    assert "This is the plan as your keyworker wrote it." not in html
    assert "<span>About Sam</span>" in html


def test_a_new_session_starts_in_easy_read(app: Flask, client: PortalClient, sam: Sam) -> None:
    sign_in_family(app, client, sam.parent)
    _choose_wording(client, "standard")

    other = app.test_client()
    html = _plan_page(app, other, sam.parent)  # type: ignore[arg-type]

    assert "This is the plan as Sam's keyworker wrote it." not in html
    # A parent reads about Sam's keyworker, not "your keyworker".
    assert "Show the plan as Sam's keyworker wrote it" in html


@pytest.mark.parametrize("data", [{"wording": "fancy"}, {"wording": ""}, {}])
def test_a_wording_not_offered_is_refused_and_nothing_changes(
    app: Flask, client: PortalClient, sam: Sam, data: dict[str, str]
) -> None:
    cookie = sign_in_family(app, client, sam.himself)
    _choose_wording(client, "standard")

    response = client.post_form("/my-plan/wording", data, token_page="/my-plan")

    assert response.status_code == 400
    with app.app_context():
        record = db.session.scalars(
            select(WebSession).where(WebSession.id_hash == hash_session_id(cookie))
        ).one()
        assert record.data[session_keys.PLAN_WORDING] == "standard"


def test_the_wording_form_needs_its_csrf_token(app: Flask, client: PortalClient, sam: Sam) -> None:
    sign_in_family(app, client, sam.himself)
    response = client.post("/my-plan/wording", data={"wording": "standard"})
    assert response.status_code == 400
    html = client.get("/my-plan").get_data(as_text=True)
    assert "This is the plan as your keyworker wrote it." not in html


# Who may open the page


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client: PortalClient) -> None:
    response = client.get("/my-plan")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    response = client.post("/my-plan/wording", data={"wording": "standard"})
    assert response.status_code in (302, 400)


def test_staff_are_refused(app: Flask, client: PortalClient) -> None:
    with _database(app) as session:
        user = make_staff_user(session, team=make_team(session))
    client.sign_in(user, PASSWORD)
    assert client.get("/my-plan").status_code == 403


# Queries


def _add_versions_and_actions(session: Session, young_person_id: int) -> None:
    plan = session.scalars(select(Plan).where(Plan.young_person_id == young_person_id)).one()
    latest = session.scalars(
        select(PlanVersion)
        .where(PlanVersion.plan_id == plan.id)
        .order_by(PlanVersion.number.desc())
    ).first()
    assert latest is not None
    for number in range(latest.number + 1, latest.number + 31):
        version = PlanVersion(
            plan_id=plan.id,
            number=number,
            change_note=f"Change number {number}.",
            created_by_id=latest.created_by_id,
        )
        session.add(version)
        session.flush()
    for index in range(40):
        make_action(
            session,
            young_person_id=young_person_id,
            what=f"Do task number {index}.",
            who=("GP", "School SENCO", "CAMHS", "Keyworker")[index % 4],
            due_on=london_today() + timedelta(days=index - 10),
            visible_to_family=index % 3 != 0,
        )
    session.commit()


def test_the_page_runs_a_fixed_number_of_queries(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    sign_in_family(app, client, sam.himself)
    engine = engine_for(app.config["DATABASE_URL"])
    client.get("/my-plan")  # the first page of a session explains "Exit this page"
    with count_queries(engine) as few:
        assert client.get("/my-plan").status_code == 200

    with _database(app) as session:
        _add_versions_and_actions(session, sam.young_person_id)
    with count_queries(engine) as many:
        html = client.get("/my-plan").get_data(as_text=True)

    assert "do task number 1 by" in html
    assert "do task number 3 by" not in html  # hidden from families
    assert many.count == few.count
    # The whole request was counted, from loading the session to the plan.
    assert "FROM web_sessions" in many.statements[0]
    assert any("FROM actions" in statement for statement in many.statements)


def test_the_newest_version_shows_even_before_it_has_words(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    with app.app_context():
        plan = db.session.scalars(
            select(Plan).where(Plan.young_person_id == sam.young_person_id)
        ).one()
        db.session.add(
            PlanVersion(
                plan_id=plan.id,
                number=3,
                change_note="Added what helps at college.",
                created_by_id=db.session.scalars(
                    select(PlanVersion.created_by_id).where(PlanVersion.plan_id == plan.id)
                ).first(),
                created_at=utc_now(),
            )
        )
        db.session.commit()
    html = _plan_page(app, client, sam.himself)
    changed = html[html.index("What changed") :]
    assert changed.index("Added what helps at college.") < changed.index("Added a new goal.")
    # A version with no sections yet: the page still stands, and the actions
    # (which are not part of a version) still show.
    assert "About me" not in html
    assert "will arrange a visit to the college" in html


def test_names_are_shown_as_text_never_as_markup(app: Flask, client: PortalClient) -> None:
    with _database(app) as session:
        person = make_young_person(
            session,
            team=make_team(session),
            preferred_name="<b>Jo</b>",
            date_of_birth=london_today() - timedelta(days=12 * 365),
        )
        parent = make_contact(session, young_person=person)

    html = _plan_page(app, client, parent)

    assert "<b>Jo</b>" not in html
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html
    assert "&lt;b&gt;Jo&lt;/b&gt; does not have a keyworker right now." in html


@pytest.mark.parametrize("wording", ["easy", "standard"])
def test_a_long_plan_renders_in_both_wordings(
    app: Flask, client: PortalClient, wording: str
) -> None:
    with _database(app) as session:
        keyworker = make_staff_user(session, team=make_team(session))
        reader = session.get(Contact, add_long_plan(session, keyworker))
    assert reader is not None
    sign_in_family(app, client, reader)
    _choose_wording(client, wording)

    # The PortalClient checks the markup: one h1, valid, unique ids.
    html = client.get("/my-plan").get_data(as_text=True)

    assert html.count("travel training") == LONG_PLAN_ACTIONS
    assert LATE in html
    assert "Your keyworker can tell you about older changes." in html
    assert "Speech and language therapist from the community team" in html


def test_an_action_that_cannot_be_done_says_so_without_the_reason(
    app: Flask, client: PortalClient, sam: Sam
) -> None:
    with _database(app) as session:
        make_action(
            session,
            young_person_id=sam.young_person_id,
            what="Book a place at the play scheme.",
            status=ActionStatus.CANNOT_BE_DONE,
            reason="The scheme closed after a staff complaint.",
        )
    html = _plan_page(app, client, sam.himself)
    next_part = html[html.index("What will happen next") : html.index("What changed")]
    assert "will book a place at the play scheme" in next_part
    assert "This will not happen. Your keyworker can tell you why." in next_part
    assert "Done" in next_part  # the demo action that is done
    assert "staff complaint" not in html
    # The ones still to do come first, the one that will not happen last.
    assert next_part.index("will start planning") < next_part.index("This will not happen")
